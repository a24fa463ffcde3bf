"""Every hash of an adapter file, computed in one streaming read.

Civitai and the generation UIs identify a file by several digests (see the hash
table in the project's format reference): SHA-256 of the whole file and its
AutoV1/AutoV2 prefixes, SHA-256 of the tensor section (AutoV3, kohya's
``sshs_model_hash``), and optionally BLAKE3 and CRC32. Reading a multi-gigabyte
file more than once is the dominant cost of a scan, so all of them are fed from
the same chunks of a few reused buffers.
"""

from __future__ import annotations

import hashlib
import io
import os
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import blake3

from lora_manager.library.header import SafetensorsHeader, parse_header, read_raw_header

CHUNK_SIZE = 4 << 20
"""Bytes per read. ``benchmarks/hash_throughput.py`` compares 256 KiB to 8 MiB:
4 MiB was as fast or faster than smaller chunks in most rounds and needs fewer
hand-overs between the two lanes."""

SPLIT_MIN_BYTES = 8 << 20
"""Files at least this large hash their two lanes on two threads."""

LANE_DEPTH = 4
"""Buffers shared by the two lanes of a big file: memory is ``LANE_DEPTH *
CHUNK_SIZE`` per file, whatever the file size."""

AUTOV1_START = 0x100000
AUTOV1_END = 0x110000
AUTOV1_MIN_FILE_SIZE = 0x200000
"""Civitai reports no AutoV1 for files below 2 MiB."""


class FileChangedError(OSError):
    """The file changed while it was read; the scan reports it and retries later."""


class HeaderRejectedError(Exception):
    """The caller's ``accept`` turned the file down on its header: no more was read."""


@dataclass(frozen=True, slots=True)
class FileHashes:
    """The digests Civitai and the generation UIs use to identify a file."""

    sha256: str
    autov1: str | None
    autov2: str
    autov3: str | None
    tensor_sha256: str | None
    blake3: str | None
    crc32: str | None


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one read of a file yields: header, hashes and the stat it belongs to."""

    header: SafetensorsHeader | None
    hashes: FileHashes
    size: int
    mtime_ns: int
    bytes_read: int


class _Updatable(Protocol):
    def update(self, data: bytes | memoryview, /) -> object: ...


class _Crc32:
    """CRC-32/IEEE with the same ``update`` shape as the hashlib objects."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0

    def update(self, data: bytes | memoryview, /) -> None:
        self.value = zlib.crc32(data, self.value)

    def civitai_hex(self) -> str:
        # Civitai prints the digest bytes little-endian: "hello world" -> 85114A0D.
        return struct.pack("<I", self.value).hex().upper()


class _Window:
    """Collects the AutoV1 bytes ``[0x100000, 0x110000)`` as chunks stream by."""

    __slots__ = ("captured", "position")

    def __init__(self) -> None:
        self.position = 0
        self.captured = bytearray()

    def update(self, data: bytes | memoryview, /) -> None:
        start = max(AUTOV1_START - self.position, 0)
        stop = min(AUTOV1_END - self.position, len(data))
        if start < stop:
            self.captured += data[start:stop]
        self.position += len(data)

    def autov1(self, file_size: int) -> str | None:
        if file_size < AUTOV1_MIN_FILE_SIZE:
            return None
        return hashlib.sha256(self.captured).hexdigest()[:8]


def read_and_hash(
    path: Path,
    *,
    safetensors: bool = True,
    extras: bool = False,
    expect: tuple[int, int] | None = None,
    accept: Callable[[SafetensorsHeader], bool] | None = None,
) -> ReadResult:
    """Parse the header and compute every hash of a file in a single read.

    ``safetensors=False`` is for pickle-based formats, which are only ever hashed,
    never loaded. ``expect`` is the ``(size, mtime_ns)`` the caller saw when it
    listed the file. ``accept`` sees the parsed header first: when it says no
    (a checkpoint, a VAE) the body is never read and ``HeaderRejectedError`` is
    raised, so a 6 GB checkpoint beside the LoRAs costs a header read per scan.
    """
    whole = hashlib.sha256()
    window = _Window()
    tensor = hashlib.sha256() if safetensors else None
    b3 = blake3.blake3() if extras else None
    crc = _Crc32() if extras else None
    with open(path, "rb", buffering=0) as f:
        size, mtime_ns = _stat(f)
        if expect is not None and expect != (size, mtime_ns):
            change = _describe(expect, size, mtime_ns)
            raise FileChangedError(f"file changed since it was listed ({change})")
        header = None
        bytes_read = 0
        if safetensors:
            raw = read_raw_header(f, size)
            header = parse_header(raw, size)
            if accept is not None and not accept(header):
                raise HeaderRejectedError(path)
            bytes_read = len(raw)
            _update_all(_present(whole, window, b3, crc), memoryview(raw))
        # Two lanes of similar cost, so a big file can use two cores.
        main = _present(whole, window, b3)
        side = _present(tensor, crc)
        bytes_read += _stream(f, size - bytes_read, main, side)
        _check_unchanged(f, size, mtime_ns, bytes_read)
    sha256 = whole.hexdigest()
    tensor_sha256 = tensor.hexdigest() if tensor is not None else None
    hashes = FileHashes(
        sha256=sha256,
        autov1=window.autov1(size),
        autov2=sha256[:10],
        autov3=tensor_sha256[:12] if tensor_sha256 is not None else None,
        tensor_sha256=tensor_sha256,
        blake3=b3.hexdigest() if b3 is not None else None,
        crc32=crc.civitai_hex() if crc is not None else None,
    )
    return ReadResult(header, hashes, size, mtime_ns, bytes_read)


