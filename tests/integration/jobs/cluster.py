"""Real processes running jobs: `lora-manager serve`, plus `worker`s when on RQ.

The in-process runner is the `serve` process itself (SQLite, the embedded shape);
the RQ runner is `serve` with REDIS_URL plus worker processes (PostgreSQL).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from redis import Redis
from rq import Queue
from sqlalchemy import Engine, func, make_url, select, text
from sqlmodel import Session, col

from lora_manager.app import create_app
from lora_manager.core.config import Settings
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade
from lora_manager.models import Job
from tests.conftest import PG_ADMIN_URL

# Variables of the developer's shell that must not leak into the processes.
SCRUBBED = (
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_QUEUE",
    "API_KEY",
    "LORA_ROOTS",
    "DELIVERY_TARGETS",
    "DELIVERY_ALLOWED_HOSTS",
    "DELIVERY_ALLOW_API_CLI",
    "SDNEXT_URL",
    "JOB_STALE_AFTER_S",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_postgres_database() -> str:
    name = f"lm_jobs_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = make_engine(PG_ADMIN_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def wait_for(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Cluster:
    """The processes of one test module, and the database they share."""

    runner: str
    workdir: Path
    database_url: str
    redis_url: str | None = None
    queue_name: str | None = None
    stale_after_s: float = 10.0
    api: subprocess.Popen[bytes] | None = None
    api_port: int = 0
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    engine: Engine = field(init=False)
    # A key only this cluster's API accepts: proves we talk to our own server
    # (a free port may be taken by another test's server before ours binds it).
    api_key: str = field(default_factory=lambda: uuid.uuid4().hex)
    _starts: int = 0
    _app_client: TestClient | None = None
    _groups: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.database_url)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        env.update(
            DATA_DIR=str(self.workdir / "data"),
            DATABASE_URL=self.database_url,
            JOB_STALE_AFTER_S=str(self.stale_after_s),
            API_KEY=self.api_key,
            LOG_FORMAT="json",
            LOG_LEVEL="WARNING",
        )
        if self.redis_url and self.queue_name:
            env.update(REDIS_URL=self.redis_url, REDIS_QUEUE=self.queue_name)
        return env

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        self._starts += 1
        log = open(self.workdir / f"{args[0]}-{self._starts}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "lora_manager", *args],
            env=self.env,
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: children go with it at stop()
        )
        self._groups.append(process.pid)
        return process

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def client(self) -> AbstractContextManager[httpx.Client]:
        """An HTTP client of this cluster's API."""
        if self._app_client is not None:
            return nullcontext(self._app_client)
        return httpx.Client(
            base_url=self.base_url, headers={"X-API-Key": self.api_key}, timeout=30
        )

    def start(self, workers: int) -> None:
        """Migrate, then start the runner processes.

        On RQ the API runs in this process (jobs never run here: they go through
        Redis to the worker processes); the in-process runner is `serve` itself.
        """
        upgrade(self.engine)
        if self.runner == "rq":
            self.spawn_workers(workers)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=self.database_url,
                redis_url=self.redis_url,
                redis_queue=self.queue_name,
                job_stale_after_s=self.stale_after_s,
                data_dir=self.workdir / "data",
                api_key=self.api_key,
                log_format="json",
            )
            app = create_app(settings, self.engine)
            self._app_client = TestClient(app, headers={"X-API-Key": self.api_key})
            self._app_client.__enter__()
            return
        self.spawn_api()
        self.wait_for_api()

    def spawn_api(self) -> None:
        self.api_port = free_port()
        self.api = self._spawn("serve", "--port", str(self.api_port))

    def wait_for_api(self) -> None:
        """Wait until our `serve` answers (and is ours: it knows our key)."""

        def ours() -> bool:
            assert self.api is not None
            if self.api.poll() is not None:
                raise AssertionError(f"serve exited:\n{self.logs()}")
            try:
                url = f"{self.base_url}/api/v1/deliveries?limit=1"
                anonymous = httpx.get(url, timeout=2)
                with self.client() as client:
                    known = client.get(url)
            except httpx.TransportError:
                return False
            return anonymous.status_code == 401 and known.status_code == 200

        wait_for(ours, 90, "the API to start")

    def restart_api(self) -> None:
        self.spawn_api()
        self.wait_for_api()

    def spawn_workers(self, count: int) -> None:
        """Start RQ workers (they wait for jobs; no need to wait for them)."""
        for index in range(count):
            name = f"{self.queue_name}-w{self._starts}-{index}"
            self.workers.append(self._spawn("worker", "--name", name))

    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in [self.api, *self.workers] if p is not None]

    def kill_runner_of(self, job_id: str) -> int:
        """kill -9 the process running the job; return its pid."""
        with Session(self.engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            assert job.worker, "the job is not running"
            pid = int(job.worker.split(":")[1])
        process = next(p for p in self.processes() if p.pid == pid)
        os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)
        if process is self.api:
            self.api = None
        else:
            self.workers.remove(process)
        return pid

    def job(self, job_id: str) -> Job:
        with Session(self.engine, expire_on_commit=False) as session:
            job = session.get(Job, job_id)
            assert job is not None, f"no job {job_id}"
            return job

    def status_counts(self, ids: list[str] | None = None) -> Counter[str]:
        stmt = select(col(Job.status), func.count()).group_by(col(Job.status))
        if ids is not None:
            stmt = stmt.where(col(Job.id).in_(ids))
        with Session(self.engine) as session:
            return Counter({s: int(n) for s, n in session.execute(stmt)})

    def wait_finished(self, job_id: str, timeout: float = 30) -> Job:
        def finished() -> Job | None:
            job = self.job(job_id)
            return job if job.finished_at is not None else None

        try:
            return wait_for(finished, timeout, f"job {job_id} to finish")
        except AssertionError as error:
            raise AssertionError(
                f"{error}: {self.job(job_id)}\n{self.logs()}"
            ) from None

    def logs(self) -> str:
        return "\n".join(
            f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.workdir.glob("*.log"))
        )

    def stop(self) -> None:
        if self._app_client is not None:
            self._app_client.__exit__(None, None, None)
        for process in self.processes():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # What a killed runner left behind (RQ's scheduler is a child process).
        for group in self._groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.engine.dispose()


def purge_queue(redis: Redis, name: str) -> None:
    """Delete a test queue, its registries, jobs, workers and scheduler keys."""
    queue = Queue(name, connection=redis)
    registries = [
        queue.started_job_registry,
        queue.scheduled_job_registry,
        queue.failed_job_registry,
        queue.finished_job_registry,
        queue.deferred_job_registry,
        queue.canceled_job_registry,
    ]
    ids = set(queue.get_job_ids())
    for registry in registries:
        ids.update(registry.get_job_ids(cleanup=False))
    for job_id in ids:
        for key in redis.scan_iter(match=f"rq:*{job_id}*", count=1000):
            redis.delete(key)
    for key in redis.scan_iter(match=f"*{name}*", count=1000):
        redis.delete(key)
    for member in redis.smembers("rq:workers"):
        if name.encode() in member:
            redis.srem("rq:workers", member)
    redis.srem("rq:queues", queue.key)
