"""CLI target: run a program with the prompt in its arguments, never through a shell."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from typing import IO, Any

from lora_manager.deliveries.schemas import PLACEHOLDER, TargetSpec
from lora_manager.deliveries.targets.base import (
    OUTPUT_CAP,
    Delivery,
    DeliveryHooks,
    text_excerpt,
)
from lora_manager.jobs.tasks import JobCancelledError, JobFailedError

# The child sees these variables only: never the service's own secrets.
PASSED_ENV = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "SYSTEMROOT",
)
CANCEL_CHECK_S = 1.0


def render_argv(argv: list[str], delivery: Delivery) -> list[str]:
    """Replace placeholders inside each argument; every argument stays one argument.

    One pass with a fixed table: values are never re-scanned, so a prompt that
    contains `{params_json}` or `$(cmd)` arrives as those literal characters.
    """
    values = {
        "prompt": delivery.prompt,
        "negative_prompt": delivery.negative_prompt,
        "params_json": json.dumps(delivery.params, separators=(",", ":")),
        "adapters_json": json.dumps(delivery.adapters or [], separators=(",", ":")),
        "delivery_id": delivery.delivery_id,
    }
    return [
        PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), arg)
        for arg in argv
    ]


class CappedReader(threading.Thread):
    """Drains a pipe to the end, keeping the first `cap` bytes."""

    def __init__(self, pipe: IO[bytes], cap: int = OUTPUT_CAP) -> None:
        super().__init__(daemon=True)
        self.pipe, self.cap = pipe, cap
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        """Read until EOF; the child never blocks on a full pipe."""
        with self.pipe:
            while chunk := self.pipe.read(65536):
                self.total += len(chunk)
                room = self.cap - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]

    def document(self, name: str) -> dict[str, Any]:
        """Return the captured text, whether it was cut, and how much there was."""
        text, _ = text_excerpt(bytes(self.kept))
        return {
            name: text,
            f"{name}_bytes": self.total,
            f"{name}_truncated": self.total > len(self.kept),
        }


def _feed(pipe: IO[bytes], data: bytes) -> None:
    try:
        with pipe:
            pipe.write(data)
    except (BrokenPipeError, OSError):
        pass  # the program does not read its input; that is its choice


def _kill(process: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the program and its children
        except ProcessLookupError:
            pass
    else:
        process.kill()
    process.wait()


class CliTarget:
    """Runs `argv` with the delivery JSON on stdin; captures exit code and output."""

    def __init__(self, spec: TargetSpec) -> None:
        assert spec.argv
        self.spec = spec

    def deliver(self, delivery: Delivery, hooks: DeliveryHooks) -> dict[str, Any]:
        """Run the program; exit code 0 succeeds, anything else fails the job."""
        argv = render_argv(self.spec.argv or [], delivery)
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        env["LORA_MANAGER_DELIVERY_ID"] = delivery.delivery_id
        started = time.perf_counter()
        try:
            process = subprocess.Popen(  # noqa: S603  (argv list, shell=False)
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=os.name == "posix",
            )
        except OSError as error:
            raise JobFailedError(f"Cannot run {argv[0]!r}: {error.strerror}") from None
        assert process.stdin is not None
        assert process.stdout is not None
        assert process.stderr is not None
        readers = [CappedReader(process.stdout), CappedReader(process.stderr)]
        for reader in readers:
            reader.start()
        body = json.dumps(delivery.body()).encode()
        threading.Thread(target=_feed, args=(process.stdin, body), daemon=True).start()
        outcome = self._wait(process, hooks, started)
        for reader in readers:
            reader.join()
        result: dict[str, Any] = {
            "exit_code": process.returncode,
            **readers[0].document("stdout"),
            **readers[1].document("stderr"),
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        return self._judge(outcome, process.returncode, result)

    def _wait(
        self, process: subprocess.Popen[bytes], hooks: DeliveryHooks, started: float
    ) -> str:
        deadline = started + self.spec.timeout
        while True:
            left = deadline - time.perf_counter()
            try:
                process.wait(timeout=max(0.0, min(CANCEL_CHECK_S, left)))
                return "exited"
            except subprocess.TimeoutExpired:
                pass
            if time.perf_counter() >= deadline:
                _kill(process)
                return "timed out"
            if hooks.is_cancelled():
                _kill(process)
                return "cancelled"

    def _judge(self, outcome: str, code: int, result: dict[str, Any]) -> dict[str, Any]:
        if outcome == "cancelled":
            raise JobCancelledError
        if outcome == "timed out":
            raise JobFailedError(
                f"The command did not finish within {self.spec.timeout:g} s and was "
                "stopped.",
                result=result,
            )
        if code == 0:
            return result
        if code < 0:
            message = f"The command was killed by signal {-code}."
        else:
            message = f"The command exited with code {code}."
        last = result["stderr"].strip().splitlines()[-1:] or [""]
        if last[0]:
            message += f" {last[0][:300]}"
        raise JobFailedError(message, result=result)
