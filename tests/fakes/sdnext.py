"""A fake SD.Next / A1111 server on a real socket, following `/sdapi/v1` contracts.

`POST /sdapi/v1/txt2img` "samples" for `steps × step_s` seconds (progress visible at
`GET /sdapi/v1/progress`, stoppable with `POST /sdapi/v1/interrupt`) and answers
`{images: [base64 PNG], parameters, info: "<JSON string>"}` with real PNGs made by
Pillow, each carrying the A1111 `parameters` text chunk.
"""

from __future__ import annotations

import base64
import io
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image, PngImagePlugin

SAMPLERS = ("UniPC", "Euler", "Euler a", "DPM++ 2M", "DDIM")


@dataclass
class FakeState:
    """The server's generation state and what tests configure."""

    step_s: float = 0.002
    fail_statuses: list[int] = field(default_factory=list)  # answered first, in order
    requests: list[dict[str, Any]] = field(default_factory=list)
    job_count: int = 0
    sampling_step: int = 0
    sampling_steps: int = 0
    interrupted: bool = False
    progress_polls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _png(width: int, height: int, seed: int, infotext: str) -> bytes:
    rng = random.Random(seed)
    color = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    image = Image.new("RGB", (width, height), color)
    meta = PngImagePlugin.PngInfo()
    meta.add_text("parameters", infotext)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=meta)
    return out.getvalue()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer and no Nagle delay, as real servers do: headers and body
    # in separate small packets would stall each request on a delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _FakeServer

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, detail: str) -> None:
        # the A1111 API middleware's error shape
        self._send(
            status,
            {"error": "HTTPException", "detail": detail, "body": "", "errors": ""},
        )

    def do_GET(self) -> None:
        state = self.server.state
        if not self.path.startswith("/sdapi/v1/progress"):
            self._error(404, "Not Found")
            return
        with state.lock:
            state.progress_polls += 1
            steps = state.sampling_steps or 1
            busy = state.job_count > 0
            progress = min(1.0, state.sampling_step / steps) if busy else 0.0
            snapshot = {
                "skipped": False,
                "interrupted": state.interrupted,
                "job": "txt2img" if busy else "",
                "job_count": state.job_count,
                "job_timestamp": "20261122000000",
                "job_no": 0,
                "sampling_step": state.sampling_step,
                "sampling_steps": state.sampling_steps,
            }
        self._send(
            200,
            {
                "progress": progress,
                "eta_relative": 0.0,
                "state": snapshot,
                "current_image": None,
                "textinfo": None,
            },
        )

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.path == "/sdapi/v1/interrupt":
            with self.server.state.lock:
                self.server.state.interrupted = True
            self._send(200, {})
        elif self.path == "/sdapi/v1/txt2img":
            self._txt2img(json.loads(raw or b"{}"))
        else:
            self._error(404, "Not Found")

    def _txt2img(self, request: dict[str, Any]) -> None:
        state = self.server.state
        with state.lock:
            state.requests.append(request)
            failure = state.fail_statuses.pop(0) if state.fail_statuses else None
        if failure:
            self._error(failure, "Simulated failure")
            return
        sampler = request.get("sampler_name", "UniPC")
        if sampler not in SAMPLERS:
            self._error(404, "Sampler not found")
            return
        steps = int(request.get("steps", 20))
        with state.lock:
            state.job_count, state.sampling_steps, state.sampling_step = 1, steps, 0
            state.interrupted = False
        for step in range(steps):
            with state.lock:
                if state.interrupted:
                    break
                state.sampling_step = step + 1
            time.sleep(state.step_s)
        self._send(200, self._result(request, steps, sampler))
        with state.lock:
            state.job_count = 0

    def _result(self, request: dict[str, Any], steps: int, sampler: str) -> Any:
        width = int(request.get("width", 1024))
        height = int(request.get("height", 1024))
        count = int(request.get("batch_size", 1)) * int(request.get("n_iter", 1))
        seed = int(request.get("seed", -1))
        seed = seed if seed >= 0 else random.randrange(2**32)
        seeds = [seed + i for i in range(count)]
        prompt = request.get("prompt", "")
        infotexts = [
            f"{prompt}\nNegative prompt: {request.get('negative_prompt', '')}\n"
            f"Steps: {steps}, Sampler: {sampler}, Seed: {s}, Size: {width}x{height}"
            for s in seeds
        ]
        images = [
            base64.b64encode(_png(width, height, s, text)).decode()
            for s, text in zip(seeds, infotexts, strict=True)
        ]
        info = {
            "prompt": prompt,
            "all_prompts": [prompt] * count,
            "negative_prompt": request.get("negative_prompt", ""),
            "seed": seed,
            "all_seeds": seeds,
            "width": width,
            "height": height,
            "sampler_name": sampler,
            "cfg_scale": request.get("cfg_scale", 6.0),
            "steps": steps,
            "batch_size": request.get("batch_size", 1),
            "sd_model_name": "fake_model",
            "sd_model_hash": "0123456789",
            "index_of_first_image": 0,
            "infotexts": infotexts,
            "version": "fake-sdnext",
        }
        return {"images": images, "parameters": request, "info": json.dumps(info)}

    def log_message(self, format: str, *args: Any) -> None:
        return


class _FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeState


class FakeSdNext:
    """A started fake; `url` is the base URL to configure as SDNEXT_URL."""

    def __init__(self, state: FakeState | None = None) -> None:
        self.server = _FakeServer(("127.0.0.1", 0), _Handler)
        self.server.state = state or FakeState()
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL (the API lives under /sdapi/v1)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def state(self) -> FakeState:
        """Configure failures and speed; read what was requested."""
        return self.server.state

    def __enter__(self) -> FakeSdNext:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
