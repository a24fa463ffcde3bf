"""Search text is data, never syntax: hostile input gets answers, not 500s."""

from __future__ import annotations

from tests.integration.search.conftest import API, adapter_row

HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "*",
    "wat*",
    "*wat",
    ":",
    "name:dragon",
    "{name}: dragon",
    "(",
    "(dragon",
    ")(",
    "-",
    "-dragon",
    "dragon -",
    "NEAR",
    "NEAR(dragon knight, 2)",
    "dragon NEAR knight",
    "dragon AND",
    "OR dragon",
    "NOT",
    "dragon NOT knight",
    "^dragon",
    "'",
    "dragon's",
    "\\",
    "&|!",
    "dragon & !knight",
    "dragon:*",
    "<->",
    "%",
    "_",
    "[",
    "x" * 200,
    "日本語",
    "🐉 dragon 🐉",
    "עברית",
    "Ａ ｂ ｃ",
    "e\u0301",
    "\u200b",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
]


def test_hostile_search_text_never_fails(client, insert_adapters):
    insert_adapters(
        adapter_row("Dragon Knight", trained_words=["dragon's knight"]),
        adapter_row("日本語 Style", description="NEAR the (dragon)"),
    )

    for q in HOSTILE:
        listed = client.get(API, params={"q": q})
        facets = client.get(f"{API}/facets", params={"q": q})

        assert listed.status_code == 200, (q, listed.text)
        assert facets.status_code == 200, (q, facets.text)
        body = listed.json()
        assert body["total"] == len(body["items"]) == facets.json()["total"], q


def test_syntax_characters_are_read_as_separators(client, insert_adapters):
    insert_adapters(
        adapter_row("Dragon Knight", trained_words=["dragon's knight"]),
        adapter_row("日本語 Style"),
        adapter_row("50%_off"),
    )

    def found(q):
        return sorted(
            i["name"] for i in client.get(API, params={"q": q}).json()["items"]
        )

    assert found('"dragon" (knight*)') == ["Dragon Knight"]
    assert found("dragon NEAR knight") == []  # NEAR is a word to find, not syntax
    assert found("name:dragon") == []  # "name" is a word to find, not a column
    assert found("{dragon}:") == ["Dragon Knight"]
    assert found("-dragon") == ["Dragon Knight"]
    assert found("日本語") == ["日本語 Style"]
    assert found("%") == ["50%_off"]  # no words at all: a plain substring match
