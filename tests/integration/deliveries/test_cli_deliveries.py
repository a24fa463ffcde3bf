"""A CLI target configured by the operator, driven through the API."""

from __future__ import annotations

import json
import sys

from tests.integration.deliveries.conftest import wait_done

HOSTILE = "; rm -rf / $(whoami) && echo"
REPORT_ARGV = [
    sys.executable,
    "-c",
    "import json, sys; print(json.dumps(sys.argv[1:]))",
    "{prompt}",
    "--negative={negative_prompt}",
]


def test_shell_metacharacters_reach_the_program_as_one_literal_argument(make_client):
    client = make_client(
        delivery_targets={"report": {"kind": "cli", "argv": REPORT_ARGV}}
    )
    created = client.post(
        "/api/v1/deliveries",
        json={"prompt": HOSTILE, "negative_prompt": "`id`", "target_name": "report"},
    ).json()

    done = wait_done(client, created["id"])

    assert done["status"] == "succeeded"
    assert json.loads(done["result"]["stdout"]) == [HOSTILE, "--negative=`id`"]
    assert done["result"]["exit_code"] == 0
    assert done["target"]["argv"] == REPORT_ARGV


def test_a_failing_command_keeps_its_exit_code_and_capped_output(make_client):
    noisy = [
        sys.executable,
        "-c",
        "import sys; sys.stdout.write('z' * 200000); sys.stderr.write('out of VRAM');"
        " sys.exit(7)",
    ]
    client = make_client(delivery_targets={"noisy": {"kind": "cli", "argv": noisy}})
    created = client.post(
        "/api/v1/deliveries", json={"prompt": "p", "target_name": "noisy"}
    ).json()

    done = wait_done(client, created["id"])

    assert done["status"] == "failed"
    assert done["attempts"] == 1  # a command's exit code is not retried
    assert done["error"] == "The command exited with code 7. out of VRAM"
    assert done["result"]["exit_code"] == 7
    assert len(done["result"]["stdout"]) == 64 * 1024
    assert done["result"]["stdout_truncated"] is True
    assert done["result"]["stdout_bytes"] == 200000
