"""Deliveries per second through Redis + RQ with 2 workers, and through the inline runner.

Run from the repository root with PostgreSQL and Redis up:
`.venv/bin/python benchmarks/queue_throughput.py [--jobs 2000] [--fork]`.

Every job is a real delivery: a row in PostgreSQL, an RQ entry in Redis, a worker
process that claims the row, POSTs the prompt to an HTTP sink on loopback (its own
process) and records the outcome. The queue is filled first, then two `lora-manager
worker --burst` processes drain it; the rate is jobs / (last finish − first start),
from the rows' own timestamps. The quality bar is >= 200 jobs/s (DESIGN.md §6).

For scale, it also times two plain RQ `SimpleWorker`s running a job that does
nothing: RQ's own ceiling on this machine at this moment (no database, no HTTP).
`--fork` also measures RQ's default forking `Worker` running our task, to show why
`lora-manager worker` does not fork per job.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from redis import Redis
from sqlalchemy import Engine, func, make_url, select, text
from sqlmodel import Session, col

from lora_manager.core.config import Settings, normalize_database_url
from lora_manager.core.db import make_engine, session_scope
from lora_manager.core.logging import configure_logging
from lora_manager.core.migrate import upgrade
from lora_manager.deliveries.schemas import DeliveryCreate, TargetSpec
from lora_manager.deliveries.service import create_delivery
from lora_manager.jobs.queue import InlineQueue, JobQueue
from lora_manager.jobs.redis_queue import RedisQueue
from lora_manager.models import Job

TARGET_JOBS_PER_S = 200.0
ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = normalize_database_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
)
RQ_WORKER = """
import sys
import lora_manager.deliveries.tasks, lora_manager.jobs.redis_queue  # as a worker would
from redis import Redis
from rq import Queue, SimpleWorker, Worker
redis = Redis.from_url(sys.argv[1])
kind = Worker if sys.argv[3] == "fork" else SimpleWorker
kind([Queue(sys.argv[2], connection=redis)], connection=redis).work(
    burst=True, logging_level="WARNING"
)
"""


def create_database() -> str:
    name = f"lm_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(False)


def drop_database(url: str) -> None:
    admin = make_engine(PG_ADMIN_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        name = make_url(url).database
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def purge(redis_url: str, queue_name: str) -> None:
    client = Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"*{queue_name}*", count=1000):
        client.delete(key)
    client.srem("rq:queues", f"rq:queue:{queue_name}")
    client.close()


def start_sink() -> tuple[subprocess.Popen[str], str]:
    sink = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.http_sink"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None
    port = sink.stdout.readline().strip()
    return sink, f"http://127.0.0.1:{port}/deliveries"


def fill(engine: Engine, queue: JobQueue, settings: Settings, url: str, n: int) -> None:
    target = TargetSpec(kind="http", url=url)
    for start in range(0, n, 250):
        with session_scope(engine) as session:  # enqueued when each batch commits
            for index in range(start, min(n, start + 250)):
                request = DeliveryCreate(
                    prompt=f"a lighthouse at dusk, <lora:coast:0.7> #{index}",
                    params={"steps": 20, "seed": index},
                    target=target,
                )
                create_delivery(session, queue, settings, request)


def rate(engine: Engine, n: int) -> tuple[float, dict[str, int]]:
    with Session(engine) as session:
        first, last = session.execute(
            select(func.min(col(Job.started_at)), func.max(col(Job.finished_at)))
        ).one()
        counts = dict(
            session.execute(
                select(col(Job.status), func.count()).group_by(col(Job.status))
            ).all()
        )
    return n / (last - first).total_seconds(), counts


def wait_done(engine: Engine, n: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            done = session.execute(
                select(func.count()).where(col(Job.finished_at).is_not(None))
            ).scalar_one()
        if done >= n:
            return
        time.sleep(0.2)
    raise SystemExit(f"only {done} of {n} jobs finished")


def start_workers(settings: Settings, workdir: Path, mode: str) -> list[Any]:
    """Two worker processes: ours, or plain RQ workers (no-op ceiling, forking)."""
    assert settings.database_url
    assert settings.redis_url
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "REDIS_QUEUE": settings.redis_queue,
        "DATA_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
    }
    if mode == "worker":
        argv = [sys.executable, "-m", "lora_manager", "worker", "--burst"]
    else:
        argv = [sys.executable, "-c", RQ_WORKER, settings.redis_url]
        argv += [settings.redis_queue, mode]
    return [subprocess.Popen(argv, env=env, cwd=ROOT) for _ in range(2)]


def measure(engine: Engine, workers: list[Any], n: int, mode: str) -> None:
    """Wait for the workers and print the rate."""
    started = time.perf_counter()
    if mode == "no-op":
        for worker in workers:
            worker.wait(timeout=600)
        wall = time.perf_counter() - started
        print(
            f"RQ's own ceiling (2 SimpleWorkers, a job that does nothing): "
            f"{n / wall:7.1f} jobs/s, start-up included"
        )
        return
    wait_done(engine, n)
    wall = time.perf_counter() - started
    for worker in workers:
        worker.wait(timeout=60)
    jobs_per_s, counts = rate(engine, n)
    kind = {
        "worker": "lora-manager worker (RQ SimpleWorker)",
        "fork": "RQ's forking Worker, same task",
    }[mode]
    verdict = "meets" if jobs_per_s >= TARGET_JOBS_PER_S else "BELOW"
    print(
        f"{kind}, 2 processes: {jobs_per_s:7.1f} jobs/s "
        f"({verdict} the {TARGET_JOBS_PER_S:.0f}/s bar); {n} jobs, "
        f"{wall:.1f} s wall incl. start-up; outcomes {counts}"
    )


def run_rq(url: str, n: int, redis_url: str, workdir: Path, mode: str) -> None:
    database = create_database()
    engine = make_engine(database)
    upgrade(engine)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database,
        redis_url=redis_url,
        redis_queue=f"lm-bench-{uuid.uuid4().hex[:8]}",
        data_dir=workdir,
        log_level="WARNING",
    )
    queue = RedisQueue(engine, settings)
    try:
        if mode == "no-op":
            for _ in range(n):
                queue.queue.enqueue("builtins.len", "x", result_ttl=0)
        else:
            fill(engine, queue, settings, url, n)
        measure(engine, start_workers(settings, workdir, mode), n, mode)
    finally:
        queue.shutdown()
        engine.dispose()
        drop_database(database)
        purge(redis_url, settings.redis_queue)


def run_inline(url: str, n: int, workdir: Path) -> None:
    database = f"sqlite:///{workdir / 'inline.db'}"
    engine = make_engine(database)
    upgrade(engine)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database,
        data_dir=workdir,
        log_level="WARNING",
    )
    queue = InlineQueue(engine, settings)
    try:
        fill(engine, queue, settings, url, n)
        queue.drain()
        wait_done(engine, n)
        jobs_per_s, counts = rate(engine, n)
        print(
            f"in-process runner (SQLite, 2 threads): {jobs_per_s:7.1f} jobs/s; "
            f"{n} jobs; outcomes {counts}"
        )
    finally:
        queue.shutdown()
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--fork", action="store_true", help="also time RQ's Worker")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    args = parser.parse_args()
    configure_logging("WARNING", "json")
    sink, url = start_sink()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            run_rq(url, args.jobs, args.redis_url, workdir, "no-op")
            run_rq(url, args.jobs, args.redis_url, workdir, "worker")
            if args.fork:
                run_rq(url, min(args.jobs, 300), args.redis_url, workdir, "fork")
            run_inline(url, args.jobs, workdir)
    finally:
        sink.terminate()
        sink.wait()
    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
