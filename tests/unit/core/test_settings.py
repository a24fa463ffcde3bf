from __future__ import annotations

import os
from pathlib import Path

import pytest

from lora_manager.core.config import SettingsError, load_settings


def test_lora_roots_are_split_on_the_path_separator(monkeypatch):
    monkeypatch.setenv("LORA_ROOTS", os.pathsep.join(["/a/loras", "~/more", ""]))
    settings = load_settings(_env_file=None)
    assert settings.lora_roots == [Path("/a/loras"), Path("~/more").expanduser()]


def test_database_defaults_to_sqlite_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = load_settings(_env_file=None)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'lora-manager.db'}"


def test_plain_postgres_urls_use_psycopg3(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert load_settings(_env_file=None).resolved_database_url.startswith(
        "postgresql+psycopg://"
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STORAGE_TYPE", "floppy"),
        ("LOG_LEVEL", "LOUD"),
        ("DELIVERY_TARGETS", "{not json"),
        ("METADATA_SYNC", "maybe"),
    ],
)
def test_a_bad_value_is_one_sentence_naming_the_setting(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None)
    message = str(error.value)
    assert name in message
    assert "\n" not in message


def test_secrets_are_not_printed(monkeypatch):
    monkeypatch.setenv("API_KEY", "top-secret")
    settings = load_settings(_env_file=None)
    assert "top-secret" not in repr(settings)
