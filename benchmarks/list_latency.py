"""Latency of GET /api/v1/adapters (search + filters) and of the facets over 100,000 adapters.

.venv/bin/python benchmarks/list_latency.py [--rows 100000] [--engine sqlite|postgres|both]

Requests go in-process: httpx.AsyncClient over the ASGI app (no sockets, the same
routing, validation, database work and JSON encoding as a real server). The rows
are seeded with Core executemany through the migrated schema, so the search index
is built by the same triggers that serve the scanner. PostgreSQL comes from
TEST_DATABASE_URL (default the local server); the benchmark creates and drops its
own database. The quality bar is p95 <= 50 ms on SQLite (DESIGN.md §6).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert, make_url, text

import _library  # noqa: F401  (finds the package in a checkout without an install)
from lora_manager.app import create_app
from lora_manager.core.config import Settings, normalize_database_url
from lora_manager.core.db import make_engine
from lora_manager.core.logging import configure_logging
from lora_manager.core.migrate import upgrade
from lora_manager.models import Adapter

TARGET_P95_MS = 50.0
ADAPTERS = Adapter.__table__  # type: ignore[attr-defined]
# fmt: off
BASE_MODELS = [  # (base model, architecture, share)
    ("SD 1.5", "sd1", 30), ("SDXL 1.0", "sdxl", 22), ("Pony", "sdxl", 16),
    ("Illustrious", "sdxl", 12), ("Flux.1 D", "flux1", 9), ("NoobAI", "sdxl", 4),
    ("SD 3.5", "sd3", 2), ("Flux.1 S", "flux1", 2), (None, "unknown", 3),
]
NETWORKS = [("lora", 78), ("locon", 10), ("loha", 4), ("lokr", 4), ("dora", 3), ("oft", 1)]
# fmt: on
SUBJECTS = (
    "watercolor ink sketch pixel anime manga cyberpunk steampunk fantasy portrait "
    "landscape cityscape neon noir vintage retro film photo realistic cinematic "
    "lighting dress armor kimono school uniform hair eyes smile forest ocean castle "
    "dragon robot mecha knight witch elf cat fox wolf flower sakura autumn winter "
    "snow rain night sunset gothic lolita chibi comic lineart oil painting pastel "
    "glitch vaporwave synthwave ukiyo tarot stained glass origami clay plush"
).split()
STYLES = "style concept character pose clothing background detail slider helper".split()
TAGS = (
    "style character concept clothing anime photorealistic woman man celebrity "
    "landscape architecture vehicle animal fantasy scifi horror cute sexy tool "
    "background objects buildings poses lighting color meme game cartoon comics "
    "art painting illustration base model sdxl pony flux realistic 3d render "
    "portrait fashion food nature space armor weapon monster robot girl boy"
).split()
FILLER = (
    "the a an and or of to in for with on at by from this that these it its is are "
    "was be been use used using works work best better good great recommended "
    "weight weights strength prompt prompts trigger word words model models lora "
    "trained training dataset images image steps epochs version versions update "
    "fixed improved new old more less some most very quite also only just not no "
    "please try thanks thank support feedback comment share post show example "
    "examples settings sampler cfg scale resolution upscale hires fix detail "
    "details quality high low medium face faces hands body pose background color "
    "colors light dark soft hard sharp blur clean simple complex natural"
).split()


def _weighted(pairs: list[tuple[Any, ...]], rng: random.Random) -> tuple[Any, ...]:
    return rng.choices(pairs, weights=[p[-1] for p in pairs])[0]


def _zipf(values: list[str], rng: random.Random) -> str:
    return values[min(int(rng.paretovariate(1.1)) - 1, len(values) - 1)]


def _civitai_record(i: int, rng: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    """What enrichment stores: the version (with images and prompts) and the model."""
    image = {"nsfwLevel": 1, "width": 832, "height": 1216}
    images = [
        {
            **image,
            "url": f"https://image.example/{i}/{n}.jpeg",
            "meta": {
                "prompt": ", ".join(
                    [row["trained_words"][0], *rng.choices(SUBJECTS, k=25)]
                ),
                "steps": 28,
                "sampler": "Euler a",
                "cfgScale": 7,
                "seed": rng.randint(0, 2**32),
            },
        }
        for n in range(3)
    ]
    return {
        "source": "civitai",
        "version": {
            "id": 500_000 + i,
            "name": "v1.0",
            "baseModel": row["base_model"],
            "trainedWords": row["trained_words"],
            "images": images,
            "model": {"name": row["name"], "type": "LORA"},
        },
        "model": {
            "id": 300_000 + i,
            "name": row["name"],
            "tags": row["tags"],
            "creator": {"username": row["creator"]},
        },
    }


def _civitai_columns(
    i: int, rng: random.Random, found: bool, creators: list[str]
) -> dict[str, Any]:
    """The first-class columns enrichment fills (empty when Civitai does not know)."""
    return {
        "creator": _zipf(creators, rng) if found else None,
        "civitai_model_id": 300_000 + i if found else None,
        "civitai_version_id": 500_000 + i if found else None,
        "civitai_status": "found" if found else "not_found",
        "downloads": rng.randint(0, 200_000) if found else None,
        "thumbs_up": rng.randint(0, 20_000) if found else None,
        "nsfw_level": rng.choice([1, 1, 1, 3, 7, 15, 31]) if found else None,
        "update_available": found and rng.random() < 0.08,
    }


def fake_row(i: int, rng: random.Random, creators: list[str]) -> dict[str, Any]:
    """One adapter as a real library holds it (two in three enriched from Civitai)."""
    subject = rng.sample(SUBJECTS, rng.randint(1, 3))
    style = rng.choice(STYLES)
    name = " ".join(w.capitalize() for w in subject) + f" {style}"
    name += f" v{rng.randint(1, 9)}" if rng.random() < 0.4 else ""
    trigger = f"{subject[0][:3]}{rng.choice('xzqk')}{i:05d}"
    base, arch, _ = _weighted(BASE_MODELS, rng)
    stem = "_".join(subject) + f"_{i:06d}"
    created = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(minutes=i * 7)
    found = rng.random() < 0.66
    description = (
        f"<p>A {' '.join(subject)} {style} for {base or 'any model'}. Use {trigger} "
        f"with weight 0.{rng.randint(5, 9)}. {' '.join(rng.choices(FILLER, k=rng.randint(20, 80)))} "
        f"{rng.choice(SUBJECTS)}.</p>"
    )
    # fmt: off
    row: dict[str, Any] = {
        "name": name, "file_path": f"/library/{base or 'other'}/{stem}.safetensors",
        "file_name": f"{stem}.safetensors", "root_path": "/library",
        "file_format": "safetensors", "size_bytes": rng.randint(9, 900) * 1_000_000,
        "sha256": f"{i:064x}", "autov3": f"{i:012x}", "architecture": arch,
        "base_model": base, "network_type": _weighted(NETWORKS, rng)[0],
        "rank": rng.choice([4, 8, 16, 32, 64]), "alpha": 8.0, "alias": stem,
        "trained_words": [trigger, *rng.sample(SUBJECTS, rng.randint(0, 3))],
        "tags": list(dict.fromkeys(_zipf(TAGS, rng) for _ in range(rng.randint(0, 7)))),
        "description": description if found or rng.random() < 0.3 else None,
        "notes": None, "preferred_weight": None, "active": i % 997 == 0,
        "ordinal": i // 997 if i % 997 == 0 else None, "weight": 1.0,
        "favorite": rng.random() < 0.05, "edited_fields": [],
        "status": "ok" if rng.random() < 0.97 else "missing",
        # What kohya writes into the file header (lists never show it).
        "file_metadata": {"ss_output_name": stem, "ss_tag_frequency": {
            f"10_{subject[0]}": {w: rng.randint(1, 40) for w in rng.sample(FILLER, 40)}}},
        **_civitai_columns(i, rng, found, creators),
        "created_at": created, "updated_at": created,
        "last_used_at": created + timedelta(days=3) if rng.random() < 0.2 else None,
    }
    # fmt: on
    row["civitai"] = _civitai_record(i, rng, row) if found else None
    return row


def seed(engine: Engine, rows: int, batch: int = 5_000) -> float:
    """Insert `rows` adapters with Core executemany; return the seconds it took."""
    rng = random.Random(42)
    creators = [f"creator_{n:04d}" for n in range(3_000)]
    started = time.perf_counter()
    with engine.begin() as conn:
        for start in range(0, rows, batch):
            chunk = [
                fake_row(i, rng, creators)
                for i in range(start, min(start + batch, rows))
            ]
            conn.execute(insert(ADAPTERS), chunk)
    # A settled database: statistics, and PostgreSQL's visibility map (index-only
    # scans), as autovacuum leaves them soon after a big import.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(
            text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
        )
    return time.perf_counter() - started


# Each scenario: a search text and two filters, as the gallery sends them.
# fmt: off
SCENARIOS: dict[str, list[dict[str, Any]]] = {
    "word": [
        {"q": q, "base_model": b, "favorite": "false"}
        for q, b in [("watercolor", "SD 1.5"), ("dragon", "Pony"), ("knight", "SDXL 1.0"),
                     ("sakura", "Illustrious"), ("cyberpunk", "Flux.1 D")]
    ],
    "prefix": [
        {"q": q, "base_model": b, "network_type": "lora"}
        for q, b in [("wat", "SD 1.5"), ("cyb", "Pony"), ("dra", "SDXL 1.0"),
                     ("ukiy", "Illustrious"), ("stea", "SD 1.5")]
    ],
    "two words": [
        {"q": q, "base_model": b, "tags": t}
        for q, b, t in [("anime girl", "Pony", "character"), ("dragon kni", "SDXL 1.0", "style"),
                        ("neon city", "SD 1.5", "style"), ("oil paint", "Illustrious", "concept")]
    ],
    "very common word": [
        {"q": q, "base_model": "SDXL 1.0", "network_type": "lora"} for q in ("lora", "model", "style")
    ],
}
# fmt: on
HEADLINE = ("trigger word", "word", "prefix", "two words")
FACET_REQUESTS = {
    "facets, no filter": {},
    "facets, base model + favorite": {"base_model": "Pony", "favorite": "true"},
    "facets, search + base model": {"q": "dragon", "base_model": "SDXL 1.0"},
}


def percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of timings."""
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18]


