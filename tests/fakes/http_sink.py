"""An HTTP sink on a real loopback socket that counts the deliveries it receives.

Run in-process (`with HttpSink() as sink:`) or as its own process
(`python -m tests.fakes.http_sink --port N`) so that it can be killed.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class SinkBehaviour:
    """How the sink answers: status, a delay, which requests are delayed."""

    status: int = 200
    delay_s: float = 0.0
    delay_first_only: bool = False  # only a delivery's first request is slow
    headers: dict[str, str] = field(default_factory=dict)  # extra answer headers
    answer_bytes: int = 0  # pad the answer to this size (a chatty endpoint)


@dataclass
class SinkRecord:
    """What the sink has seen."""

    counts: Counter[str] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=dict)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    # One write per answer and no Nagle delay, as real servers do: headers and body
    # in separate small packets would stall each request on a delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _SinkServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = {"raw": raw.decode("utf-8", "replace")}
        key = str(body.get("delivery_id") or self.headers.get("Idempotency-Key"))
        record, behaviour = self.server.record, self.server.behaviour
        with record.lock:
            record.counts[key] += 1
            record.times.setdefault(key, []).append(time.monotonic())
            record.bodies.append(body)
            record.headers.append(dict(self.headers))
            first = record.counts[key] == 1
        if behaviour.delay_s and (first or not behaviour.delay_first_only):
            time.sleep(behaviour.delay_s)
        answer = json.dumps({"received": key}).encode()
        content_type = "application/json"
        if behaviour.answer_bytes:
            answer, content_type = b"x" * behaviour.answer_bytes, "text/plain"
        try:
            self.send_response(behaviour.status)
            self.send_header("Content-Type", content_type)
            for name, value in behaviour.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            pass  # the client went away (a killed worker): nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        return


class _SinkServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    record: SinkRecord
    behaviour: SinkBehaviour


class HttpSink:
    """A started sink; `url` receives POSTs, `record` counts them by delivery id."""

    def __init__(self, port: int = 0, behaviour: SinkBehaviour | None = None) -> None:
        self.server = _SinkServer(("127.0.0.1", port), _Handler)
        self.server.record = SinkRecord()
        self.server.behaviour = behaviour or SinkBehaviour()
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        """The URL to deliver to."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/deliveries"

    @property
    def record(self) -> SinkRecord:
        """What has been received so far."""
        return self.server.record

    @property
    def behaviour(self) -> SinkBehaviour:
        """Change to alter the answers of later requests."""
        return self.server.behaviour

    def __enter__(self) -> HttpSink:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> None:
    """Serve until killed, printing nothing but the port."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    sink = HttpSink(args.port, SinkBehaviour(args.status, args.delay))
    print(sink.server.server_address[1], flush=True)
    sink.server.serve_forever()


if __name__ == "__main__":
    main()
