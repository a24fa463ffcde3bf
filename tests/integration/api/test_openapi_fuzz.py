"""Property-based fuzzing of every operation in /openapi.json (in-process)."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from lora_manager.app import create_app

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]
EXAMPLES_PER_OPERATION = 30


def test_every_operation_answers_without_5xx_and_matches_its_schema(
    settings, engine, library_root
):
    app = create_app(settings, engine)
    with TestClient(app) as client:  # real rows, so ids 1 and 2 exist
        for name in ("a.safetensors", "b.safetensors"):
            (library_root / name).write_bytes(b"\0" * 16)
            client.post(
                "/api/v1/adapters", json={"file_path": str(library_root / name)}
            )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        fuzz()
