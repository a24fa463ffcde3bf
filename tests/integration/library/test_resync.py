"""Resync scenarios: nothing re-read needlessly, no user edit ever lost."""

from __future__ import annotations

import json
import os
import shutil

from tests.factories.lora_files import edit_metadata_only, read_metadata, write_lora

USER_EDITS = {
    "tags": ["keeper"],
    "notes": "my notes",
    "preferred_weight": 0.65,
    "weight": 0.8,
    "ordinal": 3,
    "active": True,
    "favorite": True,
    "name": "My Name",
    "edited_fields": ["name", "preferred_weight"],
}


def _assert_edits_kept(row):
    for field, value in USER_EDITS.items():
        assert getattr(row, field) == value, field


def test_rescan_of_unchanged_files_reads_no_file_content(scan, library_root):
    for i in range(5):
        write_lora(library_root, f"lora{i}", family="sd1")
    scan()

    again = scan()

    assert (again.unchanged, again.added, again.updated) == (5, 0, 0)
    assert (again.files_read, again.bytes_read) == (0, 0)


def test_rename_keeps_the_id_and_every_user_edit_without_reading(
    scan, adapters, edit, library_root
):
    path = write_lora(library_root, "before", family="sdxl")
    scan()
    original = adapters()["before.safetensors"]
    edit(original.id, **USER_EDITS)

    path.rename(library_root / "after.safetensors")
    summary = scan()

    assert (summary.moved, summary.added, summary.missing) == (1, 0, 0)
    assert summary.files_read == 0
    row = adapters()["after.safetensors"]
    assert row.id == original.id
    assert row.file_path == str(library_root / "after.safetensors")
    _assert_edits_kept(row)


def test_move_across_roots_keeps_identity_by_sha256(
    scan, adapters, edit, library_root, tmp_path
):
    other_root = tmp_path / "other"
    other_root.mkdir()
    path = write_lora(library_root, "travel", family="flux_kohya")
    scan(library_root, other_root)
    original = adapters()["travel.safetensors"]
    edit(original.id, **USER_EDITS)

    # A copy then delete gives a new inode, as a move between disks does.
    shutil.copy2(path, other_root / "travel-renamed.safetensors")
    path.unlink()
    summary = scan(library_root, other_root)

    assert (summary.moved, summary.added, summary.missing) == (1, 0, 0)
    row = adapters()["travel-renamed.safetensors"]
    assert row.id == original.id
    assert row.root_path == str(other_root)
    _assert_edits_kept(row)


def test_metadata_only_edit_updates_in_place_with_equal_autov3(
    scan, adapters, edit, library_root
):
    path = write_lora(library_root, "retitled", family="sdxl")
    scan()
    original = adapters()["retitled.safetensors"]
    edit(original.id, **USER_EDITS)

    metadata = read_metadata(path)
    metadata["modelspec.title"] = "A New Title"
    edit_metadata_only(path, metadata)
    summary = scan()

    assert (summary.updated, summary.added, summary.moved) == (1, 0, 0)
    row = adapters()["retitled.safetensors"]
    assert row.id == original.id
    assert row.autov3 == original.autov3
    assert row.sha256 != original.sha256
    _assert_edits_kept(row)


def test_deleted_file_is_marked_missing_and_its_row_kept(
    scan, adapters, edit, library_root
):
    path = write_lora(library_root, "gone", family="sd1")
    scan()
    edit(adapters()["gone.safetensors"].id, **USER_EDITS)

    path.unlink()
    summary = scan()

    assert summary.missing == 1
    row = adapters()["gone.safetensors"]
    assert row.status == "missing"
    _assert_edits_kept(row)
    assert scan().missing == 0  # already missing: not counted again


