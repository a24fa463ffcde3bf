"""Reading and validating the header of a safetensors file.

The rules follow the reference reader: an 8-byte little-endian length ``N``, then
``N`` bytes of UTF-8 JSON, then a tensor buffer that the header indexes exactly,
without holes or overlaps. Everything here is pure and uses the standard library
only, so the scanner can call it on untrusted files without loading any tensor.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, NoReturn

MAX_HEADER_BYTES = 100_000_000
"""Largest header the reference reader accepts (``MAX_HEADER_SIZE``)."""

LENGTH_PREFIX_BYTES = 8
MAX_OFFSET = 2**48 - 1
"""The safetensors JSON schema caps offsets and dimensions here."""

DTYPE_BITS: dict[str, int] = {
    "BOOL": 8,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E8M0": 8,
    "F8_E4M3FNUZ": 8,
    "F8_E5M2FNUZ": 8,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "I64": 64,
    "U64": 64,
    "F64": 64,
    "C64": 64,
}

_METADATA_KEY = "__metadata__"


class HeaderError(ValueError):
    """A file is not a valid safetensors file; ``str()`` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class TensorEntry:
    """One tensor as the header describes it; offsets are relative to the data."""

    dtype: str
    shape: tuple[int, ...]
    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class SafetensorsHeader:
    """The validated header of a safetensors file."""

    header_length: int
    data_start: int
    metadata: dict[str, str]
    tensors: dict[str, TensorEntry]


def header_length(prefix: bytes, file_size: int, *, cap: int = MAX_HEADER_BYTES) -> int:
    """Return ``N`` from the first 8 bytes once it is safe to read that many bytes."""
    if file_size == 0:
        raise HeaderError("file is empty (0 bytes)")
    if file_size < LENGTH_PREFIX_BYTES:
        raise HeaderError(f"file is too small to be safetensors ({file_size} bytes)")
    if len(prefix) < LENGTH_PREFIX_BYTES:
        raise HeaderError(
            f"header is truncated: got {len(prefix)} of the 8 length bytes",
        )
    (length,) = struct.unpack("<Q", prefix[:LENGTH_PREFIX_BYTES])
    if length > cap:
        raise HeaderError(f"header length {length} exceeds the limit of {cap} bytes")
    if length > file_size - LENGTH_PREFIX_BYTES:
        raise HeaderError(
            f"header length {length} exceeds the file size ({file_size} bytes)",
        )
    return int(length)


def read_raw_header(
    f: BinaryIO,
    file_size: int,
    *,
    cap: int = MAX_HEADER_BYTES,
) -> bytes:
    """Read exactly the first ``8 + N`` bytes of a file, checking ``N`` first."""
    prefix = _read_exact(f, LENGTH_PREFIX_BYTES)
    length = header_length(prefix, file_size, cap=cap)
    body = _read_exact(f, length)
    if len(body) < length:
        raise HeaderError(
            f"header is truncated: expected {length} bytes, the file ended "
            f"after {len(body)}",
        )
    return prefix + body


def read_header(
    f: BinaryIO,
    file_size: int,
    *,
    cap: int = MAX_HEADER_BYTES,
) -> SafetensorsHeader:
    """Read and validate the header of an open file; reads only ``8 + N`` bytes."""
    return parse_header(read_raw_header(f, file_size, cap=cap), file_size, cap=cap)


def parse_header(
    raw: bytes,
    file_size: int,
    *,
    cap: int = MAX_HEADER_BYTES,
) -> SafetensorsHeader:
    """Validate the first ``8 + N`` bytes of a file of ``file_size`` bytes."""
    length = header_length(raw, file_size, cap=cap)
    data_start = LENGTH_PREFIX_BYTES + length
    if len(raw) < data_start:
        raise HeaderError(
            f"header is truncated: expected {length} bytes, got "
            f"{len(raw) - LENGTH_PREFIX_BYTES}",
        )
    document = _decode_json(raw[LENGTH_PREFIX_BYTES:data_start])
    metadata = _parse_metadata(document.pop(_METADATA_KEY, None))
    tensors = {name: _parse_entry(name, value) for name, value in document.items()}
    data_size = _check_layout(tensors.items())
    expected_size = data_start + data_size
    if expected_size > file_size:
        raise HeaderError(
            f"tensor data is truncated: the header indexes {data_size} bytes but "
            f"only {file_size - data_start} follow it",
        )
    if expected_size < file_size:
        raise HeaderError(
            f"file has {file_size - expected_size} bytes after the tensor data "
            "that the header does not index",
        )
    return SafetensorsHeader(length, data_start, metadata, tensors)


