"""Finding a model's preview among the names of its folder (LORA_SPECS §5.2)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from lora_manager.library.previews import (
    PREVIEW_ORDER,
    DirectoryNames,
    find_preview,
    is_video,
)

MODEL = Path("/loras/characters/miku.safetensors")


def preview(names: Collection[str], model: Path = MODEL) -> str | None:
    found = find_preview(model, names)
    if found is not None:
        assert found.parent == model.parent
    return None if found is None else found.name


def test_preview_order_puts_named_previews_first_and_thumbnails_last() -> None:
    assert PREVIEW_ORDER[:3] == (".preview.png", ".preview.jpg", ".preview.jpeg")
    position = PREVIEW_ORDER.index
    assert position(".preview.mp4") < position(".png") < position(".mp4")
    assert position(".mp4") < position(".thumb.jpg")
    assert {".webp", ".gif", ".preview.webp", ".webm", ".avif"} <= set(PREVIEW_ORDER)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"miku.png", "miku.preview.png"}, "miku.preview.png"),
        ({"miku.preview.webp", "miku.preview.jpg"}, "miku.preview.jpg"),
        ({"miku.preview.mp4", "miku.png"}, "miku.preview.mp4"),
        ({"miku.webp", "miku.jpg", "miku.png"}, "miku.png"),
        ({"miku.gif", "miku.mp4"}, "miku.gif"),
        ({"miku.thumb.jpg", "miku.jpeg"}, "miku.jpeg"),
        ({"miku.thumb.jpg"}, "miku.thumb.jpg"),
        ({"miku.example.0.jpeg"}, "miku.example.0.jpeg"),
    ],
)
def test_find_preview_follows_the_documented_order(
    names: set[str],
    expected: str,
) -> None:
    assert preview(names | {"miku.safetensors"}) == expected


def test_find_preview_accepts_a_video_preview() -> None:
    found = find_preview(MODEL, {"miku.safetensors", "miku.mp4"})
    assert found == MODEL.parent / "miku.mp4"
    assert found is not None
    assert is_video(found)


def test_find_preview_falls_back_to_names_that_differ_in_case() -> None:
    assert preview({"MIKU.PREVIEW.PNG"}) == "MIKU.PREVIEW.PNG"


def test_find_preview_prefers_any_exact_match_to_a_case_insensitive_one() -> None:
    assert preview({"Miku.Preview.png", "miku.jpg"}) == "miku.jpg"


def test_find_preview_ignores_previews_of_other_models() -> None:
    names = {"miku_v2.png", "miku.v2.png", "mikuX.preview.png", "other.png"}
    assert preview(names) is None


def test_find_preview_handles_dots_in_the_model_name() -> None:
    model = Path("/loras/miku.v2.safetensors")
    names = {"miku.png", "miku.v2.preview.png"}
    assert preview(names, model) == "miku.v2.preview.png"


def test_find_preview_returns_none_without_a_preview() -> None:
    assert preview({"miku.safetensors", "miku.civitai.info", "miku.txt"}) is None


@pytest.mark.parametrize(
    "names",
    [
        ["miku.safetensors", "Miku.PNG"],
        ("miku.safetensors", "Miku.PNG"),
        frozenset({"miku.safetensors", "Miku.PNG"}),
        DirectoryNames(["miku.safetensors", "Miku.PNG"]),
    ],
    ids=["list", "tuple", "frozenset", "indexed"],
)
def test_find_preview_takes_any_collection_of_names(names: Collection[str]) -> None:
    assert preview(names) == "Miku.PNG"


def test_directory_names_behaves_like_a_set_of_names() -> None:
    names = DirectoryNames(["a.png", "A.PNG", "b.json"])
    assert ("a.png" in names, "a.PNG" in names, len(names)) == (True, False, 3)
    assert names.ignoring_case("a.Png") == ["A.PNG", "a.png"]
    assert sorted(names) == ["A.PNG", "a.png", "b.json"]
