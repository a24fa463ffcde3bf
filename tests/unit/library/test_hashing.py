import hashlib
import io
import os
import struct
import subprocess
import sys
import threading
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import blake3
import pytest

from lora_manager.library import hashing
from lora_manager.library.hashing import (
    FileChangedError,
    hash_extras,
    read_and_hash,
)
from lora_manager.library.header import HeaderError
from tests.factories.lora_files import (
    edit_metadata_only,
    read_metadata,
    write_hostile,
    write_lora,
    write_pickle_lora,
)

MIB = 1 << 20


def tensor_section(data: bytes) -> bytes:
    (length,) = struct.unpack("<Q", data[:8])
    return data[8 + length :]


def civitai_crc32(data: bytes) -> str:
    return struct.pack("<I", zlib.crc32(data)).hex().upper()


def test_every_hash_equals_an_independent_computation(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "style", family="sdxl", pad_to_bytes=3 * MIB)
    data = path.read_bytes()

    result = read_and_hash(path, extras=True)

    sha256 = hashlib.sha256(data).hexdigest()
    tensor_sha256 = hashlib.sha256(tensor_section(data)).hexdigest()
    assert result.hashes == hashing.FileHashes(
        sha256=sha256,
        autov1=hashlib.sha256(data[0x100000:0x110000]).hexdigest()[:8],
        autov2=sha256[:10],
        autov3=tensor_sha256[:12],
        tensor_sha256=tensor_sha256,
        blake3=blake3.blake3(data).hexdigest(),
        crc32=civitai_crc32(data),
    )
    assert result.size == result.bytes_read == len(data)
    assert result.mtime_ns == path.stat().st_mtime_ns
    assert result.header is not None
    assert result.header.metadata == read_metadata(path)


def test_tensor_hash_equals_the_hash_the_trainer_embedded(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "kohya", family="flux_kohya")
    hashes = read_and_hash(path).hashes
    assert hashes.tensor_sha256 == read_metadata(path)["sshs_model_hash"]


def test_hello_world_matches_civitai_crc32_and_blake3_vectors(tmp_path: Path) -> None:
    path = tmp_path / "hello.bin"
    path.write_bytes(b"hello world")
    hashes = read_and_hash(path, safetensors=False, extras=True).hashes
    assert hashes.crc32 == "85114A0D"
    assert hashes.blake3 is not None
    assert hashes.blake3.startswith("d74981ef")
    assert hashes.blake3.endswith("9e24")
    assert hash_extras(path) == (hashes.blake3, "85114A0D")


def test_extras_are_not_computed_unless_asked(tmp_path: Path) -> None:
    hashes = read_and_hash(write_lora(tmp_path, "a", family="sd1")).hashes
    assert hashes.blake3 is None
    assert hashes.crc32 is None


@pytest.mark.parametrize(
    ("size", "has_autov1"),
    [(2 * MIB - 1, False), (2 * MIB, True), (5 * MIB + 3, True)],
)
def test_autov1_is_reported_only_from_2_mib(
    tmp_path: Path,
    size: int,
    has_autov1: bool,
) -> None:
    path = write_lora(tmp_path, "sized", family="sd1", pad_to_bytes=size)
    autov1 = read_and_hash(path).hashes.autov1
    if has_autov1:
        window = path.read_bytes()[0x100000:0x110000]
        assert autov1 == hashlib.sha256(window).hexdigest()[:8]
    else:
        assert autov1 is None


def test_editing_only_metadata_keeps_autov3_and_changes_sha256(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "edited", family="sdxl", trigger="zxc")
    before = read_and_hash(path).hashes
    edit_metadata_only(path, {**read_metadata(path), "ssmd_display_name": "Renamed"})
    after = read_and_hash(path).hashes
    assert after.autov3 == before.autov3
    assert after.tensor_sha256 == before.tensor_sha256
    assert after.sha256 != before.sha256
    assert after.autov2 != before.autov2


def test_pickle_formats_are_hashed_whole_and_never_loaded(tmp_path: Path) -> None:
    path = write_pickle_lora(tmp_path, "old_lora", suffix=".ckpt")
    data = path.read_bytes()
    result = read_and_hash(path, safetensors=False, extras=True)
    assert result.header is None
    assert result.hashes.sha256 == hashlib.sha256(data).hexdigest()
    assert result.hashes.autov3 is None
    assert result.hashes.tensor_sha256 is None
    assert result.hashes.crc32 == civitai_crc32(data)