def hash_extras(path: Path) -> tuple[str, str]:
    """Return ``(blake3, crc32)`` of a file, for a later low-priority pass."""
    b3 = blake3.blake3()
    crc = _Crc32()
    with open(path, "rb", buffering=0) as f:
        size, mtime_ns = _stat(f)
        bytes_read = _stream(f, size, [b3], [crc])
        _check_unchanged(f, size, mtime_ns, bytes_read)
    return b3.hexdigest(), crc.civitai_hex()


def _present(*hashers: _Updatable | None) -> list[_Updatable]:
    return [hasher for hasher in hashers if hasher is not None]


def _stat(f: io.FileIO) -> tuple[int, int]:
    stat = os.fstat(f.fileno())
    return stat.st_size, stat.st_mtime_ns


def _describe(before: tuple[int, int], size: int, mtime_ns: int) -> str:
    return f"size {before[0]} -> {size} bytes, mtime_ns {before[1]} -> {mtime_ns}"


def _check_unchanged(f: io.FileIO, size: int, mtime_ns: int, bytes_read: int) -> None:
    """Raise when the file was rewritten, grown or truncated during the read."""
    after = _stat(f)
    if after != (size, mtime_ns) or bytes_read != size:
        raise FileChangedError(
            f"file changed while it was read ({_describe((size, mtime_ns), *after)}, "
            f"{bytes_read} bytes read)",
        )


def _update_all(hashers: Sequence[_Updatable], chunk: memoryview) -> None:
    for hasher in hashers:
        hasher.update(chunk)


def _stream(
    f: io.FileIO,
    remaining: int,
    main: Sequence[_Updatable],
    side: Sequence[_Updatable],
) -> int:
    """Feed the next ``remaining`` bytes to both lanes; return the bytes read.

    Memory stays at a few ``CHUNK_SIZE`` buffers whatever the file size.
    """
    if side and remaining >= SPLIT_MIN_BYTES:
        with _SideLane(side) as lane:
            return _read_chunks(f, remaining, main, lane.take, lane.give)
    buffer = bytearray(min(CHUNK_SIZE, remaining))
    return _read_chunks(f, remaining, [*main, *side], lambda: buffer, _keep)


def _keep(buffer: bytearray, count: int) -> None:
    """Single-lane mode: the one buffer is simply refilled."""


def _read_chunks(
    f: io.FileIO,
    remaining: int,
    hashers: Sequence[_Updatable],
    take: Callable[[], bytearray],
    give: Callable[[bytearray, int], None],
) -> int:
    total = 0
    while remaining > 0:
        buffer = take()
        count = f.readinto(memoryview(buffer)[: min(len(buffer), remaining)])
        if not count:
            break
        give(buffer, count)  # the side lane starts before this thread hashes
        _update_all(hashers, memoryview(buffer)[:count])
        total += count
        remaining -= count
    return total


class _SideLane:
    """Runs the side hashers on their own thread so a big file uses two cores.

    hashlib, blake3 and zlib release the GIL on large updates. Filled buffers go
    to the thread in order and come back once hashed, so the lanes can drift
    apart by up to ``LANE_DEPTH`` chunks without waiting for each other while
    memory stays at ``LANE_DEPTH`` buffers.
    """

    def __init__(self, hashers: Sequence[_Updatable]) -> None:
        self._hashers = hashers
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._filled: queue.SimpleQueue[tuple[bytearray, int] | None] = (
            queue.SimpleQueue()
        )
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="hash-lane", daemon=True)

    def __enter__(self) -> _SideLane:
        for _ in range(LANE_DEPTH):
            self._free.put(bytearray(CHUNK_SIZE))
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self._filled.put(None)
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def take(self) -> bytearray:
        return self._free.get()

    def give(self, buffer: bytearray, count: int) -> None:
        self._filled.put((buffer, count))

    def _run(self) -> None:
        while (item := self._filled.get()) is not None:
            buffer, count = item
            if self._error is None:
                try:
                    _update_all(self._hashers, memoryview(buffer)[:count])
                except BaseException as error:  # re-raised on the reading thread
                    self._error = error
            # Always hand the buffer back, or the reading thread would wait forever.
            self._free.put(buffer)
