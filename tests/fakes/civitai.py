"""A fake Civitai API on a real loopback socket, built from the documented shapes.

Model versions follow LORA_SPECS §4.3 and models §4.4. A test publishes what
Civitai knows (``add_lora``) and scripts failures per key — ``hash:<HASH>``,
``model:<id>``, ``bulk`` or ``file:<path>``: statuses answered first (429, 500),
a status answered always, a delay past the client's timeout, or a malformed
body. Example images are real PNG bytes served by the same server. Every request
is recorded, so tests can count retries, bulk calls and the Bearer token.
"""

from __future__ import annotations

import io
import json
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from PIL import Image

JsonObject = dict[str, Any]
API = "/api/v1"
_COLORS = {1: (90, 160, 90), 2: (200, 180, 60), 4: (220, 120, 40), 8: (200, 40, 40)}
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def png_bytes(width: int = 64, height: int = 48, color=(90, 160, 90)) -> bytes:
    """Return a real PNG image."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Script:
    """How the fake answers one key: scripted statuses first, then normally."""

    statuses: list[int] = field(default_factory=list)
    always: int | None = None
    delay_s: float = 0.0
    malformed: bool = False


@dataclass(frozen=True)
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeCivitai:
    """The fake server and what it knows; use as a context manager."""

    def __init__(self) -> None:
        self.versions: dict[int, JsonObject] = {}
        self.models: dict[int, JsonObject] = {}
        self.by_hash: dict[str, int] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.scripts: dict[str, Script] = {}
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        self._server: _Server | None = None
        self._port = 0

    # --- lifecycle -------------------------------------------------------------

    def start(self) -> FakeCivitai:
        server = _Server(("127.0.0.1", self._port), _Handler)
        server.fake = self
        self._port = server.server_address[1]
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeCivitai:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        return self.origin + API

    # --- what Civitai knows ----------------------------------------------------

    def add_lora(
        self,
        *,
        sha256: str,
        model_id: int,
        version_id: int,
        model_name: str = "Fake LoRA",
        version_name: str = "v1.0",
        base_model: str = "SDXL 1.0",
        trained_words: Iterable[str] = (),
        image_levels: Iterable[int] = (1,),
        video: bool = False,
        found_by: str = "SHA256",
        hashes: Mapping[str, str | None] | None = None,
        empty_hashes: bool = False,
        newer_version: bool = False,
        published_at: str = "2025-03-01T10:00:00.000Z",
        downloads: int = 1234,
        thumbs_up: int = 56,
        nsfw_level: int = 1,
        creator: str = "fake_creator",
        tags: Iterable[str] = ("style", "anime"),
        description: str | None = "<p>A fake LoRA for tests.</p>",
    ) -> JsonObject:
        """Publish a LoRA version (and its model), found by its SHA256 or AutoV3."""
        file_hashes = {"SHA256": sha256.upper(), **_upper(hashes or {})}
        version = version_json(
            version_id=version_id,
            model_id=model_id,
            name=version_name,
            model_name=model_name,
            base_model=base_model,
            trained_words=list(trained_words),
            hashes={} if empty_hashes else file_hashes,
            images=[
                self._image(version_id, i, lvl) for i, lvl in enumerate(image_levels)
            ],
            published_at=published_at,
            downloads=downloads,
            thumbs_up=thumbs_up,
            nsfw_level=nsfw_level,
            origin=self.origin,
        )
        if video:
            version["images"].insert(0, self._video(version_id))
        versions = [version]
        if newer_version:
            versions.insert(0, self._newer(version))
        model = model_json(
            model_id=model_id,
            name=model_name,
            versions=versions,
            creator=creator,
            tags=list(tags),
            description=description,
        )
        with self.lock:
            self.versions[version_id] = version
            self.models[model_id] = model
            key = sha256 if found_by == "SHA256" else (hashes or {}).get(found_by)
            assert key, f"no {found_by} hash to publish the version under"
            self.by_hash[key.upper()] = version_id
        return version

    def _newer(self, version: JsonObject) -> JsonObject:
        """A later version of the same model (Civitai lists the newest first)."""
        newer = json.loads(json.dumps(version))
        newer.update(
            id=version["id"] + 1,
            name="v2.0",
            publishedAt="2026-01-01T00:00:00.000Z",
            images=[],
        )
        newer["files"][0]["hashes"] = {"SHA256": "F" * 64}
        return newer

    def _image(self, version_id: int, index: int, level: int) -> JsonObject:
        path = f"/images/{version_id}-{index}.png"
        self.files[path] = (png_bytes(color=_COLORS.get(level, (0, 0, 0))), "image/png")
        return image_json(self.origin + path, level, index)

    def _video(self, version_id: int) -> JsonObject:
        path = f"/images/{version_id}-clip.mp4"
        self.files[path] = (MP4_BYTES, "video/mp4")
        image = image_json(self.origin + path, 1, 99)
        image["type"] = "video"
        return image

    def serve_file(self, path: str, content: bytes, content_type: str) -> str:
        """Serve arbitrary bytes (to test what previews refuse); return the URL."""
        self.files[path] = (content, content_type)
        return self.origin + path

    # --- scripting failures ----------------------------------------------------

    def script(
        self,
        key: str,
        *statuses: int,
        always: int | None = None,
        delay_s: float = 0.0,
        malformed: bool = False,
    ) -> None:
        """Script answers for `hash:<HASH>`, `model:<id>`, `bulk` or `file:<path>`."""
        with self.lock:
            self.scripts[_key(key)] = Script(list(statuses), always, delay_s, malformed)

    def _scripted(self, key: str) -> tuple[int | None, float, bool]:
        with self.lock:
            script = self.scripts.get(key)
            if script is None:
                return None, 0.0, False
            status = script.statuses.pop(0) if script.statuses else script.always
            return status, script.delay_s, script.malformed

    # --- what was asked --------------------------------------------------------

    def calls(self, method: str, prefix: str) -> list[Recorded]:
        """Return the recorded requests of a method whose path starts with prefix."""
        with self.lock:
            return [
                r
                for r in self.requests
                if r.method == method and r.path.startswith(prefix)
            ]

    def hash_lookups(self, file_hash: str) -> int:
        """Count single lookups of one hash."""
        path = f"{API}/model-versions/by-hash/{file_hash}".upper()
        return sum(1 for r in self.calls("GET", "") if r.path.upper() == path)


def _key(key: str) -> str:
    if key == "bulk" or key.startswith(("hash:", "model:", "file:")):
        return key if not key.startswith("hash:") else "hash:" + key[5:].upper()
    return "hash:" + key.upper()


def _upper(hashes: Mapping[str, str | None]) -> dict[str, str]:
    return {k: v.upper() for k, v in hashes.items() if v}


# --- documented shapes -------------------------------------------------------------


def image_json(url: str, level: int, index: int) -> JsonObject:
    """Return an `images[]` entry of a model version (§4.3)."""
    return {
        "url": url,
        "nsfwLevel": level,
        "width": 64,
        "height": 48,
        "hash": "U5Gb#xof00j[00j[~qj[00ay?bj[",
        "type": "image",
        "metadata": {"hash": "U5Gb#xof00j[", "size": 1024, "width": 64, "height": 48},
        "availability": "Public",
        "onSite": False,
        "hasMeta": True,
        "hasPositivePrompt": True,
        "minor": False,
        "poi": False,
        "meta": {
            "prompt": f"masterpiece, example {index}",
            "negativePrompt": "lowres",
            "seed": 1000 + index,
            "steps": 25,
            "cfgScale": 6.5,
            "sampler": "DPM++ 2M Karras",
            "Model": "sd_xl_base_1.0",
            "Model hash": "31e35c80fc",
            "resources": [],
        },
    }


def version_json(
    *,
    version_id: int,
    model_id: int,
    name: str,
    model_name: str,
    base_model: str,
    trained_words: list[str],
    hashes: Mapping[str, str],
    images: list[JsonObject],
    published_at: str,
    origin: str,
    downloads: int = 1234,
    thumbs_up: int = 56,
    nsfw_level: int = 1,
) -> JsonObject:
    """Return a model-version object as by-hash answers it (§4.3)."""
    return {
        "id": version_id,
        "modelId": model_id,
        "name": name,
        "description": None,
        "baseModel": base_model,
        "baseModelType": "Standard",
        "air": f"urn:air:sdxl:lora:civitai:{model_id}@{version_id}",
        "status": "Published",
        "availability": "Public",
        "nsfwLevel": nsfw_level,
        "createdAt": "2025-02-28T09:00:00.000Z",
        "updatedAt": "2025-03-02T12:00:00.000Z",
        "publishedAt": published_at,
        "uploadType": "Created",
        "usageControl": "Download",
        "trainedWords": trained_words,
        "earlyAccessConfig": None,
        "earlyAccessEndsAt": None,
        "trainingStatus": None,
        "trainingDetails": None,
        "stats": {"downloadCount": downloads, "thumbsUpCount": thumbs_up},
        "model": {"name": model_name, "type": "LORA", "nsfw": False, "poi": False},
        "files": [
            {
                "id": version_id * 10,
                "name": f"{model_name.replace(' ', '_')}.safetensors",
                "type": "Model",
                "sizeKB": 144.5,
                "metadata": {"format": "SafeTensor", "size": None, "fp": "fp16"},
                "pickleScanResult": "Success",
                "pickleScanMessage": "No Pickle imports",
                "virusScanResult": "Success",
                "virusScanMessage": None,
                "scannedAt": "2025-02-28T09:05:00.000Z",
                "hashes": dict(hashes),
                "primary": True,
                "downloadUrl": f"{origin}/api/download/models/{version_id}",
            }
        ],
        "images": images,
        "downloadUrl": f"{origin}/api/download/models/{version_id}",
    }


def model_json(
    *,
    model_id: int,
    name: str,
    versions: list[JsonObject],
    creator: str,
    tags: list[str],
    description: str | None,
) -> JsonObject:
    """Return a model object as `GET /models/{id}` answers it (§4.4)."""
    return {
        "id": model_id,
        "name": name,
        "description": description,
        "type": "LORA",
        "poi": False,
        "nsfw": False,
        "nsfwLevel": 1,
        "availability": "Public",
        "supportsGeneration": False,
        "allowNoCredit": True,
        "allowCommercialUse": ["Image", "RentCivit"],
        "allowDerivatives": True,
        "allowDifferentLicense": True,
        "minor": False,
        "sfwOnly": False,
        "mode": None,
        "stats": {
            "downloadCount": 5000,
            "thumbsUpCount": 400,
            "thumbsDownCount": 3,
            "commentCount": 12,
            "tippedAmountCount": 0,
        },
        "creator": {"username": creator, "image": None},
        "tags": tags,
        "modelVersions": [
            {k: v for k, v in version.items() if k != "model"} for version in versions
        ],
    }


# --- the HTTP side -----------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeCivitai

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client closed its keep-alive connection: normal
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def fake(self) -> FakeCivitai:
        return self.server.fake  # type: ignore[attr-defined,no-any-return]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay quiet."""

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw

    def _record(self, body: Any) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.fake.lock:
            self.fake.requests.append(
                Recorded(self.command, unquote(self.path), headers, body)
            )

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): nothing to tell it

    def _json(self, status: int, body: Any) -> None:
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8")

    def _answer(self, key: str, found: Any, missing: str) -> None:
        status, delay_s, malformed = self.fake._scripted(key)
        if delay_s:
            time.sleep(delay_s)
        if status is not None:
            self._json(status, {"error": f"scripted {status}"})
        elif malformed:
            self._send(200, b'{"id": 1, "modelId": ', "application/json")
        elif found is None:
            self._json(404, {"error": missing})
        elif isinstance(found, tuple):
            self._send(200, found[0], found[1])
        else:
            self._json(200, found)

    def do_GET(self) -> None:
        self._record(None)
        path = unquote(self.path.split("?")[0])
        fake = self.fake
        if path.startswith(f"{API}/model-versions/by-hash/"):
            wanted = path.rsplit("/", 1)[1].upper()
            version_id = fake.by_hash.get(wanted)
            version = fake.versions.get(version_id) if version_id else None
            self._answer(f"hash:{wanted}", version, "Model not found")
        elif path.startswith(f"{API}/models/"):
            raw_id = path.rsplit("/", 1)[1]
            model = fake.models.get(int(raw_id)) if raw_id.isdigit() else None
            self._answer(f"model:{raw_id}", model, f"No model with id {raw_id}")
        elif path in fake.files:
            self._answer(f"file:{path}", fake.files[path], "Not found")
        else:
            self._json(404, {"error": "Not found"})

    def do_POST(self) -> None:
        body = self._body()
        self._record(body)
        if self.path != f"{API}/model-versions/by-hash":
            self._json(404, {"error": "Not found"})
            return
        if not isinstance(body, list) or len(body) > 100:
            self._json(400, {"error": "Expected an array of at most 100 hashes"})
            return
        fake = self.fake
        found: list[JsonObject] = []
        seen: set[int] = set()
        for item in body:
            version_id = fake.by_hash.get(str(item).upper())
            version = fake.versions.get(version_id) if version_id else None
            if version is not None and version_id not in seen:
                seen.add(version_id)
                found.append(version)
        self._answer("bulk", found, "")
