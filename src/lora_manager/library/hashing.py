"""Every hash of an adapter file, computed in one streaming read.

Civitai and the generation UIs identify a file by several digests (see the hash
table in the project's format reference): SHA-256 of the whole file and its
AutoV1/AutoV2 prefixes, SHA-256 of the tensor section (AutoV3, kohya's
``sshs_model_hash``), and optionally BLAKE3 and CRC32. Reading a multi-gigabyte
file more than once is the dominant cost of a scan, so all of them are fed from
the same chunks of one reused buffer.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import blake3

from lora_manager.library.header import SafetensorsHeader, parse_header, read_raw_header

CHUNK_SIZE = 1 << 20
"""Bytes per read; measured by ``benchmarks/hash_throughput.py``."""

SPLIT_MIN_BYTES = 8 << 20
"""Files at least this large hash their two lanes on two threads."""

AUTOV1_START = 0x100000
AUTOV1_END = 0x110000
AUTOV1_MIN_FILE_SIZE = 0x200000
"""Civitai reports no AutoV1 for files below 2 MiB."""


# One helper per core: each concurrent read_and_hash keeps at most one busy.
# Threads start on first use, so importing this module costs nothing.
_HELPERS = ThreadPoolExecutor(os.cpu_count() or 2, thread_name_prefix="hash-lane")


class FileChangedError(OSError):
    """The file changed while it was read; the scan reports it and retries later."""


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
) -> ReadResult:
    """Parse the header and compute every hash of a file in a single read.

    ``safetensors=False`` is for pickle-based formats, which are only ever hashed,
    never loaded. ``expect`` is the ``(size, mtime_ns)`` the caller saw when it
    listed the file.
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
            bytes_read = len(raw)
            for hasher in _present(whole, window, b3, crc):
                hasher.update(raw)
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

    Memory stays at one or two ``CHUNK_SIZE`` buffers whatever the file size. For
    big files the side lane runs on a helper thread (hashlib and blake3 release
    the GIL) while this thread reads the next chunk into the other buffer.
    """
    chunk_size = CHUNK_SIZE
    split = bool(side) and remaining >= SPLIT_MIN_BYTES
    buffers = [bytearray(chunk_size) for _ in range(2 if split else 1)]
    total = 0
    index = 0
    pending: Future[None] | None = None
    try:
        while remaining > 0:
            view = memoryview(buffers[index])[: min(chunk_size, remaining)]
            count = f.readinto(view)
            if not count:
                break
            chunk = view[:count]
            total += count
            remaining -= count
            if pending is not None:
                pending.result()
            if split:
                pending = _HELPERS.submit(_update_all, side, chunk)
                index ^= 1
            else:
                _update_all(side, chunk)
            _update_all(main, chunk)
    finally:
        # The helper may still hold a view of a buffer: never leave before it is done.
        if pending is not None:
            pending.result()
    return total
