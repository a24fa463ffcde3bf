"""The Civitai client against a fake Civitai on a real socket."""

from __future__ import annotations

import socket
import time

import pytest

from lora_manager.civitai.client import BULK_LIMIT, NotFound
from lora_manager.civitai.errors import (
    CivitaiBadResponseError,
    CivitaiError,
    CivitaiTimeoutError,
    CivitaiUnreachableError,
)
from tests.fakes.civitai import png_bytes
from tests.unit.civitai.conftest import SHA, TOKEN

BY_HASH = "/api/v1/model-versions/by-hash"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_version_by_hash_returns_the_documented_version_object(fake, make_client):
    fake.add_lora(sha256=SHA, model_id=7, version_id=70, trained_words=["trig"])

    version = make_client().version_by_hash(SHA.lower())

    assert (version["id"], version["modelId"]) == (70, 7)
    assert version["trainedWords"] == ["trig"]
    assert version["files"][0]["hashes"]["SHA256"] == SHA.upper()


def test_unknown_hash_is_a_not_found_result_asked_once(fake, make_client):
    result = make_client().version_by_hash(SHA)

    assert result == NotFound("Model not found")
    assert fake.hash_lookups(SHA) == 1


def test_bearer_token_goes_to_the_api_and_never_to_other_hosts(fake, make_client):
    fake.add_lora(sha256=SHA, model_id=7, version_id=70)
    client = make_client()

    client.version_by_hash(SHA)
    other = fake.serve_file("/elsewhere.png", png_bytes(), "image/png")
    client.download(other.replace("127.0.0.1", "localhost"), 1 << 20)

    api_call, image_call = fake.requests
    assert api_call.headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in image_call.headers


def test_429_is_retried_with_backoff_until_it_succeeds(fake, make_client):
    fake.add_lora(sha256=SHA, model_id=7, version_id=70)
    fake.script(SHA, 429, 429)
    sleeps: list[float] = []
    client = make_client(max_attempts=4, backoff_s=0.01)
    client._sleep = sleeps.append

    assert client.version_by_hash(SHA)["id"] == 70
    assert fake.hash_lookups(SHA) == 3
    assert len(sleeps) == 2
    assert 0.005 <= sleeps[0] <= 0.01 < sleeps[1] <= 0.02  # doubles, with jitter


def test_5xx_is_retried_then_reported_in_one_sentence(fake, make_client):
    fake.script(SHA, always=500)

    with pytest.raises(CivitaiError) as raised:
        make_client(max_attempts=3).version_by_hash(SHA)

    assert fake.hash_lookups(SHA) == 3
    assert raised.value.status == 502
    assert "500" in raised.value.detail
    assert "3 attempts" in raised.value.detail


@pytest.mark.parametrize("status", [400, 401, 403])
def test_other_4xx_are_not_retried(fake, make_client, status):
    fake.script(SHA, always=status)

    with pytest.raises(CivitaiError) as raised:
        make_client().version_by_hash(SHA)

    assert fake.hash_lookups(SHA) == 1
    assert f"{status}: scripted {status}" in raised.value.detail


def test_a_slow_answer_times_out_and_is_retried(fake, make_client):
    fake.add_lora(sha256=SHA, model_id=7, version_id=70)
    fake.script(SHA, delay_s=1.0)
    started = time.monotonic()

    with pytest.raises(CivitaiTimeoutError) as raised:
        make_client(timeout_s=0.2, max_attempts=2).version_by_hash(SHA)

    assert fake.hash_lookups(SHA) == 2
    assert raised.value.status == 504
    assert time.monotonic() - started < 1.5


def test_malformed_json_is_a_clear_error_and_not_retried(fake, make_client):
    fake.script(SHA, malformed=True)

    with pytest.raises(CivitaiBadResponseError) as raised:
        make_client().version_by_hash(SHA)

    assert "not valid JSON" in raised.value.detail
    assert fake.hash_lookups(SHA) == 1


def test_bulk_lookup_sends_at_most_100_hashes_a_call(fake, make_client):
    hashes = [f"{i:064x}" for i in range(250)]
    for i in (0, 150, 249):
        fake.add_lora(sha256=hashes[i], model_id=i + 1, version_id=1000 + i)

    found = make_client().versions_by_hashes(hashes)

    sizes = [len(r.body) for r in fake.calls("POST", BY_HASH)]
    assert sizes == [BULK_LIMIT, BULK_LIMIT, 50]
    assert sorted(v["id"] for v in found) == [1000, 1150, 1249]


def test_model_details_and_missing_models(fake, make_client):
    fake.add_lora(sha256=SHA, model_id=7, version_id=70, creator="maker")
    client = make_client()

    assert client.model(7)["creator"]["username"] == "maker"
    assert client.model(8) == NotFound("No model with id 8")


def test_a_stopped_server_makes_the_client_offline_and_quiet(fake, make_client):
    client = make_client(max_attempts=2)
    fake.stop()

    with pytest.raises(CivitaiUnreachableError) as raised:
        client.version_by_hash(SHA)
    with pytest.raises(CivitaiUnreachableError):
        client.model(1)  # fails at once: no second retry cycle

    assert client.offline
    assert raised.value.status == 503
    assert raised.value.detail.startswith("Civitai is unreachable at")


def test_an_unused_port_is_unreachable(make_client):
    client = make_client(base_url=f"http://127.0.0.1:{_free_port()}/api/v1")

    with pytest.raises(CivitaiUnreachableError):
        client.versions_by_hashes([SHA])


def test_downloads_are_capped_and_image_hosts_never_mean_offline(fake, make_client):
    url = fake.serve_file("/big.png", b"\0" * 5000, "image/png")
    client = make_client()

    with pytest.raises(CivitaiBadResponseError):
        client.download(url, 4096)
    with pytest.raises(CivitaiError):
        client.download(f"http://127.0.0.1:{_free_port()}/x.png", 4096)

    assert not client.offline


def test_credentials_in_the_base_url_are_never_printed(make_client):
    url = f"http://user:secret@127.0.0.1:{_free_port()}/api/v1?token=hidden"
    client = make_client(base_url=url, max_attempts=1)

    with pytest.raises(CivitaiUnreachableError) as raised:
        client.model(1)

    assert "secret" not in raised.value.detail
    assert "hidden" not in raised.value.detail
