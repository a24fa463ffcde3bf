"""The CLI target runs a program without a shell: what the child receives, exactly."""

from __future__ import annotations

import json
import sys
import time

import pytest

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets import Delivery, DeliveryHooks, build_target
from lora_manager.jobs.tasks import JobCancelledError, JobFailedError

REPORT = [
    sys.executable,
    "-c",
    "import json, os, sys; print(json.dumps({'argv': sys.argv[1:], "
    "'stdin': sys.stdin.read(), 'env': dict(os.environ)}))",
]
HOSTILE = (
    "; rm -rf / $(whoami) && echo `id` | tee /tmp/x > /dev/null {params_json} '\"\\"
)


def run(tmp_path, argv, *, prompt="a red fox", hooks=None, **spec):
    target = build_target(TargetSpec(kind="cli", argv=argv, **spec))
    delivery = Delivery(
        "d-1", prompt, "blurry", {"steps": 20}, [{"name": "fox", "weight": 0.8}]
    )
    return target.deliver(delivery, hooks or DeliveryHooks(tmp_path))


def test_shell_metacharacters_in_the_prompt_arrive_as_one_literal_argument(
    tmp_path,
):
    result = run(
        tmp_path, [*REPORT, "--prompt={prompt}", "{negative_prompt}"], prompt=HOSTILE
    )

    seen = json.loads(result["stdout"])
    assert seen["argv"] == [f"--prompt={HOSTILE}", "blurry"]
    assert result["exit_code"] == 0
    assert not (tmp_path / "x").exists()


def test_placeholders_are_replaced_inside_arguments_and_the_body_is_on_stdin(
    tmp_path,
):
    result = run(
        tmp_path,
        [*REPORT, "{params_json}", "{adapters_json}", "id={delivery_id}", "{unused"],
    )

    seen = json.loads(result["stdout"])
    assert seen["argv"] == [
        '{"steps":20}',
        '[{"name":"fox","weight":0.8}]',
        "id=d-1",
        "{unused",
    ]
    body = json.loads(seen["stdin"])
    assert body == {
        "delivery_id": "d-1",
        "prompt": "a red fox",
        "negative_prompt": "blurry",
        "params": {"steps": 20},
        "adapters": [{"name": "fox", "weight": 0.8}],
    }


def test_the_program_never_sees_the_services_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://admin:hunter2@db/prod")
    monkeypatch.setenv("API_KEY", "hunter2")

    env = json.loads(run(tmp_path, REPORT)["stdout"])["env"]

    assert "DATABASE_URL" not in env
    assert "API_KEY" not in env
    assert env["LORA_MANAGER_DELIVERY_ID"] == "d-1"


def test_output_beyond_64_kib_is_cut_and_counted(tmp_path):
    chatty = [sys.executable, "-c", "import sys; sys.stdout.write('y' * 1048576)"]

    result = run(tmp_path, chatty)

    assert len(result["stdout"]) == 64 * 1024
    assert result["stdout_truncated"] is True
    assert result["stdout_bytes"] == 1048576
    assert result["stderr"] == ""
    assert result["stderr_truncated"] is False


def test_a_non_zero_exit_fails_with_the_code_and_the_last_error_line(tmp_path):
    failing = [
        sys.executable,
        "-c",
        "import sys; print('working'); sys.stderr.write('bad\\nno model loaded\\n');"
        " sys.exit(3)",
    ]

    with pytest.raises(JobFailedError) as failure:
        run(tmp_path, failing)

    assert str(failure.value) == "The command exited with code 3. no model loaded"
    assert failure.value.result is not None
    assert failure.value.result["exit_code"] == 3
    assert failure.value.result["stdout"] == "working\n"


def test_a_command_that_runs_too_long_is_stopped(tmp_path):
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    started = time.monotonic()

    with pytest.raises(JobFailedError, match=r"did not finish within 0.5 s"):
        run(tmp_path, sleeper, timeout_s=0.5)

    assert time.monotonic() - started < 10


def test_a_missing_program_fails_with_its_name(tmp_path):
    with pytest.raises(JobFailedError, match="Cannot run 'no-such-program-here'"):
        run(tmp_path, ["no-such-program-here", "{prompt}"])


def test_cancelling_stops_the_running_command(tmp_path):
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    hooks = DeliveryHooks(tmp_path, is_cancelled=lambda: True)
    started = time.monotonic()

    with pytest.raises(JobCancelledError):
        run(tmp_path, sleeper, hooks=hooks)

    assert time.monotonic() - started < 10
