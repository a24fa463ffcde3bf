"""Civitai JSON to adapter columns, records and suggestions (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lora_manager.civitai.mapping import (
    allowed_nsfw_mask,
    hash_match,
    matching_file,
    newer_version,
    preview_image,
    preview_source_of,
    sidecar_columns,
    usable_autov3,
    version_columns,
)
from lora_manager.civitai.record import (
    api_record,
    merge_suggestions,
    not_found_record,
    record_suggestions,
)
from tests.fakes.civitai import image_json, model_json, version_json

SHA = "ab" * 32
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
OURS = {"SHA256": SHA, "AutoV2": SHA[:10], "AutoV3": "0123456789ab", "BLAKE3": None}


def _version(**overrides):
    version = version_json(
        version_id=70,
        model_id=7,
        name="v1.0",
        model_name="Cool Style",
        base_model="Pony",
        trained_words=["coolstyle", "glow"],
        hashes={"SHA256": SHA.upper(), "AutoV2": SHA[:10].upper(), "AutoV3": "X" * 12},
        images=[
            image_json("http://x/r.png", 4, 0),
            image_json("http://x/pg.png", 1, 1),
        ],
        published_at="2025-03-01T10:00:00.000Z",
        origin="http://x",
    )
    version.update(overrides)
    return version


def test_version_columns_are_typed_and_bounded():
    version = _version(stats={"downloadCount": 2**40, "thumbsUpCount": 12})

    columns = version_columns(version)

    assert columns["civitai_model_id"] == 7
    assert columns["civitai_version_id"] == 70
    assert columns["downloads"] is None  # does not fit the column: not stored
    assert columns["thumbs_up"] == 12
    assert columns["published_at"] == datetime(2025, 3, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "junk",
    [
        {"id": "70", "modelId": True, "publishedAt": "yesterday"},
        {"id": 1.5, "stats": [], "nsfwLevel": -1},
        {"stats": {"downloadCount": "many"}, "publishedAt": 20250101},
    ],
)
def test_hand_edited_sidecar_values_never_raise(junk):
    columns = sidecar_columns(junk, False)
    assert "civitai_status" not in columns  # no usable version id
    assert all(v is None for k, v in columns.items() if k != "creator")


def test_an_empty_civitai_info_means_not_found():
    assert sidecar_columns(None, True) == {"civitai_status": "not_found"}
    assert sidecar_columns(None, False) == {}


def test_hash_match_compares_each_type_civitai_lists():
    file = matching_file(_version(), OURS)
    assert file is not None

    match = hash_match(file["hashes"], OURS)

    assert match == {
        "SHA256": True,
        "AutoV1": None,
        "AutoV2": True,
        "AutoV3": False,
        "CRC32": None,
        "BLAKE3": None,
    }


def test_the_empty_tensor_autov3_is_never_asked_about():
    assert usable_autov3("e3b0c44298fc") is None
    assert usable_autov3(None) is None
    assert usable_autov3("0123456789ab") == "0123456789AB"


@pytest.mark.parametrize(
    ("level", "expected"), [("PG", "http://x/pg.png"), ("R", "http://x/r.png")]
)
def test_preview_is_the_first_image_within_the_level(level, expected):
    image = preview_image(_version(), allowed_nsfw_mask(level))
    assert image is not None
    assert image["url"] == expected


def test_no_image_within_the_level_means_no_preview():
    version = _version(images=[image_json("http://x/x.png", 8, 0)])
    assert preview_image(version, allowed_nsfw_mask("PG")) is None


def test_a_newer_published_version_is_an_update():
    ours = _version()
    newer = _version(id=71, name="v2", publishedAt="2026-01-01T00:00:00Z")
    model = model_json(
        model_id=7,
        name="m",
        versions=[newer, ours],
        creator="c",
        tags=[],
        description=None,
    )

    latest = newer_version(model, ours)

    assert latest == {
        "id": 71,
        "name": "v2",
        "base_model": "Pony",
        "published_at": "2026-01-01T00:00:00+00:00",
    }
    assert newer_version(model, newer) is None


def test_record_keeps_the_version_verbatim_and_summarises_it():
    version = _version()
    model = model_json(
        model_id=7,
        name="Cool Style",
        versions=[version],
        creator="maker",
        tags=["style", "Style", "anime"],
        description="<p>Great</p>",
    )

    record = api_record(version, model, matched_by="SHA256", ours=OURS, checked_at=NOW)

    assert record["version"] == version
    assert record["creator"] == "maker"
    assert record["tags"] == ["style", "anime"]
    assert record["images"][0]["meta"]["prompt"] == "masterpiece, example 0"
    assert record["license"]["allowCommercialUse"] == ["Image", "RentCivit"]
    assert record["update_available"] is False
    assert record["hash_match"]["SHA256"] is True


def test_suggestions_merge_words_and_keep_a_users_sidecar_description():
    version = _version()
    model = model_json(
        model_id=7, name="m", versions=[version], creator="c", tags=[], description="C"
    )
    record = api_record(version, model, matched_by="SHA256", ours=OURS, checked_at=NOW)
    header = {"description": "from the header"}

    from_header = merge_suggestions(
        {"trained_words": ["mine", "GLOW"], "description": "from the header"},
        record,
        header,
    )
    from_sidecar = merge_suggestions({"description": "my notes"}, record, header)

    assert from_header["name"] == "Cool Style"
    assert from_header["base_model"] == "Pony"
    assert from_header["trained_words"] == ["coolstyle", "glow", "mine"]
    assert from_header["description"] == "C"
    assert "description" not in from_sidecar


def test_not_found_keeps_earlier_data_and_suggests_nothing():
    earlier = {"source": "sidecar", "version": {"id": 1}}

    record = not_found_record(earlier, NOW)
    again = not_found_record(record, NOW)

    assert record["not_found"] is True
    assert again["previous"] == earlier
    assert record_suggestions(record) == {}


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (None, None),
        ("/data/previews/civitai/70.png", "civitai"),
        ("/data/previews/abc.png", "embedded"),
        ("/loras/style.preview.png", "sidecar"),
    ],
)
def test_where_a_preview_lives_says_where_it_came_from(path, source):
    assert preview_source_of(path) == source
