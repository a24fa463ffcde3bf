"""SD.Next / A1111 target: txt2img over `/sdapi/v1`, images kept under DATA_DIR."""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import httpx
import structlog
from PIL import Image, UnidentifiedImageError

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets.base import Delivery, DeliveryHooks
from lora_manager.deliveries.targets.http import (
    TRANSIENT_STATUSES,
    read_capped,
    retry_after,
    shared_client,
)
from lora_manager.jobs.tasks import JobCancelledError, JobFailedError, RetryableError

log = structlog.get_logger("lora_manager.deliveries")
MAX_RESPONSE = 512 * 1024 * 1024
POLL_S = 0.5
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
INFO_KEYS = (
    "seed",
    "all_seeds",
    "subseed",
    "width",
    "height",
    "sampler_name",
    "steps",
    "cfg_scale",
    "batch_size",
    "sd_model_name",
    "sd_model_hash",
    "clip_skip",
    "infotexts",
    "index_of_first_image",
    "version",
)


class ProgressPoller(threading.Thread):
    """Reports `/sdapi/v1/progress` while a generation runs; interrupts on cancel."""

    def __init__(self, target: SdapiTarget, hooks: DeliveryHooks) -> None:
        super().__init__(daemon=True, name="sdapi-progress")
        self.target, self.hooks = target, hooks
        self.done = threading.Event()
        self.interrupted = False

    def run(self) -> None:
        """Poll until the generation returns (a failed poll only skips a report)."""
        while not self.done.wait(POLL_S):
            try:
                self._poll()
            except Exception as error:  # the database may blink; the job goes on
                log.warning("delivery.progress_failed", error=str(error))

    def _poll(self) -> None:
        if not self.interrupted and self.hooks.is_cancelled():
            self.interrupted = True
            self.target.call("POST", "/sdapi/v1/interrupt", timeout=10)
        state = self.target.call(
            "GET", "/sdapi/v1/progress?skip_current_image=true", timeout=5
        )
        if isinstance(state, dict) and isinstance(state.get("state"), dict):
            inner = state["state"]
            self.hooks.report_progress(
                {
                    "progress": _number(state.get("progress")),
                    "eta_s": _number(state.get("eta_relative")),
                    "step": _number(inner.get("sampling_step")),
                    "steps": _number(inner.get("sampling_steps")),
                }
            )


