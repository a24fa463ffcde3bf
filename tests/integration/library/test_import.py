"""First import: every family and type identified, every hash exact."""

from __future__ import annotations

import hashlib
import zlib

import blake3
import pytest

from tests.factories.lora_files import (
    write_checkpoint,
    write_hostile,
    write_lora,
    write_pickle_lora,
    write_vae,
)

FAMILIES = [
    ("sd1", "lora", "sd1", "SD 1.5"),
    ("sd2", "lora", "sd2", None),
    ("sdxl", "lora", "sdxl", "SDXL 1.0"),
    ("sd3", "lora", "sd3", None),
    ("flux_kohya", "lora", "flux1", "Flux.1 D"),
    ("flux_peft", "lora", "flux1", None),
    ("flux_onetrainer", "lora", "flux1", None),
    ("sdxl", "locon", "sdxl", "SDXL 1.0"),
    ("sdxl", "loha", "sdxl", "SDXL 1.0"),
    ("sdxl", "lokr", "sdxl", "SDXL 1.0"),
    ("sd1", "dora", "sd1", "SD 1.5"),
]


def test_first_scan_identifies_every_family_and_network_type(
    scan, adapters, library_root
):
    for family, network, _arch, _base in FAMILIES:
        write_lora(
            library_root,
            f"{family}-{network}",
            family=family,
            network=network,
            trigger=f"trig_{family}_{network}",
        )
    write_lora(library_root, "bare-sdxl", family="sdxl", metadata=False)

    summary = scan()

    assert summary.added == len(FAMILIES) + 1
    assert summary.errors == []
    rows = adapters()
    for family, network, arch, base in FAMILIES:
        row = rows[f"{family}-{network}.safetensors"]
        assert (row.architecture, row.network_type) == (arch, network), row.file_name
        assert row.rank == 4
        assert f"trig_{family}_{network}" in row.trained_words
        if base:
            assert row.base_model == base
    assert rows["bare-sdxl.safetensors"].architecture == "sdxl"


def test_hashes_match_independent_computation(scan, adapters, library_root):
    path = write_lora(library_root, "big", family="sdxl", pad_to_bytes=3 * 2**20)

    scan(extras=True)

    row = adapters()["big.safetensors"]
    data = path.read_bytes()
    header_end = 8 + int.from_bytes(data[:8], "little")
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.autov2 == row.sha256[:10]
    assert row.autov1 == hashlib.sha256(data[0x100000:0x110000]).hexdigest()[:8]
    assert row.tensor_sha256 == hashlib.sha256(data[header_end:]).hexdigest()
    assert row.autov3 == row.tensor_sha256[:12]
    assert row.blake3 == blake3.blake3(data).hexdigest()
    assert row.crc32 == zlib.crc32(data).to_bytes(4, "little").hex().upper()


def test_small_files_have_no_autov1_and_extras_are_left_for_later(
    scan, adapters, library_root
):
    write_lora(library_root, "small", family="sd1")

    scan()

    row = adapters()["small.safetensors"]
    assert row.autov1 is None
    assert row.sha256 is not None


def test_not_adapters_are_skipped_and_pickles_are_hashed_never_loaded(
    scan, adapters, library_root
):
    write_checkpoint(library_root, "model")
    write_vae(library_root, "vae")
    pickle = write_pickle_lora(library_root, "legacy")

    summary = scan()

    skipped = {item["path"]: item["reason"] for item in summary.skipped}
    assert "checkpoint" in skipped[str(library_root / "model.safetensors")]
    assert "vae" in skipped[str(library_root / "vae.safetensors")]
    row = adapters()["legacy.pt"]
    assert row.file_format == "pickle"
    assert row.sha256 == hashlib.sha256(pickle.read_bytes()).hexdigest()
    assert row.autov3 is None


@pytest.mark.parametrize(
    "kind",
    [
        "zero_byte",
        "tiny",
        "header_beyond_file",
        "header_over_cap",
        "invalid_utf8",
        "invalid_json",
        "json_not_object",
        "bad_offsets",
        "truncated_data",
        "metadata_not_strings",
    ],
)
def test_each_hostile_file_is_reported_and_the_scan_goes_on(
    scan, adapters, library_root, kind
):
    hostile = write_hostile(library_root, kind)
    write_lora(library_root, "good", family="sd1")

    summary = scan()

    assert summary.added == 1
    reasons = {e["path"]: e["reason"] for e in summary.errors}
    assert reasons[str(hostile)]
    assert "\n" not in reasons[str(hostile)]
    assert set(adapters()) == {"good.safetensors"}


def test_links_loops_and_odd_names_are_reported_not_followed_forever(
    scan, adapters, library_root
):
    write_lora(library_root, "good", family="sd1")
    (library_root / "loop").symlink_to(library_root)
    (library_root / "broken.safetensors").symlink_to(library_root / "nowhere")
    (library_root / "self.safetensors").symlink_to(library_root / "self.safetensors")
    odd = library_root / "caf\udce9.safetensors"
    odd.write_bytes(b"\0" * 32)
    long_name = library_root / ("n" * 240 + ".safetensors")
    write_lora(library_root, long_name.stem, family="sd1")

    summary = scan()

    reasons = {e["path"]: e["reason"] for e in summary.errors}
    assert reasons[str(library_root / "broken.safetensors")] == "broken symbolic link"
    assert "symbolic links" in reasons[str(library_root / "self.safetensors")]
    assert "UTF-8" in reasons[str(odd)]
    assert set(adapters()) == {"good.safetensors", long_name.name}


def test_embedded_thumbnail_becomes_the_preview(scan, adapters, library_root, data_dir):
    write_lora(library_root, "with-thumb", family="sdxl", thumbnail=True)

    scan()

    row = adapters()["with-thumb.safetensors"]
    assert row.preview_path is not None
    assert row.preview_path.startswith(str(data_dir / "previews"))
    assert "modelspec.thumbnail" in (row.file_metadata or {})
    assert len(row.file_metadata["modelspec.thumbnail"]) < 100


def test_a_stale_embedded_hash_is_reported_and_not_trusted(
    scan, adapters, library_root
):
    write_lora(library_root, "stale", family="sdxl", stale_hash=True)

    summary = scan()

    assert [w["path"] for w in summary.warnings] == [
        str(library_root / "stale.safetensors")
    ]
    row = adapters()["stale.safetensors"]
    assert row.training["stale_embedded_hash"] != row.tensor_sha256


def test_blake3_and_crc32_are_filled_by_the_later_pass(
    scan, adapters, engine, library_root
):
    from lora_manager.library.extras import fill_hash_extras

    path = write_lora(library_root, "later", family="sdxl")
    scan()
    assert adapters()["later.safetensors"].blake3 is None

    assert fill_hash_extras(engine) == 1

    row = adapters()["later.safetensors"]
    data = path.read_bytes()
    assert row.blake3 == blake3.blake3(data).hexdigest()
    assert row.crc32 == zlib.crc32(data).to_bytes(4, "little").hex().upper()
    assert fill_hash_extras(engine) == 0  # nothing left to do
