"""Search text becomes quoted words: never FTS5 or tsquery syntax."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lora_manager.adapters.search import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    fts5_query,
    search_terms,
    tsquery,
)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("watercolor", ["watercolor"]),
        ("  Water   color ", ["Water", "color"]),
        ("style.safetensors", ["style", "safetensors"]),
        ("wtrclr_v2-final", ["wtrclr", "v2", "final"]),
        ('"NEAR(a b)" OR c*', ["NEAR", "a", "b", "OR", "c"]),
        ("name:dragon {col}: ^x", ["name", "dragon", "col", "x"]),
        ("Pokémon 日本語 🐉", ["Pokémon", "日本語"]),
        ("dragon DRAGON Dragon", ["dragon"]),
        ("%_*:'\"()-", []),
        ("", []),
    ],
)
def test_words_are_split_where_both_tokenizers_split(text, terms):
    assert search_terms(text) == terms


def test_long_words_and_many_words_are_capped():
    assert search_terms("x" * 500) == ["x" * MAX_TERM_LENGTH]
    assert len(search_terms(" ".join(f"w{i}" for i in range(100)))) == MAX_TERMS


def test_the_last_word_also_matches_as_a_prefix():
    assert fts5_query(["neon", "cit"]) == '"neon" AND ("cit" OR "cit"*)'
    assert tsquery(["neon", "cit"]) == "'neon' & 'cit':*"
    assert tsquery(["neon", "cit"], prefix=False) == "'neon' & 'cit'"


@given(st.text(max_size=300))
def test_any_text_gives_only_quoted_letters_and_digits(text):
    terms = search_terms(text)
    assert all(term.isalnum() for term in terms)
    if terms:
        words = re.sub(r'"[^"\W_]+"\*?|\b(AND|OR)\b|[()\s]', "", fts5_query(terms))
        assert words == ""
        assert re.sub(r"'[^'\W_]+'(:\*)?|[&\s]", "", tsquery(terms)) == ""
