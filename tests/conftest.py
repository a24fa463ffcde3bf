"""Shared fixtures: real SQLite and PostgreSQL databases, the app, a library root."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from lora_manager.app import create_app
from lora_manager.core.config import Settings, normalize_database_url
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_ADMIN_URL = normalize_database_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
)


def service_missing(what: str, error: Exception) -> None:
    """Fail in CI, skip on a laptop, when a real service is not running."""
    message = f"{what} is not reachable ({error.__class__.__name__}: {error})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Create a fresh PostgreSQL database for this test run and drop it afterwards."""
    name = f"lm_test_{_worker()}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        service_missing("PostgreSQL", error)
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(False)
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file for this test run."""
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _migrated(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated SQLite database."""
    engine = _migrated(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated PostgreSQL database."""
    engine = _migrated(postgres_url)
    yield engine
    engine.dispose()


def _clean(engine: Engine) -> None:
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Each test using this runs on SQLite and on PostgreSQL, with empty tables."""
    db: Engine = request.getfixturevalue(f"{request.param}_engine")
    _clean(db)
    yield db
    _clean(db)


@pytest.fixture
def library_root(tmp_path: Path) -> Path:
    """An empty library root folder."""
    root = tmp_path / "loras"
    root.mkdir()
    return root


@pytest.fixture
def settings(tmp_path: Path, library_root: Path) -> Settings:
    """Settings for an app with one library root and no API key."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "data",
        lora_roots=[library_root],
        log_format="json",
    )


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client of the app over the parametrised database."""
    with TestClient(create_app(settings, engine)) as test_client:
        yield test_client
