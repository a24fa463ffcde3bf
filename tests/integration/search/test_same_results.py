"""SQLite and PostgreSQL answer every search and facet request alike."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session

from lora_manager.adapters.repository import (
    AdapterFilters,
    AdapterPage,
    AdapterRepository,
)
from tests.conftest import _clean
from tests.integration.search.conftest import ADAPTERS, adapter_row

WORDS = (
    "amber brush cinder dusk ember frost glimmer harbor ivory jade kelp lumen".split()
)
BASES = ["SD 1.5", "SDXL 1.0", "Pony", None]
REQUESTS = [
    AdapterFilters(q="amber"),
    AdapterFilters(q="amb"),
    AdapterFilters(q="ember frost"),
    AdapterFilters(q="glim", base_model=("Pony", "SD 1.5")),
    AdapterFilters(q="Jade", favorite=True),
    AdapterFilters(q="lumen", tags=("t1", "t2")),
    AdapterFilters(q="dusk", tags=("t1", "t3"), tags_mode="all"),
    AdapterFilters(q="harbor", nsfw_level=2, has_civitai=True),
    AdapterFilters(q="creator_3"),
    AdapterFilters(creator=("creator_1",), update_available=False),
    AdapterFilters(q="%"),
    AdapterFilters(q="zzz"),
]


def library() -> list[dict]:
    rng = random.Random(5)
    rows = []
    for i in range(60):
        words = rng.sample(WORDS, 3)
        rows.append(
            adapter_row(
                f"{words[0].title()} {words[1]} {i}",
                stem=f"file_{i}",
                trained_words=[f"{words[2]}{i}", words[1]],
                tags=[f"t{n}" for n in rng.sample(range(5), 2)],
                description=" ".join(rng.choices(WORDS, k=6)),
                base_model=rng.choice(BASES),
                favorite=i % 4 == 0,
                creator=f"creator_{i % 5}",
                nsfw_level=rng.choice([None, 1, 3, 8]),
                civitai_status=rng.choice([None, "found", "not_found"]),
                update_available=i % 7 == 0,
            )
        )
    return rows


@pytest.fixture
def engines(sqlite_engine: Engine, postgres_engine: Engine) -> Iterator[list[Engine]]:
    rows = library()
    for engine in (sqlite_engine, postgres_engine):
        _clean(engine)
        with engine.begin() as conn:
            conn.execute(insert(ADAPTERS), rows)
    yield [sqlite_engine, postgres_engine]
    for engine in (sqlite_engine, postgres_engine):
        _clean(engine)


def answers(engine: Engine, filters: AdapterFilters) -> tuple:
    with Session(engine) as session:
        repo = AdapterRepository(session)
        rows, total = repo.page(filters, AdapterPage(limit=500))
        facets = repo.facets(filters, 50)
    names = sorted(row["name"] for row in rows)
    return (
        total,
        names,
        {k: sorted(v) if isinstance(v, list) else v for k, v in facets.items()},
    )


def test_both_engines_find_and_count_the_same_adapters(engines):
    for filters in REQUESTS:
        on_sqlite, on_postgres = (answers(engine, filters) for engine in engines)
        assert on_sqlite == on_postgres, filters


def test_both_engines_rank_a_trigger_word_match_first(engines):
    seventh = library()[7]
    trigger = seventh["trained_words"][0]
    for engine in engines:
        with Session(engine) as session:
            rows, total = AdapterRepository(session).page(
                AdapterFilters(q=trigger), AdapterPage()
            )
        assert rows[0]["name"] == seventh["name"]
        assert total >= 1