def test_hashing_never_imports_pickle_or_torch(tmp_path: Path) -> None:
    path = write_pickle_lora(tmp_path, "old_lora")
    probe = (
        "import sys; from pathlib import Path; "
        "from lora_manager.library.hashing import read_and_hash; "
        "read_and_hash(Path(sys.argv[1]), safetensors=False, extras=True); "
        "print(sorted({'pickle', '_pickle', 'torch'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "[]"


def test_hostile_safetensors_raise_header_error_before_hashing(tmp_path: Path) -> None:
    with pytest.raises(HeaderError, match="tensor data is truncated"):
        read_and_hash(write_hostile(tmp_path, "truncated_data"))
    with pytest.raises(HeaderError, match="file is empty"):
        read_and_hash(write_hostile(tmp_path, "zero_byte"))


def test_a_file_that_changed_since_it_was_listed_is_reported(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "moving", family="sd1")
    stat = path.stat()
    result = read_and_hash(path, expect=(stat.st_size, stat.st_mtime_ns))
    assert result.size == stat.st_size

    with pytest.raises(FileChangedError, match="changed since it was listed"):
        read_and_hash(path, expect=(stat.st_size + 1, stat.st_mtime_ns))
    with pytest.raises(FileChangedError, match="mtime_ns"):
        read_and_hash(path, expect=(stat.st_size, stat.st_mtime_ns - 1))


def test_a_file_written_to_during_the_read_is_reported(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_lora(tmp_path, "growing", family="sd1", pad_to_bytes=MIB)
    monkeypatch.setattr(hashing, "CHUNK_SIZE", 64 * 1024)
    original = hashing._update_all
    appended: list[bool] = []

    def update_then_append(hashers: Any, chunk: memoryview) -> None:
        original(hashers, chunk)
        if not appended:
            appended.append(True)
            with path.open("ab") as f:
                f.write(b"more")

    monkeypatch.setattr(hashing, "_update_all", update_then_append)
    with pytest.raises(FileChangedError, match="changed while it was read") as caught:
        read_and_hash(path)
    assert isinstance(caught.value, OSError)


@pytest.mark.parametrize("chunk_size", [1000, 4096, 3 * MIB])
@pytest.mark.parametrize("split_min", [0, 1 << 62])
def test_chunking_and_threading_do_not_change_any_hash(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk_size: int,
    split_min: int,
) -> None:
    path = write_lora(tmp_path, "chunks", family="sd1", pad_to_bytes=2 * MIB + 7)
    expected = read_and_hash(path, extras=True)
    monkeypatch.setattr(hashing, "CHUNK_SIZE", chunk_size)
    monkeypatch.setattr(hashing, "SPLIT_MIN_BYTES", split_min)
    assert read_and_hash(path, extras=True) == expected


def test_concurrent_reads_of_many_files_agree_with_sequential_ones(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hashing, "SPLIT_MIN_BYTES", 0)
    paths = [
        write_lora(tmp_path, f"lora{i}", family="sd1", pad_to_bytes=MIB + i)
        for i in range(6)
    ]
    sequential = [read_and_hash(p) for p in paths]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(read_and_hash, paths)) == sequential


class RecordingFile(io.FileIO):
    """A real file that remembers every buffer it was asked to fill."""

    buffers: list[tuple[int, int]]
    reads: list[int]

    def __init__(self, path: str, mode: str = "rb", **_: object) -> None:
        super().__init__(path, mode)
        self.buffers = []
        self.reads = []
        opened.append(self)

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        self.buffers.append((id(view.obj), view.nbytes))
        return super().readinto(buffer) or 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


opened: list[RecordingFile] = []


def test_a_large_file_streams_through_reused_buffers(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    size = 64 * MIB
    path = write_lora(
        tmp_path, "large", family="flux_kohya", pad_to_bytes=size, metadata=False
    )
    opened.clear()
    monkeypatch.setattr(hashing, "open", RecordingFile, raising=False)

    tracemalloc.start()
    try:
        result = read_and_hash(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    (recorded,) = opened
    assert result.bytes_read == result.size == size
    assert result.header is not None
    # Only the header is read with read(); the body goes through a few buffers
    # of CHUNK_SIZE that are filled again and again.
    assert sum(recorded.reads) == result.header.data_start
    assert len({buffer for buffer, _ in recorded.buffers}) <= hashing.LANE_DEPTH
    assert max(size for _, size in recorded.buffers) <= hashing.CHUNK_SIZE
    assert len(recorded.buffers) >= size // hashing.CHUNK_SIZE
    buffers = (hashing.LANE_DEPTH + 1) * hashing.CHUNK_SIZE
    assert peak < buffers + result.header.data_start + MIB


def test_file_descriptor_is_closed_after_an_error(tmp_path: Path) -> None:
    path = write_hostile(tmp_path, "truncated_data")
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    for _ in range(5):
        with pytest.raises(HeaderError):
            read_and_hash(path)
    after = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    assert after <= before


def test_a_failing_side_lane_reaches_the_caller_and_leaves_no_thread(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_lora(tmp_path, "lanes", family="sd1", pad_to_bytes=3 * MIB)
    monkeypatch.setattr(hashing, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(hashing, "CHUNK_SIZE", 64 * 1024)

    calls: list[int] = []

    def broken(self: object, data: object) -> None:
        # The header is hashed on the calling thread; fail later, in the lane.
        calls.append(threading.get_ident())
        if len(calls) == 3:
            raise RuntimeError("crc lane failed")

    monkeypatch.setattr(hashing._Crc32, "update", broken)
    threads_before = threading.active_count()
    with pytest.raises(RuntimeError, match="crc lane failed"):
        read_and_hash(path, extras=True)
    assert calls[2] != threading.get_ident()
    assert threading.active_count() == threads_before


def test_a_rejected_header_stops_the_read_before_the_body(tmp_path, monkeypatch):
    from tests.factories.lora_files import write_checkpoint

    path = write_checkpoint(tmp_path, "model", pad_to_bytes=8 * MIB)

    def no_body(*_args: Any) -> int:
        raise AssertionError("the body was read")

    monkeypatch.setattr(hashing, "_stream", no_body)
    with pytest.raises(hashing.HeaderRejectedError):
        read_and_hash(path, accept=lambda _header: False)


def test_a_checkpoint_beside_the_loras_is_skipped_on_its_header(tmp_path, monkeypatch):
    from lora_manager.library.reading import FileRefused, read_file
    from lora_manager.library.walk import walk_root
    from tests.factories.lora_files import write_checkpoint

    write_checkpoint(tmp_path, "model", family="sdxl", pad_to_bytes=8 * MIB)
    (found,) = walk_root(tmp_path).files
    monkeypatch.setattr(
        hashing, "_stream", lambda *_a: pytest.fail("a checkpoint was hashed")
    )

    refused = read_file(found)

    assert isinstance(refused, FileRefused)
    assert refused.kind == "skip"
    assert "checkpoint" in refused.reason