def _read_exact(f: BinaryIO, count: int) -> bytes:
    """Read up to ``count`` bytes, looping because raw files may return short reads."""
    parts: list[bytes] = []
    remaining = count
    while remaining > 0:
        part = f.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing repeated keys as the format requires."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise HeaderError(f'header has a duplicate key "{key}"')
        result[key] = value
    return result


def _reject_constant(name: str) -> NoReturn:
    """Refuse NaN and Infinity, which are not JSON."""
    raise HeaderError(f"header is not valid JSON: {name} is not allowed")


def _decode_json(body: bytes) -> dict[str, Any]:
    """Decode the header bytes into the top-level JSON object."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HeaderError(
            f"header is not valid UTF-8 (byte 0x{body[exc.start]:02x} at file offset "
            f"{LENGTH_PREFIX_BYTES + exc.start})",
        ) from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise HeaderError(
            f"header is not valid JSON: {exc.msg} at line {exc.lineno} "
            f"column {exc.colno}",
        ) from None
    except RecursionError:
        raise HeaderError("header is not valid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise HeaderError(
            f"header JSON is {_json_kind(document)}, expected an object",
        )
    if not text.startswith("{"):
        # The reference reader and A1111 both insist on "{" as the first byte.
        raise HeaderError('header does not start with "{"')
    return document


def _parse_metadata(value: object) -> dict[str, str]:
    """Check that ``__metadata__`` maps strings to strings."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise HeaderError(
            f"__metadata__ is {_json_kind(value)}, expected an object of strings",
        )
    for key, item in value.items():
        if not isinstance(item, str):
            raise HeaderError(
                f'__metadata__ value "{key}" is {_json_kind(item)}, expected a string',
            )
    return value


def _parse_entry(name: str, value: object) -> TensorEntry:
    """Check one tensor entry and turn it into a ``TensorEntry``."""
    if not isinstance(value, dict):
        raise HeaderError(f'tensor "{name}" is {_json_kind(value)}, expected an object')
    dtype = value.get("dtype")
    if not isinstance(dtype, str):
        raise HeaderError(f'tensor "{name}" has no string "dtype"')
    if dtype not in DTYPE_BITS:
        raise HeaderError(f'tensor "{name}" has unknown dtype "{dtype}"')
    shape = value.get("shape")
    if not isinstance(shape, list) or not all(_is_offset(d) for d in shape):
        raise HeaderError(f'tensor "{name}" has an invalid "shape": {shape!r}')
    offsets = value.get("data_offsets")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(_is_offset(o) for o in offsets)
    ):
        raise HeaderError(f'tensor "{name}" has invalid "data_offsets": {offsets!r}')
    begin, end = offsets
    if end < begin:
        raise HeaderError(f'tensor "{name}" ends before it begins ({begin} > {end})')
    bits = math.prod(shape) * DTYPE_BITS[dtype]
    if bits % 8 != 0 or bits // 8 != end - begin:
        raise HeaderError(
            f'tensor "{name}" spans {end - begin} bytes but shape {shape} of '
            f"{dtype} needs {bits / 8:g}",
        )
    return TensorEntry(dtype, tuple(shape), begin, end)


def _check_layout(entries: Iterable[tuple[str, TensorEntry]]) -> int:
    """Check that tensors tile the buffer from 0; return the buffer size."""
    position = 0
    for name, entry in sorted(entries, key=lambda item: (item[1].begin, item[1].end)):
        if entry.begin > position:
            raise HeaderError(
                f"tensor data has a hole: bytes {position}-{entry.begin} are not "
                f'indexed before tensor "{name}"',
            )
        if entry.begin < position:
            raise HeaderError(
                f'tensor "{name}" overlaps the previous tensor at byte {entry.begin}',
            )
        position = entry.end
    return position


def _is_offset(value: object) -> bool:
    """Whether ``value`` is a JSON integer in the range the format allows."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= MAX_OFFSET
    )


def _json_kind(value: object) -> str:
    """Name a JSON value's type the way a user would read it."""
    kinds: list[tuple[type, str]] = [
        (bool, "a boolean"),
        (int, "a number"),
        (float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "an object"),
    ]
    for kind, label in kinds:
        if isinstance(value, kind):
            return label
    return "null"