def _number(value: Any) -> float | int | None:
    """Keep finite numbers only: JSON columns refuse NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


class SdapiTarget:
    """Generates with `POST {url}/sdapi/v1/txt2img` and stores the images."""

    def __init__(self, spec: TargetSpec) -> None:
        assert spec.url is not None
        self.spec = spec
        self.base = spec.url.rstrip("/")

    def call(self, method: str, path: str, *, timeout: float) -> Any:
        """Make a side request (progress, interrupt); a failure only costs a report."""
        try:
            response = shared_client().request(
                method, self.base + path, headers=self.spec.headers, timeout=timeout
            )
            return response.json() if response.is_success else None
        except (httpx.HTTPError, ValueError):
            return None

    def deliver(self, delivery: Delivery, hooks: DeliveryHooks) -> dict[str, Any]:
        """Generate, then decode, check and save every image."""
        body = {
            "save_images": False,
            **delivery.params,
            "prompt": delivery.prompt,
            "negative_prompt": delivery.negative_prompt,
            "send_images": True,
        }
        poller = ProgressPoller(self, hooks)
        poller.start()
        try:
            answer = self._txt2img(body)
        finally:
            poller.done.set()
        if poller.interrupted:
            raise JobCancelledError
        folder = hooks.data_dir / "images" / delivery.delivery_id
        info = parse_info(answer.get("info"))
        images = save_images(answer.get("images") or [], folder, info)
        for image in images:
            image["path"] = Path(image["path"]).relative_to(hooks.data_dir).as_posix()
        return {
            "images": images,
            "info": {k: info[k] for k in INFO_KEYS if k in info},
            "backend": self.base,
        }

    def _txt2img(self, body: dict[str, Any]) -> dict[str, Any]:
        host = self.spec.host
        try:
            with shared_client().stream(
                "POST",
                self.base + "/sdapi/v1/txt2img",
                json=body,
                headers=self.spec.headers,
                timeout=self.spec.timeout,
            ) as response:
                data = read_capped(response, MAX_RESPONSE)
        except httpx.TimeoutException:
            raise RetryableError(
                f"{host} did not finish within {self.spec.timeout:g} s",
                backoff_s=self.spec.backoff_s,
            ) from None
        except httpx.TransportError as error:
            raise RetryableError(
                f"Could not reach {host}: {error.__class__.__name__}: {error}",
                backoff_s=self.spec.backoff_s,
            ) from None
        code = response.status_code
        if code >= 500 or code in TRANSIENT_STATUSES:
            raise RetryableError(
                f"{host} answered HTTP {code}: {error_detail(data)}",
                backoff_s=self.spec.backoff_s,
                retry_after_s=retry_after(response),
            )
        if code != 200:
            raise JobFailedError(
                f"{host} refused the request: HTTP {code}: {error_detail(data)}"
            )
        if len(data) > MAX_RESPONSE:
            raise JobFailedError(f"{host} answered more than {MAX_RESPONSE >> 20} MiB")
        try:
            answer = json.loads(data)
        except ValueError:
            raise JobFailedError(
                f"{host} answered txt2img with something not JSON"
            ) from None
        if not isinstance(answer, dict):
            raise JobFailedError(f"{host} answered txt2img with an unexpected shape")
        return answer


def error_detail(data: bytes) -> str:
    """Return the `detail` of an A1111/SD.Next error body, or its first characters."""
    try:
        body = json.loads(data)
        detail = (
            body.get("detail") or body.get("error") if isinstance(body, dict) else None
        )
    except ValueError:
        detail = None
    text = str(detail) if detail else data[:300].decode("utf-8", errors="replace")
    return text.replace("\x00", "")[:300] or "(no detail)"


def parse_info(info: Any) -> dict[str, Any]:
    """`info` is a JSON string in the A1111 contract (an object in some forks)."""
    if isinstance(info, str):
        try:
            info = json.loads(info)
        except ValueError:
            return {}
    return info if isinstance(info, dict) else {}


def _seed_for(index: int, info: dict[str, Any]) -> int | None:
    first = info.get("index_of_first_image") or 0
    seeds = info.get("all_seeds") or []
    if index < first:
        return None  # the grid
    position = index - first
    if isinstance(seeds, list) and position < len(seeds):
        seed = seeds[position]
        return seed if isinstance(seed, int) else None
    seed = info.get("seed")
    return seed + position if isinstance(seed, int) else None


def save_images(
    encoded: list[Any], folder: Path, info: dict[str, Any]
) -> list[dict[str, Any]]:
    """Decode base64 images, check them with Pillow, write them atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for index, item in enumerate(encoded):
        data = decode_image(item, index)
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                fmt, (width, height) = image.format or "", image.size
        except UnidentifiedImageError:
            raise JobFailedError(
                f"Image {index} is not readable: unknown format"
            ) from None
        except (OSError, SyntaxError, ValueError) as error:
            raise JobFailedError(f"Image {index} is not readable: {error}") from None
        if fmt not in IMAGE_FORMATS:
            raise JobFailedError(f"Image {index} is {fmt or 'of unknown format'}")
        path = folder / f"{index}.{IMAGE_FORMATS[fmt]}"
        _write_atomically(path, data)
        saved.append(
            {
                "index": index,
                "path": str(path),
                "width": width,
                "height": height,
                "seed": _seed_for(index, info),
                "format": fmt.lower(),
            }
        )
    return saved


def decode_image(item: Any, index: int) -> bytes:
    """Base64 (optionally a data: URL) to bytes, strictly."""
    if not isinstance(item, str):
        raise JobFailedError(f"Image {index} is not a base64 string")
    if item.startswith("data:"):
        item = item.partition(",")[2]
    try:
        return base64.b64decode(item, validate=True)
    except (binascii.Error, ValueError):
        raise JobFailedError(f"Image {index} is not valid base64") from None


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
