"""The deliveries API is described completely: ids, problems, shapes."""

from __future__ import annotations

from pydantic import SecretStr

OPERATIONS = {
    ("post", "/api/v1/deliveries"): ("create_delivery", {"400", "401", "422", "500"}),
    ("get", "/api/v1/deliveries"): ("list_deliveries", {"401", "422", "500"}),
    ("get", "/api/v1/deliveries/{delivery_id}"): ("get_delivery", {"404"}),
    ("post", "/api/v1/deliveries/{delivery_id}/cancel"): (
        "cancel_delivery",
        {"404", "409"},
    ),
    ("post", "/api/v1/deliveries/{delivery_id}/retry"): (
        "retry_delivery",
        {"404", "409"},
    ),
    ("get", "/api/v1/deliveries/targets"): ("list_delivery_targets", {"401"}),
    ("post", "/api/v1/deliveries/targets"): ("create_delivery_target", {"409"}),
    ("delete", "/api/v1/deliveries/targets/{name}"): (
        "delete_delivery_target",
        {"404", "409"},
    ),
}


def test_every_delivery_operation_has_a_stable_id_and_declares_its_problems(
    make_client,
):
    schema = make_client().get("/openapi.json").json()

    for (method, path), (operation_id, statuses) in OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"] == operation_id
        assert operation["security"], f"{operation_id} is not behind the API key"
        for status in statuses:
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (operation_id, status)
    delivery = schema["components"]["schemas"]["DeliveryPublic"]["properties"]
    assert {"id", "kind", "status", "attempts", "target", "result", "error"} <= set(
        delivery
    )


def test_the_api_key_guards_deliveries(make_client, sink):
    client = make_client(api_key=SecretStr("k3y"))
    body = {"prompt": "p", "target": {"kind": "http", "url": sink.url}}

    assert client.post("/api/v1/deliveries", json=body).status_code == 401
    assert client.get("/api/v1/deliveries/targets").status_code == 401
    ok = client.post("/api/v1/deliveries", json=body, headers={"X-API-Key": "k3y"})
    assert ok.status_code == 202
