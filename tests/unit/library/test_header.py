import io
import json
import struct
from pathlib import Path

import pytest
from safetensors import safe_open

from lora_manager.library.header import (
    MAX_HEADER_BYTES,
    HeaderError,
    SafetensorsHeader,
    TensorEntry,
    parse_header,
    read_header,
)
from tests.factories.lora_files import (
    HOSTILE_KINDS,
    HostileKind,
    write_hostile,
    write_lora,
)
from tests.factories.safetensors_layouts import FAMILIES, NETWORKS, Family, Network

EXPECTED_REASONS = {
    "zero_byte": r"^file is empty \(0 bytes\)$",
    "tiny": r"^file is too small to be safetensors \(3 bytes\)$",
    "header_beyond_file": r"^header length 4096 exceeds the file size \(108 bytes\)$",
    "header_over_cap": r"^header length 200000000 exceeds the limit of 100000000",
    "invalid_utf8": r"^header is not valid UTF-8 \(byte 0xff at file offset 18\)$",
    "invalid_json": r"^header is not valid JSON: ",
    "json_not_object": r"^header JSON is an array, expected an object$",
    "bad_offsets": r"^tensor data has a hole: bytes 8-16 are not indexed",
    "overlapping_offsets": r"overlaps the previous tensor at byte 4$",
    "shape_mismatch": r"spans 6 bytes but shape \[4\] of F16 needs 8$",
    "unknown_dtype": r'has unknown dtype "F12"$',
    "duplicate_keys": r'^header has a duplicate key "a.alpha"$',
    "truncated_data": r"^tensor data is truncated: the header indexes \d+ bytes but",
    "trailing_bytes": r"^file has 5 bytes after the tensor data",
    "metadata_not_strings": (
        r'^__metadata__ value "ss_network_dim" is a number, expected a string$'
    ),
}
ADAPTERS = [
    (family, network)
    for family in FAMILIES
    for network in NETWORKS
    if family != "flux_peft" or network == "lora"
]


def raw_file(header: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<Q", len(header)) + header + data


def parse(document: object, data: bytes = b"") -> SafetensorsHeader:
    blob = raw_file(json.dumps(document).encode(), data)
    return parse_header(blob, len(blob))


def read_file_header(path: Path) -> SafetensorsHeader:
    with path.open("rb") as f:
        return read_header(f, path.stat().st_size)


def test_every_hostile_kind_has_an_expected_reason() -> None:
    assert set(EXPECTED_REASONS) == set(HOSTILE_KINDS)


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_hostile_file_is_refused_with_a_one_line_reason(
    tmp_path: Path,
    kind: HostileKind,
) -> None:
    path = write_hostile(tmp_path, kind)
    with pytest.raises(HeaderError, match=EXPECTED_REASONS[kind]) as caught:
        read_file_header(path)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("family", "network"), ADAPTERS)
def test_adapter_of_every_family_parses_like_the_reference_reader(
    tmp_path: Path,
    family: Family,
    network: Network,
) -> None:
    path = write_lora(tmp_path, "adapter", family=family, network=network)
    header = read_file_header(path)
    with safe_open(path, framework="numpy") as reference:
        assert header.metadata == reference.metadata()
        assert set(header.tensors) == set(reference.keys())
        for name in reference.keys():
            assert header.tensors[name].shape == tuple(reference.get_tensor(name).shape)
    (length,) = struct.unpack("<Q", path.read_bytes()[:8])
    assert header.header_length == length
    assert header.data_start == 8 + length


def test_file_without_metadata_has_an_empty_metadata_dict(tmp_path: Path) -> None:
    header = read_file_header(
        write_lora(tmp_path, "bare", family="sd1", metadata=False)
    )
    assert header.metadata == {}
    assert header.tensors


def test_read_header_reads_only_the_header(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "big", family="sdxl", pad_to_bytes=3_000_000)
    with path.open("rb", buffering=0) as f:
        header = read_header(f, path.stat().st_size)
        assert f.tell() == header.data_start


