"""CIVITAI_* settings: sensible defaults, one sentence for a bad value."""

from __future__ import annotations

import pytest

from lora_manager.core.config import SettingsError, load_settings


def test_defaults_are_safe_for_a_public_api():
    settings = load_settings(_env_file=None)
    assert settings.civitai_nsfw_level == "PG"
    assert settings.civitai_write_sidecars is False
    assert settings.civitai_timeout_s > 0
    assert settings.civitai_base_url == "https://civitai.com/api/v1"


def test_the_nsfw_level_is_read_in_any_case(monkeypatch):
    monkeypatch.setenv("CIVITAI_NSFW_LEVEL", " r ")
    assert load_settings(_env_file=None).civitai_nsfw_level == "R"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CIVITAI_NSFW_LEVEL", "spicy"),
        ("CIVITAI_BASE_URL", "ftp://civitai.com/api/v1"),
        ("CIVITAI_CONCURRENCY", "0"),
        ("CIVITAI_TIMEOUT_S", "-1"),
        ("CIVITAI_WRITE_SIDECARS", "perhaps"),
    ],
)
def test_a_bad_civitai_setting_is_one_sentence_naming_it(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None)
    message = str(raised.value)
    assert name in message
    assert message.endswith(".")
    assert "\n" not in message
