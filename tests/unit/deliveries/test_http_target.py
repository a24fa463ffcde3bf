"""The HTTP target against a real sink on loopback: what is sent, how answers count."""

from __future__ import annotations

import socket

import pytest

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets import Delivery, DeliveryHooks, build_target
from lora_manager.jobs.tasks import JobFailedError, RetryableError
from tests.fakes.http_sink import HttpSink, SinkBehaviour

DELIVERY = Delivery(
    "d-42",
    "a cat, <lora:cats:0.7>",
    "blurry",
    {"steps": 20},
    [{"id": 1, "name": "cats", "weight": 0.7}],
)


def deliver(tmp_path, url, **spec):
    target = build_target(TargetSpec(kind="http", url=url, **spec))
    return target.deliver(DELIVERY, DeliveryHooks(tmp_path))


def test_the_delivery_is_posted_as_json_with_its_headers(tmp_path):
    with HttpSink() as sink:
        result = deliver(tmp_path, sink.url, headers={"Authorization": "Bearer t"})

    assert result["status_code"] == 200
    assert result["response"] == {"received": "d-42"}
    assert sink.record.bodies == [
        {
            "delivery_id": "d-42",
            "prompt": "a cat, <lora:cats:0.7>",
            "negative_prompt": "blurry",
            "params": {"steps": 20},
            "adapters": [{"id": 1, "name": "cats", "weight": 0.7}],
        }
    ]
    headers = sink.record.headers[0]
    assert headers["Authorization"] == "Bearer t"
    assert headers["Idempotency-Key"] == "d-42"


def test_a_client_error_fails_without_retry_and_keeps_the_answer(tmp_path):
    with HttpSink(behaviour=SinkBehaviour(status=422)) as sink:
        with pytest.raises(JobFailedError, match="HTTP 422") as failure:
            deliver(tmp_path, sink.url)

    assert failure.value.result is not None
    assert failure.value.result["status_code"] == 422


@pytest.mark.parametrize("status", [500, 502, 503, 408])
def test_server_errors_are_retried(tmp_path, status):
    with HttpSink(behaviour=SinkBehaviour(status=status)) as sink:
        with pytest.raises(RetryableError, match=f"HTTP {status}") as retry:
            deliver(tmp_path, sink.url, backoff_s=2.5)

    assert retry.value.backoff_s == 2.5
    assert retry.value.retry_after_s is None


def test_too_many_requests_waits_as_long_as_the_server_asks(tmp_path):
    behaviour = SinkBehaviour(status=429, headers={"Retry-After": "7"})
    with HttpSink(behaviour=behaviour) as sink:
        with pytest.raises(RetryableError) as retry:
            deliver(tmp_path, sink.url)

    assert retry.value.retry_after_s == 7.0


def test_a_redirect_is_not_followed(tmp_path):
    behaviour = SinkBehaviour(status=302, headers={"Location": "http://evil.test/"})
    with HttpSink(behaviour=behaviour) as sink:
        with pytest.raises(JobFailedError, match="redirect to http://evil.test/"):
            deliver(tmp_path, sink.url)

    assert len(sink.record.bodies) == 1


def test_an_unreachable_endpoint_is_retried(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]

    with pytest.raises(RetryableError, match="Could not reach 127.0.0.1"):
        deliver(tmp_path, f"http://127.0.0.1:{port}/")


def test_a_slow_endpoint_times_out_and_is_retried(tmp_path):
    with HttpSink(behaviour=SinkBehaviour(delay_s=3)) as sink:
        with pytest.raises(RetryableError, match="did not answer within 0.3 s"):
            deliver(tmp_path, sink.url, timeout_s=0.3)


def test_a_huge_answer_is_cut_to_64_kib(tmp_path):
    with HttpSink(behaviour=SinkBehaviour(answer_bytes=5_000_000)) as sink:
        result = deliver(tmp_path, sink.url)

    assert len(result["response_text"]) == 64 * 1024
    assert result["response_truncated"] is True