class RecordingReader(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.requests: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.requests.append(-1 if size is None else size)
        return super().read(size)


def test_header_length_is_checked_before_reading_that_many_bytes() -> None:
    reader = RecordingReader(struct.pack("<Q", 2**63) + b"{}")
    with pytest.raises(HeaderError, match="exceeds the limit"):
        read_header(reader, 10)
    assert reader.requests == [8]


def test_a_smaller_cap_refuses_a_header_the_default_accepts(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "meta", family="sd1")
    with path.open("rb") as f:
        assert read_header(f, path.stat().st_size).header_length < MAX_HEADER_BYTES
        f.seek(0)
        with pytest.raises(HeaderError, match="exceeds the limit of 64 bytes"):
            read_header(f, path.stat().st_size, cap=64)


def test_entries_keep_dtype_shape_and_offsets() -> None:
    header = parse(
        {
            "__metadata__": {"ss_output_name": "x"},
            "a.alpha": {"dtype": "F16", "shape": [], "data_offsets": [0, 2]},
            "a.lora_down.weight": {
                "dtype": "F32",
                "shape": [2, 3],
                "data_offsets": [2, 26],
            },
            "empty": {"dtype": "F16", "shape": [0, 4], "data_offsets": [26, 26]},
        },
        bytes(26),
    )
    assert header.tensors == {
        "a.alpha": TensorEntry("F16", (), 0, 2),
        "a.lora_down.weight": TensorEntry("F32", (2, 3), 2, 26),
        "empty": TensorEntry("F16", (0, 4), 26, 26),
    }


def test_sub_byte_dtypes_must_fill_whole_bytes() -> None:
    assert parse({"q": {"dtype": "F4", "shape": [4], "data_offsets": [0, 2]}}, bytes(2))
    with pytest.raises(HeaderError, match=r"shape \[3\] of F4 needs 1.5"):
        parse({"q": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}}, bytes(2))


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"shape": [1], "data_offsets": [0, 2]}, 'no string "dtype"'),
        ({"dtype": "F16", "shape": [True], "data_offsets": [0, 2]}, 'invalid "shape"'),
        ({"dtype": "F16", "shape": [-1], "data_offsets": [0, 2]}, 'invalid "shape"'),
        ({"dtype": "F16", "shape": [1], "data_offsets": [0]}, 'invalid "data_offsets"'),
        ({"dtype": "F16", "shape": [1], "data_offsets": [0, 2.0]}, "data_offsets"),
        (
            {"dtype": "F16", "shape": [1], "data_offsets": [2, 0]},
            "ends before it begins",
        ),
        ({"dtype": "F16", "shape": [2**48], "data_offsets": [0, 2]}, 'invalid "shape"'),
        ("not an entry", "is a string, expected an object"),
    ],
)
def test_malformed_entries_are_refused(entry: object, reason: str) -> None:
    with pytest.raises(HeaderError, match=reason):
        parse({"t": entry}, bytes(2))


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (b' {"__metadata__": {}}', 'does not start with "{"'),
        (b'{"a": NaN}', "NaN is not allowed"),
        (b'{"__metadata__": []}', "__metadata__ is an array"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON is an array|nested too deeply"),
    ],
)
def test_malformed_documents_are_refused(header: bytes, reason: str) -> None:
    blob = raw_file(header)
    with pytest.raises(HeaderError, match=reason):
        parse_header(blob, len(blob))


def test_space_padding_after_the_json_is_accepted() -> None:
    blob = raw_file(b'{"__metadata__": {"k": "v"}}' + b" " * 4)
    assert parse_header(blob, len(blob)).metadata == {"k": "v"}


def test_raw_bytes_shorter_than_the_declared_header_are_refused() -> None:
    blob = raw_file(b'{"__metadata__": {"k": "v"}}')
    with pytest.raises(HeaderError, match="header is truncated"):
        parse_header(blob[:20], len(blob))
