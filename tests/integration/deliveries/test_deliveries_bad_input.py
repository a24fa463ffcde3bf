"""Bad delivery requests get a problem+json naming what was wrong; nothing is queued."""

from __future__ import annotations

import json
import sys

import pytest

from tests.integration.api.conftest import assert_problem
from tests.integration.deliveries.conftest import wait_done


def _locs(body):
    return [tuple(error["loc"]) for error in body["errors"]]


def _post_raw(client, text: str, **headers: str):
    return client.post(
        "/api/v1/deliveries",
        content=text,
        headers={"Content-Type": "application/json", **headers},
    )


def test_an_unknown_target_name_is_refused(make_client):
    client = make_client()
    response = client.post(
        "/api/v1/deliveries", json={"prompt": "p", "target_name": "nowhere"}
    )
    body = assert_problem(response, 422)
    assert "no delivery target named 'nowhere'" in body["detail"]
    assert _locs(body) == [("body", "target_name")]
    assert client.get("/api/v1/deliveries").json()["total"] == 0


def test_without_a_target_and_without_sdnext_there_is_nothing_to_deliver_to(
    make_client,
):
    body = assert_problem(
        make_client().post("/api/v1/deliveries", json={"prompt": "p"}), 422
    )
    assert "SDNEXT_URL" in body["detail"]


def test_inline_hosts_outside_the_allow_list_are_refused(make_client):
    target = {"kind": "http", "url": "http://example.com/hook"}
    response = make_client().post(
        "/api/v1/deliveries", json={"prompt": "p", "target": target}
    )
    body = assert_problem(response, 422)
    assert "'example.com' is not an allowed delivery host" in body["detail"]
    assert _locs(body) == [("body", "target", "url")]

    allowed = make_client(delivery_allowed_hosts=["example.com"])
    accepted = allowed.post(
        "/api/v1/deliveries", json={"prompt": "p", "target": target}
    )
    assert accepted.status_code == 202


def test_hosts_of_named_targets_are_allowed_inline_by_default(make_client, sink):
    client = make_client(
        delivery_targets={"gpu": {"kind": "sdapi", "url": "http://gpu.invalid:7860"}}
    )
    target = {"kind": "http", "url": "http://gpu.invalid:9000/other"}
    accepted = client.post("/api/v1/deliveries", json={"prompt": "p", "target": target})
    assert accepted.status_code == 202
    client.post(f"/api/v1/deliveries/{accepted.json()['id']}/cancel")


@pytest.mark.parametrize(
    "params",
    [
        '{"cfg_scale": NaN}',
        '{"cfg_scale": Infinity}',
        '{"seed": -Infinity}',
        '{"steps": 1e308}',
        '{"seed": 1000000000000000000000000000000}',
        '{"nested": {"list": [1, NaN]}}',
    ],
)
def test_non_finite_or_huge_numbers_in_params_are_refused(make_client, sink, params):
    client = make_client()
    text = (
        f'{{"prompt": "p", "params": {params}, '
        f'"target": {{"kind": "http", "url": "{sink.url}"}}}}'
    )
    body = assert_problem(_post_raw(client, text), 422)
    assert _locs(body)[0][:2] == ("body", "params")
    assert client.get("/api/v1/deliveries").json()["total"] == 0


def test_a_non_finite_timeout_is_refused(make_client, sink):
    text = json.dumps({"prompt": "p"})[:-1] + (
        f', "target": {{"kind": "http", "url": "{sink.url}", "timeout_s": NaN}}}}'
    )
    body = assert_problem(_post_raw(make_client(), text), 422)
    assert ("body", "target", "timeout_s") in _locs(body)


def test_txt2img_parameters_out_of_range_are_refused_for_sdapi_targets(
    make_client, sdnext
):
    client = make_client(sdnext_url=sdnext.url)
    response = client.post(
        "/api/v1/deliveries",
        json={"prompt": "p", "params": {"steps": 0, "width": 100000, "seed": 1.5}},
    )
    body = assert_problem(response, 422)
    assert set(_locs(body)) == {
        ("body", "params", "steps"),
        ("body", "params", "width"),
        ("body", "params", "seed"),
    }
    assert sdnext.state.requests == []


def test_commands_cannot_be_defined_through_the_api_unless_allowed(make_client):
    target = {"kind": "cli", "argv": [sys.executable, "-c", "print('hi')"]}
    refused = make_client().post(
        "/api/v1/deliveries", json={"prompt": "p", "target": target}
    )
    body = assert_problem(refused, 422)
    assert "DELIVERY_ALLOW_API_CLI" in body["detail"]
    stored = make_client().post(
        "/api/v1/deliveries/targets", json={"name": "sh", **target}
    )
    assert_problem(stored, 422)

    client = make_client(delivery_allow_api_cli=True)
    created = client.post("/api/v1/deliveries", json={"prompt": "p", "target": target})
    assert created.status_code == 202
    done = wait_done(client, created.json()["id"])
    assert done["status"] == "succeeded"
    assert done["result"]["stdout"] == "hi\n"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {
                "prompt": "p",
                "target_name": "a",
                "target": {"kind": "cli", "argv": ["x"]},
            },
            ("body",),
        ),
        (
            {"prompt": "p", "target": {"kind": "cli", "argv": ["x", "{shell}"]}},
            ("body", "target"),
        ),
        (
            {"prompt": "p", "target": {"kind": "http", "url": "file:///etc/passwd"}},
            ("body", "target"),
        ),
        ({"prompt": "p", "target_name": "no spaces please"}, ("body", "target_name")),
        ({"prompt": "p\x00", "target_name": "a"}, ("body", "prompt")),
        ({"prompt": "p", "params": [1, 2], "target_name": "a"}, ("body", "params")),
        ({"prompt": "p", "surprise": 1, "target_name": "a"}, ("body", "surprise")),
    ],
)
def test_malformed_requests_name_the_offending_field(make_client, body, loc):
    response = make_client().post("/api/v1/deliveries", json=body)
    assert loc in _locs(assert_problem(response, 422))


def test_a_bad_idempotency_key_is_refused(make_client, sink):
    body = {"prompt": "p", "target": {"kind": "http", "url": sink.url}}
    response = make_client().post(
        "/api/v1/deliveries", json=body, headers={"Idempotency-Key": "has space"}
    )
    assert ("header", "Idempotency-Key") in _locs(assert_problem(response, 422))


def test_malformed_json_is_a_bad_request(make_client):
    assert_problem(_post_raw(make_client(), '{"prompt": '), 400)
