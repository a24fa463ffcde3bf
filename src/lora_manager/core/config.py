"""One settings object, read from the environment (and `.env`), validated at start."""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_data_dir() -> Path:
    """Return the per-user data folder (XDG on Linux, the usual places elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "lora-manager"


class SettingsError(Exception):
    """A setting has a bad value; the message names it in one sentence."""


class Settings(BaseSettings):
    """Runtime configuration; environment names are a public interface."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = None
    redis_url: str | None = None
    api_key: SecretStr | None = None
    lora_roots: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    data_dir: Path = Field(default_factory=default_data_dir)
    storage_type: Literal["local", "s3"] = "local"
    s3_endpoint: str | None = None
    s3_bucket: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    metadata_sync: bool = False
    metadata_storage: Literal["local", "s3"] = "local"
    metadata_bucket: str | None = None
    metadata_prefix: str = "metadata/"
    civitai_api_key: SecretStr | None = None
    civitai_base_url: str = "https://civitai.com/api/v1"
    civitai_validate_url: str | None = None
    # Previews are taken from images at or below this rating (PG, PG13, R, X, XXX).
    civitai_nsfw_level: Literal["PG", "PG13", "R", "X", "XXX"] = "PG"
    civitai_concurrency: int = Field(default=4, ge=1, le=32)
    civitai_timeout_s: float = Field(default=20.0, gt=0, le=300)
    civitai_max_attempts: int = Field(default=4, ge=1, le=10)
    civitai_backoff_s: float = Field(default=1.0, ge=0, le=60)
    civitai_previews: bool = True
    civitai_preview_max_mb: int = Field(default=20, ge=1, le=500)
    civitai_write_sidecars: bool = False
    sdnext_url: str | None = None
    delivery_targets: Annotated[dict[str, dict[str, Any]], NoDecode] = Field(
        default_factory=dict
    )
    delivery_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # CLI targets run commands on worker machines: by default only the operator's
    # DELIVERY_TARGETS may define them, never an API request.
    delivery_allow_api_cli: bool = False
    redis_queue: str = Field(
        default="lora-manager", min_length=1, max_length=100, pattern=r"^[\w.:-]+$"
    )
    # A running job whose heartbeat is older than this is requeued or failed.
    job_stale_after_s: float = Field(default=60.0, ge=1.0, le=86_400)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    @field_validator("lora_roots", mode="before")
    @classmethod
    def _split_roots(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]
        return value

    @field_validator("delivery_allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip() for h in value.split(",") if h.strip()]
        return value

    @field_validator("delivery_targets", mode="before")
    @classmethod
    def _parse_targets(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else {}
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("civitai_nsfw_level", mode="before")
    @classmethod
    def _upper_nsfw_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("civitai_base_url", mode="after")
    @classmethod
    def _check_civitai_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand_data_dir(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite in DATA_DIR."""
        if not self.database_url:
            return f"sqlite:///{self.data_dir / 'lora-manager.db'}"
        return normalize_database_url(self.database_url)


def normalize_database_url(url: str) -> str:
    """Select psycopg 3 for plain PostgreSQL URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def describe_settings_error(error: ValidationError) -> str:
    """Turn a pydantic error into one sentence naming the setting."""
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    return f"Invalid setting {name}: {first['msg']}."


def load_settings(**overrides: Any) -> Settings:
    """Build settings, raising SettingsError with a one-sentence message."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
    except (json.JSONDecodeError, ValueError) as error:
        raise SettingsError(f"Invalid setting: {error}.") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (validated once)."""
    return load_settings()