async def _timed(
    client: httpx.AsyncClient, path: str, params: dict[str, Any]
) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = await client.get(path, params=params)
    elapsed = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    response.raise_for_status()
    return elapsed


async def _measure(
    client: httpx.AsyncClient,
    path: str,
    requests: list[dict[str, Any]],
    rounds: int,
    warmup: int,
) -> tuple[list[float], list[float]]:
    for n in range(warmup):
        await _timed(client, path, requests[n % len(requests)])
    wall, cpu = [], []
    for n in range(rounds):
        w, c = await _timed(client, path, requests[n % len(requests)])
        wall.append(w)
        cpu.append(c)
    return wall, cpu


def _line(label: str, wall: list[float], cpu: list[float], target: float | None) -> str:
    (p50, p95), (c50, c95) = percentiles(wall), percentiles(cpu)
    verdict = "" if target is None else ("ok" if p95 <= target else "SLOW")
    return (
        f"  {label:<32} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms {verdict:<4} "
        f"(CPU p50 {c50:5.1f}  p95 {c95:5.1f})"
    )


def trigger_requests(
    engine: Engine, rows: int, count: int = 20
) -> list[dict[str, Any]]:
    """Real trigger words of random adapters, with their base model and network type."""
    stmt = text(
        "SELECT trained_words, base_model, network_type FROM adapters WHERE id = :id"
    )
    rng = random.Random(7)
    requests = []
    with engine.connect() as conn:
        for _ in range(count):
            words, base, network = conn.execute(
                stmt, {"id": rng.randint(1, rows)}
            ).one()
            words = json.loads(words) if isinstance(words, str) else words
            requests.append(
                {"q": words[0], "base_model": base, "network_type": network}
            )
    return requests