def test_missing_file_that_reappears_elsewhere_gets_its_identity_back(
    scan, adapters, edit, library_root, tmp_path
):
    path = write_lora(library_root, "lost", family="sd1")
    scan()
    original = adapters()["lost.safetensors"]
    edit(original.id, **USER_EDITS)
    hidden = tmp_path / "lost.safetensors"
    shutil.move(path, hidden)
    scan()

    (library_root / "found").mkdir()
    shutil.copy2(hidden, library_root / "found" / "lost.safetensors")
    summary = scan()

    assert summary.moved == 1
    row = adapters()["lost.safetensors"]
    assert (row.id, row.status) == (original.id, "ok")
    _assert_edits_kept(row)


def test_offline_root_marks_adapters_offline_and_back_online_restores(
    scan, adapters, edit, library_root, tmp_path
):
    write_lora(library_root, "disk", family="sdxl")
    scan()
    edit(adapters()["disk.safetensors"].id, **USER_EDITS)

    unplugged = tmp_path / "unplugged"
    library_root.rename(unplugged)
    offline = scan(library_root)
    assert offline.offline == 1
    assert offline.missing == 0
    assert adapters()["disk.safetensors"].status == "offline"
    assert any("offline" in e["reason"] for e in offline.errors)

    unplugged.rename(library_root)
    back = scan(library_root)

    assert (back.updated, back.added, back.files_read) == (1, 0, 0)
    row = adapters()["disk.safetensors"]
    assert row.status == "ok"
    _assert_edits_kept(row)


def test_force_resync_rereads_everything_but_keeps_edits(
    scan, adapters, edit, library_root
):
    write_lora(library_root, "forced", family="sd1", trigger="orig")
    scan()
    edit(adapters()["forced.safetensors"].id, **USER_EDITS, trained_words=["mine"])

    summary = scan(force=True)

    assert (summary.files_read, summary.updated) == (1, 1)
    row = adapters()["forced.safetensors"]
    _assert_edits_kept(row)


def test_user_edited_trigger_words_survive_rescans(scan, adapters, edit, library_root):
    path = write_lora(library_root, "words", family="sd1", trigger="orig")
    scan()
    row = adapters()["words.safetensors"]
    edit(row.id, trained_words=["mine"], edited_fields=["trained_words"])

    os.utime(path, ns=(1, 1))  # changed mtime -> re-read
    scan()

    assert adapters()["words.safetensors"].trained_words == ["mine"]


def test_sidecar_added_later_is_picked_up_without_reading_the_model(
    scan, adapters, library_root
):
    write_lora(library_root, "helper", family="sdxl", metadata=False)
    scan()
    info = {
        "baseModel": "Pony",
        "trainedWords": ["ponytrig"],
        "model": {"name": "Pony Helper", "type": "LORA"},
    }
    (library_root / "helper.civitai.info").write_text(json.dumps(info))

    summary = scan()

    assert (summary.updated, summary.files_read) == (1, 0)
    row = adapters()["helper.safetensors"]
    assert row.base_model == "Pony"
    assert "ponytrig" in row.trained_words
    assert row.name == "Pony Helper"


def test_duplicates_are_reported_as_same_file_and_same_weights(
    scan, library_root, client
):
    path = write_lora(library_root, "orig", family="sdxl")
    shutil.copy2(path, library_root / "copy.safetensors")
    edited = library_root / "edited.safetensors"
    shutil.copy2(path, edited)
    metadata = read_metadata(edited)
    metadata["ss_output_name"] = "renamed"
    edit_metadata_only(edited, metadata)

    summary = scan()

    assert summary.duplicates == 2
    report = client.get("/api/v1/library/duplicates").json()
    kinds = sorted((g["kind"], len(g["files"])) for g in report["groups"])
    assert kinds == [("same_file", 2), ("same_weights", 3)]


def test_dry_run_reports_and_changes_nothing(scan, adapters, library_root, data_dir):
    write_lora(library_root, "dry", family="sdxl", thumbnail=True)

    summary = scan(dry_run=True)

    assert summary.added == 1
    assert summary.dry_run is True
    assert adapters() == {}
    assert not (data_dir / "previews").exists()
