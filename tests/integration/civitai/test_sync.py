"""Enriching a scanned library from a fake Civitai: what users get, and keep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lora_manager.civitai import service
from lora_manager.civitai.previews import preview_dir
from lora_manager.civitai.service import SyncOptions, SyncStoppedError, run_sync
from tests.factories.lora_files import write_lora
from tests.integration.civitai.conftest import TOKEN

BY_HASH = "/api/v1/model-versions/by-hash"


def test_sync_fills_names_trigger_words_base_models_previews_and_stats(
    scan, sync, rows, publish, fake, library_root, settings
):
    write_lora(library_root, "alpha", family="sdxl", trigger="alphatrig")
    write_lora(library_root, "beta", family="sd1")
    write_lora(library_root, "gamma", family="sdxl")
    scan()
    before = rows()
    publish(
        before["alpha"],
        model_id=11,
        version_id=101,
        model_name="Alpha Style",
        base_model="Pony",
        trained_words=["alphastyle"],
        image_levels=(4, 1),
        newer_version=True,
        creator="alice",
        tags=("style", "glow"),
    )
    publish(before["beta"], model_id=12, version_id=201, base_model="SD 1.5")

    report = sync()

    assert (report.found, report.not_found, report.errors) == (2, 1, 0)
    alpha, beta, gamma = (rows()[name] for name in ("alpha", "beta", "gamma"))
    assert alpha.name == "Alpha Style"
    assert alpha.base_model == "Pony"
    assert alpha.trained_words[0] == "alphastyle"
    assert "alphatrig" in alpha.trained_words
    assert alpha.tags == before["alpha"].tags  # the user's tags column is left alone
    assert alpha.civitai["tags"] == ["style", "glow"]
    assert (alpha.creator, alpha.downloads, alpha.thumbs_up) == ("alice", 1234, 56)
    assert (alpha.civitai_model_id, alpha.civitai_version_id) == (11, 101)
    assert alpha.nsfw_level == 1
    assert alpha.published_at.year == 2025
    assert alpha.civitai_status == "found"
    assert alpha.civitai_checked_at is not None
    assert alpha.update_available is True
    assert alpha.civitai["latest_version"]["id"] == 102
    assert alpha.civitai["hash_match"]["SHA256"] is True
    assert alpha.civitai["hash_match"]["AutoV3"] is True
    assert alpha.civitai["images"][1]["meta"]["prompt"] == "masterpiece, example 1"
    assert alpha.preview_source == "civitai"
    assert alpha.preview_path == str(preview_dir(settings.data_dir) / "101.png")
    pg_image = fake.files["/images/101-1.png"][0]  # the R-rated one comes first
    assert Path(alpha.preview_path).read_bytes() == pg_image
    assert beta.base_model == "SD 1.5"
    assert beta.update_available is False
    assert gamma.civitai_status == "not_found"
    assert gamma.name == before["gamma"].name

    assert len(fake.calls("POST", BY_HASH)) == 1
    assert fake.hash_lookups(before["alpha"].sha256) == 0  # answered by bulk
    assert fake.hash_lookups(before["gamma"].sha256) == 0  # bulk said: unknown
    assert fake.hash_lookups(before["gamma"].autov3) == 1  # the AutoV3 fallback
    assert len(fake.calls("GET", "/api/v1/models/11")) == 1
    api_calls = fake.calls("GET", "/api/v1/") + fake.calls("POST", "/api/v1/")
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in api_calls)


def test_a_file_whose_metadata_was_edited_is_found_by_autov3(
    scan, sync, rows, fake, library_root
):
    write_lora(library_root, "edited", family="sdxl")
    scan()
    row = rows()["edited"]
    fake.add_lora(
        sha256="C" * 64,  # Civitai's copy: same weights, other metadata
        hashes={"AutoV3": row.autov3},
        found_by="AutoV3",
        model_id=5,
        version_id=55,
        model_name="Edited Original",
    )

    report = sync()

    assert report.results == [
        {
            "id": row.id,
            "outcome": "found",
            "reason": "matched by AutoV3: Civitai's copy has different metadata",
        }
    ]
    found = rows()["edited"]
    assert found.name == "Edited Original"
    assert found.civitai["matched_by"] == "AutoV3"
    assert found.civitai["hash_match"]["SHA256"] is False
    assert found.civitai["hash_match"]["AutoV3"] is True


def test_not_found_is_remembered_and_asked_again_only_when_forced(
    scan, sync, rows, fake, library_root
):
    write_lora(library_root, "unknown", family="sd1")
    scan()
    row = rows()["unknown"]

    first = sync()
    asked = len(fake.requests)
    second = sync()
    after_second = len(fake.requests)
    forced = sync(force=True)

    assert first.not_found == 1
    assert rows()["unknown"].civitai_status == "not_found"
    assert rows()["unknown"].civitai_checked_at is not None
    assert asked == 2  # SHA256, then AutoV3
    assert second.results == [
        {
            "id": row.id,
            "outcome": "skipped",
            "reason": "not on Civitai when last checked (force asks again)",
        }
    ]
    assert after_second == asked
    assert forced.not_found == 1
    assert len(fake.requests) == asked * 2


def test_user_edits_survive_a_sync(scan, sync, rows, edit, publish, library_root):
    write_lora(library_root, "mine", family="sdxl", trigger="origtrig")
    scan()
    row = rows()["mine"]
    edit(
        row.id,
        name="My Name",
        base_model="Illustrious",
        trained_words=["myword"],
        description="my notes",
    )
    publish(row, model_id=3, version_id=30, model_name="Theirs", trained_words=["x"])

    sync()

    synced = rows()["mine"]
    assert synced.name == "My Name"
    assert synced.base_model == "Illustrious"
    assert synced.trained_words == ["myword"]
    assert synced.description == "my notes"
    assert synced.civitai["model_name"] == "Theirs"
    assert synced.creator == "fake_creator"


def test_one_failure_never_stops_a_bulk_run(
    scan, sync, rows, publish, fake, library_root
):
    for name in ("one", "two", "three"):
        write_lora(library_root, name, family="sdxl")
    scan()
    before = rows()
    for number, name in enumerate(("one", "two", "three"), start=1):
        publish(before[name], model_id=number, version_id=number * 10)
    fake.script("bulk", always=500)  # bulk fails: every adapter is asked alone
    fake.script(before["two"].sha256, always=500)
    fake.script(before["three"].sha256, 429)  # rate limited once

    report = sync()

    outcomes = {r["id"]: r for r in report.results}
    assert outcomes[before["one"].id]["outcome"] == "found"
    assert outcomes[before["three"].id]["outcome"] == "found"
    failed = outcomes[before["two"].id]
    assert failed["outcome"] == "error"
    assert "500" in failed["reason"]
    assert rows()["two"].civitai_status is None  # untouched, asked again next time
    assert fake.hash_lookups(before["three"].sha256) == 2
    assert len(fake.calls("POST", BY_HASH)) == 3  # one call, three attempts


def test_a_bulk_answer_without_hashes_falls_back_to_a_single_lookup(
    scan, sync, rows, publish, fake, library_root
):
    write_lora(library_root, "plain", family="sdxl")
    write_lora(library_root, "hashless", family="sdxl")
    scan()
    before = rows()
    publish(before["plain"], model_id=1, version_id=10)
    publish(before["hashless"], model_id=2, version_id=20, empty_hashes=True)

    report = sync()

    assert report.found == 2
    assert fake.hash_lookups(before["hashless"].sha256) == 1
    assert fake.hash_lookups(before["plain"].sha256) == 0
    assert set(rows()["hashless"].civitai["hash_match"].values()) == {None}


def test_an_outage_costs_time_never_data(scan, sync, rows, publish, fake, library_root):
    write_lora(library_root, "known", family="sdxl")
    scan()
    publish(rows()["known"], model_id=1, version_id=10, model_name="Known")
    sync()
    write_lora(library_root, "fresh", family="sd1")
    scan()
    before = rows()
    fake.stop()

    report = sync()

    assert report.offline
    assert report.message.startswith("Civitai is unreachable at")
    assert (report.found, report.not_found, report.skipped) == (0, 0, 2)
    assert report.civitai_failed_everywhere
    after = rows()
    for name in ("known", "fresh"):
        for column in ("name", "civitai", "civitai_status", "civitai_checked_at"):
            assert getattr(after[name], column) == getattr(before[name], column)
    assert after["known"].name == "Known"
    assert after["fresh"].civitai_status is None


def test_a_rescan_after_a_sync_keeps_the_civitai_data(
    scan, sync, rows, publish, library_root
):
    path = write_lora(library_root, "kept", family="sdxl", trigger="keeptrig")
    scan()
    publish(
        rows()["kept"],
        model_id=1,
        version_id=10,
        model_name="Kept Style",
        base_model="Pony",
        trained_words=["civword"],
    )
    sync()
    synced = rows()["kept"]
    columns = (
        "name",
        "base_model",
        "trained_words",
        "description",
        "civitai",
        "civitai_status",
        "creator",
        "downloads",
        "preview_path",
        "preview_source",
    )

    scan()  # unchanged
    path.with_suffix(".txt").write_text("")  # a sidecar changes: refresh
    assert scan().updated == 1
    assert scan(force=True).updated == 1  # every file re-read

    kept = rows()["kept"]
    for column in columns:
        assert getattr(kept, column) == getattr(synced, column), column

    (library_root / "kept.preview.png").write_bytes(
        Path(synced.preview_path).read_bytes()
    )
    scan()
    sync()
    chosen = rows()["kept"]
    assert chosen.preview_path == str(library_root / "kept.preview.png")
    assert chosen.preview_source == "sidecar"


def test_sidecars_are_written_only_when_asked_and_a_rescan_agrees(
    scan, sync, rows, publish, library_root
):
    path = write_lora(library_root, "info", family="sdxl")
    write_lora(library_root, "absent", family="sdxl")
    scan()
    version = publish(rows()["info"], model_id=1, version_id=10, model_name="Info")
    info = path.with_name("info.civitai.info")

    sync()
    assert not info.exists()

    sync(write_sidecars=True, force=True)
    assert info.read_text() == json.dumps(version, indent=4)
    assert (library_root / "absent.civitai.info").read_text() == "{}"
    synced = rows()["info"]

    summary = scan()

    assert summary.updated == 2  # the new sidecars were noticed ...
    rescanned = rows()["info"]
    for column in ("name", "civitai", "creator", "downloads", "preview_path"):
        assert getattr(rescanned, column) == getattr(synced, column), column
    assert rows()["absent"].civitai_status == "not_found"  # ... and agree


def test_a_preview_beside_the_file_is_never_replaced(
    scan, sync, rows, publish, fake, library_root
):
    write_lora(library_root, "shown", family="sdxl")
    (library_root / "shown.png").write_bytes(b"\x89PNG user's own")
    scan()
    row = rows()["shown"]
    publish(row, model_id=1, version_id=10)

    sync()

    assert rows()["shown"].preview_path == str(library_root / "shown.png")
    assert rows()["shown"].preview_source == "sidecar"
    assert fake.calls("GET", "/images/") == []


def test_a_civitai_info_sidecar_fills_the_civitai_columns_at_scan(
    scan, rows, fake, library_root
):
    version = fake.add_lora(sha256="D" * 64, model_id=9, version_id=90, downloads=77)
    write_lora(library_root, "helper", family="sdxl")
    (library_root / "helper.civitai.info").write_text(json.dumps(version, indent=4))
    write_lora(library_root, "nowhere", family="sdxl")
    (library_root / "nowhere.civitai.info").write_text("{}")

    scan()

    helper, nowhere = rows()["helper"], rows()["nowhere"]
    assert (helper.civitai_model_id, helper.civitai_version_id) == (9, 90)
    assert (helper.downloads, helper.civitai_status) == (77, "found")
    assert helper.civitai["source"] == "sidecar"
    assert helper.civitai_checked_at is None  # never asked: --only-missing will
    assert nowhere.civitai_status == "not_found"


def test_a_stopped_sync_keeps_what_it_stored(
    engine, settings, scan, rows, publish, library_root, monkeypatch
):
    for name in ("s1", "s2", "s3"):
        write_lora(library_root, name, family="sdxl")
    scan()
    for number, row in enumerate(rows().values(), start=1):
        publish(row, model_id=number, version_id=number * 10)
    monkeypatch.setattr(service, "STOP_CHECK_S", 0.0)
    answers = iter([False])  # go on after the bulk lookup, stop at the first adapter

    with pytest.raises(SyncStoppedError):
        run_sync(
            engine, settings, SyncOptions(), should_stop=lambda: next(answers, True)
        )

    statuses = [row.civitai_status for row in rows().values()]
    assert statuses.count("found") == 1  # the lookup that finished is kept
    assert statuses.count(None) == 2
