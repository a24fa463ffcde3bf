"""Reading the sidecar files other tools keep next to a LoRA (LORA_SPECS §5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lora_manager.library.previews import DirectoryNames
from lora_manager.library.sidecars import (
    MAX_SIDECAR_BYTES,
    SidecarFacts,
    read_sidecars,
    sidecar_names,
)

CIVITAI_VERSION: dict[str, object] = {
    "id": 222,
    "modelId": 111,
    "name": "v2.0",
    "baseModel": "Illustrious",
    "description": "<p>Second <b>version</b></p>",
    "trainedWords": ["miku, twintails", "aqua eyes"],
    "model": {"name": "Miku", "type": "LORA", "nsfw": False, "poi": False},
    "files": [{"name": "miku.safetensors", "hashes": {"SHA256": "AB" * 32}}],
}
SDNEXT_MODEL: dict[str, object] = {
    "id": 111,
    "name": "Miku",
    "description": "<p>The model page</p>",
    "tags": ["character", "vocaloid"],
    "modelVersions": [
        {"id": 333, "baseModel": "Pony", "trainedWords": ["miku (pony)"]},
        {"id": 222, "baseModel": "Illustrious", "trainedWords": ["miku, twintails"]},
    ],
}
A1111_USER: dict[str, object] = {
    "description": "My notes on Miku",
    "sd version": "SDXL",
    "activation text": "miku, twintails, aqua eyes ",
    "preferred weight": 0.8,
    "negative text": "bad hands",
    "notes": "works best at 0.8",
}
LORA_MANAGER: dict[str, object] = {
    "file_name": "miku",
    "model_name": "Miku",
    "file_path": "/loras/miku.safetensors",
    "size": 1234,
    "modified": 1717000000,
    "sha256": "ab" * 32,
    "base_model": "Unknown",
    "preview_url": "/loras/miku.webp",
    "notes": "from lora manager",
    "from_civitai": True,
    "civitai": {},
    "tags": ["anime", "character"],
    "modelDescription": "<p>Model description</p>",
    "favorite": True,
    "usage_tips": '{"strength": 0.7, "clip_skip": 2}',
    "some_future_field": {"kept": True},
}


class Folder:
    """A model folder on disk and the names a directory walk would report."""

    def __init__(self, root: Path, model: str = "miku.safetensors") -> None:
        self.root = root
        self.model = root / model
        self.model.write_bytes(b"model bytes are never read here")

    def write(self, name: str, content: str | bytes | dict[str, object]) -> None:
        path = self.root / name
        if isinstance(content, dict):
            path.write_text(json.dumps(content, indent=4), encoding="utf-8")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def names(self) -> set[str]:
        return set(os.listdir(self.root))

    def read(self) -> SidecarFacts:
        return read_sidecars(self.model, self.names())


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return Folder(tmp_path)


# --- which files belong to a model ---------------------------------------------


def test_sidecar_names_lists_every_sidecar_and_preview_of_the_model() -> None:
    names = {
        "miku.safetensors",
        "miku.civitai.info",
        "miku.json",
        "miku.metadata.json",
        "miku.txt",
        "miku.description.txt",
        "miku.preview.png",
        "miku.mp4",
        "miku.thumb.jpg",
        "miku_v2.safetensors",
        "miku_v2.png",
        "miku.v2.json",
        "other.civitai.info",
    }
    assert sidecar_names(Path("/loras/miku.safetensors"), names) == [
        "miku.civitai.info",
        "miku.description.txt",
        "miku.json",
        "miku.metadata.json",
        "miku.mp4",
        "miku.preview.png",
        "miku.thumb.jpg",
        "miku.txt",
    ]


def test_sidecar_names_includes_files_that_differ_only_in_case() -> None:
    names = ["Miku.Civitai.Info", "MIKU.PNG", "miku.safetensors"]
    assert sidecar_names(Path("/loras/miku.safetensors"), names) == [
        "MIKU.PNG",
        "Miku.Civitai.Info",
    ]


def test_sidecar_names_reads_nothing_from_disk() -> None:
    missing = Path("/does/not/exist/model.safetensors")
    assert sidecar_names(missing, DirectoryNames(["model.json"])) == ["model.json"]


# --- Civitai Helper .civitai.info ------------------------------------------------


def test_civitai_info_is_kept_verbatim_and_supplies_words_and_base_model(
    folder: Folder,
) -> None:
    folder.write("miku.civitai.info", CIVITAI_VERSION)
    result = folder.read()
    assert result.civitai_version == CIVITAI_VERSION
    assert result.civitai_not_found is False
    assert result.base_model == "Illustrious"
    assert result.trained_words == ["miku, twintails", "aqua eyes"]
    assert result.description == "<p>Second <b>version</b></p>"
    assert (result.sources, result.problems) == (["miku.civitai.info"], [])


def test_empty_civitai_info_means_checked_and_not_on_civitai(folder: Folder) -> None:
    folder.write("miku.civitai.info", "{}")
    result = folder.read()
    assert (result.civitai_not_found, result.civitai_version) == (True, None)


# --- <base>.json: A1111 user metadata or SD.Next's Civitai model ----------------


def test_a1111_user_metadata_supplies_the_users_own_fields(folder: Folder) -> None:
    folder.write("miku.json", A1111_USER)
    result = folder.read()
    assert result.description == "My notes on Miku"
    assert result.trained_words == ["miku", "twintails", "aqua eyes"]
    assert result.preferred_weight == 0.8
    assert result.negative_text == "bad hands"
    assert result.notes == "works best at 0.8"
    assert result.sd_version == "SDXL"
    assert result.civitai_model is None


def test_a1111_zero_weight_and_unknown_version_mean_not_set(folder: Folder) -> None:
    folder.write(
        "miku.json",
        {"preferred weight": 0, "sd version": "Unknown", "activation text": ""},
    )
    result = folder.read()
    assert (result.preferred_weight, result.sd_version, result.trained_words) == (
        None,
        None,
        [],
    )
    assert result.sources == ["miku.json"]


def test_sdnext_model_json_is_told_apart_by_its_model_versions(folder: Folder) -> None:
    folder.write("miku.json", SDNEXT_MODEL)
    result = folder.read()
    assert result.civitai_model == SDNEXT_MODEL
    assert result.tags == ["character", "vocaloid"]
    assert result.description == "<p>The model page</p>"
    # Without knowing this file's version, SD.Next offers every version's words.
    assert result.trained_words == ["miku (pony)", "miku, twintails"]
    assert result.base_model is None  # the versions disagree
    assert result.notes is None


def test_sdnext_model_json_uses_the_version_the_civitai_info_names(
    folder: Folder,
) -> None:
    folder.write("miku.json", SDNEXT_MODEL)
    folder.write("miku.civitai.info", {"id": 333, "modelId": 111})
    result = folder.read()
    assert (result.trained_words, result.base_model) == (["miku (pony)"], "Pony")


def test_odd_values_inside_a_sidecar_are_skipped(folder: Folder) -> None:
    folder.write(
        "miku.json",
        {
            "modelVersions": [{"baseModel": ["x"], "trainedWords": "not a list"}, 7],
            "tags": {"a": 1},
            "description": 42,
        },
    )
    folder.write(
        "miku.metadata.json",
        {"civitai": [], "favorite": "yes", "usage_tips": "{bad", "tags": [1, "ok"]},
    )
    result = folder.read()
    assert (result.base_model, result.trained_words, result.description) == (
        None,
        [],
        None,
    )
    assert (result.favorite, result.preferred_weight, result.tags) == (
        None,
        None,
        ["ok"],
    )
    assert result.problems == []


def test_unknown_json_layouts_are_left_alone(folder: Folder) -> None:
    folder.write("miku.json", {"learning_rate": 0.0001, "epochs": 10})
    result = folder.read()
    assert result == SidecarFacts()


# --- ComfyUI-Lora-Manager .metadata.json ---------------------------------------


def test_lora_manager_metadata_supplies_tags_favorite_notes_and_weight(
    folder: Folder,
) -> None:
    folder.write("miku.metadata.json", LORA_MANAGER)
    result = folder.read()
    assert result.base_model is None  # "Unknown" is Lora-Manager's empty value
    assert result.civitai_version is None  # an empty civitai object
    assert result.tags == ["anime", "character"]
    assert result.favorite is True
    assert result.notes == "from lora manager"
    assert result.preferred_weight == 0.7
    assert result.description == "<p>Model description</p>"
    assert result.sources == ["miku.metadata.json"]


def test_lora_manager_civitai_object_counts_as_the_civitai_version(
    folder: Folder,
) -> None:
    civitai = {**CIVITAI_VERSION, "trainedWords": ["miku", "user added"]}
    folder.write(
        "miku.metadata.json",
        {**LORA_MANAGER, "base_model": "Pony", "civitai": civitai},
    )
    result = folder.read()
    assert result.civitai_version == civitai
    assert result.base_model == "Illustrious"  # Civitai's baseModel comes first
    assert result.trained_words == ["miku", "user added"]


def test_lora_manager_base_model_is_used_when_civitai_has_none(folder: Folder) -> None:
    folder.write("miku.metadata.json", {**LORA_MANAGER, "base_model": "SDXL 1.0"})
    assert folder.read().base_model == "SDXL 1.0"


# --- plain-text descriptions and precedence ------------------------------------


def test_description_comes_from_the_first_source_that_has_one(folder: Folder) -> None:
    folder.write("miku.civitai.info", CIVITAI_VERSION)
    folder.write("miku.metadata.json", LORA_MANAGER)
    assert folder.read().description == "<p>Model description</p>"
    folder.write("miku.txt", "plain text\n")
    assert folder.read().description == "plain text"
    folder.write("miku.description.txt", "  described  ")
    assert folder.read().description == "described"
    folder.write("miku.json", A1111_USER)
    assert folder.read().description == "My notes on Miku"


def test_everything_readable_is_combined(folder: Folder) -> None:
    folder.write("miku.civitai.info", CIVITAI_VERSION)
    folder.write("miku.json", A1111_USER)
    folder.write("miku.metadata.json", LORA_MANAGER)
    result = folder.read()
    assert result.trained_words == [
        "miku, twintails",
        "aqua eyes",
        "miku",
        "twintails",
    ]
    assert result.notes == "works best at 0.8"  # A1111 before Lora-Manager
    assert result.sources == ["miku.civitai.info", "miku.metadata.json", "miku.json"]


# --- bad files never stop the others -------------------------------------------


def test_broken_json_is_reported_and_the_other_sidecars_still_read(
    folder: Folder,
) -> None:
    folder.write("miku.civitai.info", '{"id": 1, "trainedWords": ["a"]')
    folder.write("miku.json", A1111_USER)
    result = folder.read()
    assert result.civitai_version is None
    assert result.notes == "works best at 0.8"
    assert len(result.problems) == 1
    assert result.problems[0].startswith("miku.civitai.info: is not valid JSON")
    assert result.sources == ["miku.json"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", "holds JSON list, expected an object"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        ('"just a string"', "holds JSON str, expected an object"),
        ('{"strength": NaN}', "is not valid JSON (NaN is not allowed)"),
        ("[" * 100_000, "is not valid JSON (nested too deeply)"),
    ],
)
def test_unusable_sidecars_get_a_one_line_reason(
    folder: Folder,
    content: str | bytes,
    reason: str,
) -> None:
    folder.write("miku.metadata.json", content)
    result = folder.read()
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"miku.metadata.json: {reason}")
    assert "\n" not in result.problems[0]


def test_oversized_sidecars_are_refused_without_reading_them_whole(
    folder: Folder,
) -> None:
    folder.write("miku.civitai.info", b"{" + b" " * MAX_SIDECAR_BYTES + b"}")
    result = folder.read()
    assert result.problems == ["miku.civitai.info: is larger than 16 MiB"]


def test_unreadable_sidecars_are_reported(folder: Folder) -> None:
    (folder.root / "miku.json").mkdir()
    result = folder.read()
    assert len(result.problems) == 1
    assert result.problems[0].startswith("miku.json: cannot be read")


def test_a_bom_does_not_break_a_sidecar(folder: Folder) -> None:
    folder.write("miku.json", b"\xef\xbb\xbf" + json.dumps(A1111_USER).encode())
    assert folder.read().notes == "works best at 0.8"


# --- which files are looked at -------------------------------------------------


def test_files_missing_from_names_in_dir_are_not_read(folder: Folder) -> None:
    folder.write("miku.civitai.info", CIVITAI_VERSION)
    result = read_sidecars(folder.model, {"miku.safetensors"})
    assert result == SidecarFacts()


def test_sidecars_are_found_when_their_case_differs(folder: Folder) -> None:
    folder.write("MIKU.Civitai.Info", CIVITAI_VERSION)
    result = folder.read()
    assert (result.base_model, result.sources) == ("Illustrious", ["MIKU.Civitai.Info"])


def test_a_model_with_dots_in_its_name_gets_its_own_sidecars(tmp_path: Path) -> None:
    folder = Folder(tmp_path, "miku.v2.safetensors")
    folder.write("miku.v2.civitai.info", CIVITAI_VERSION)
    folder.write("miku.civitai.info", {"baseModel": "Pony"})
    assert folder.read().base_model == "Illustrious"


def test_reading_sidecars_writes_nothing_next_to_the_model(folder: Folder) -> None:
    folder.write("miku.civitai.info", CIVITAI_VERSION)
    folder.write("miku.json", "{broken")
    before = folder.names()
    folder.read()
    assert folder.names() == before


def test_a_model_without_sidecars_has_empty_facts(folder: Folder) -> None:
    assert folder.read() == SidecarFacts()