async def run_requests(
    engine: Engine, rows: int, rounds: int, warmup: int, target: float | None
) -> None:
    """Print list and facet latencies for the app over `engine`."""
    with tempfile.TemporaryDirectory(prefix="lm-list-") as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), log_level="WARNING")  # type: ignore[call-arg]
        app = create_app(settings, engine)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench"
        ) as client:
            first = (
                await client.get("/api/v1/adapters", params=SCENARIOS["word"][0])
            ).json()
            print(
                f"  (e.g. q={SCENARIOS['word'][0]['q']!r}: {first['total']} hits, "
                f"first {first['items'][0]['name']!r})"
            )
            scenarios = {"trigger word": trigger_requests(engine, rows), **SCENARIOS}
            mix_wall: list[float] = []
            mix_cpu: list[float] = []
            for name, requests in scenarios.items():
                wall, cpu = await _measure(
                    client, "/api/v1/adapters", requests, rounds, warmup
                )
                if name in HEADLINE:
                    mix_wall += wall
                    mix_cpu += cpu
                print(_line(name, wall, cpu, target if name in HEADLINE else None))
            print(_line("search mix (headline)", mix_wall, mix_cpu, target))
            wall, cpu = await _measure(client, "/api/v1/adapters", [{}], rounds, warmup)
            print(_line("no search, by name", wall, cpu, None))
            for label, params in FACET_REQUESTS.items():
                wall, cpu = await _measure(
                    client, "/api/v1/adapters/facets", [params], max(rounds // 4, 20), 3
                )
                print(_line(label, wall, cpu, None))


@contextmanager
def postgres_database() -> Iterator[Engine]:
    """A fresh PostgreSQL database, dropped afterwards."""
    admin_url = normalize_database_url(
        os.environ.get(
            "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
    )
    name = f"lm_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(admin_url).set(database=name).render_as_string(False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench(
    label: str, engine: Engine, args: argparse.Namespace, target: float | None
) -> None:
    """Migrate, seed when empty, and measure."""
    upgrade(engine)
    with engine.connect() as conn:
        present = conn.execute(text("SELECT count(*) FROM adapters")).scalar_one()
    if present != args.rows:
        if present:
            raise SystemExit(
                f"{label}: the database holds {present} adapters, not {args.rows}"
            )
        seconds = seed(engine, args.rows)
        print(
            f"{label}: seeded {args.rows} adapters in {seconds:.1f} s (Core executemany, search index by triggers)"
        )
    print(
        f"{label}: {args.rounds} requests per scenario, in-process ASGI (httpx.ASGITransport)"
    )
    asyncio.run(run_requests(engine, args.rows, args.rounds, args.warmup, target))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--rounds", type=int, default=200, help="timed requests per scenario"
    )
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--engine", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument(
        "--sqlite-file",
        type=Path,
        default=None,
        help="keep the SQLite database here (reused when it exists)",
    )
    args = parser.parse_args(argv)
    configure_logging("WARNING", "console")  # a log line per request would be timed too
    print(
        "GET /api/v1/adapters: search text + two filters, sort by relevance, limit 50"
    )
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="lm-bench-") as tmp:
            path = args.sqlite_file or Path(tmp) / "bench.db"
            engine = make_engine(f"sqlite:///{path}")
            bench("SQLite", engine, args, TARGET_P95_MS)
            engine.dispose()
    if args.engine in ("postgres", "both"):
        with postgres_database() as engine:
            bench("PostgreSQL", engine, args, None)
    print(f"target (SQLite): p95 <= {TARGET_P95_MS:g} ms for the search mix")
    one, five, fifteen = os.getloadavg()
    print(
        f"load average (1, 5, 15 min): {one:.2f} {five:.2f} {fifteen:.2f} "
        f"on {os.cpu_count()} CPUs (other work on the machine inflates wall times)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
