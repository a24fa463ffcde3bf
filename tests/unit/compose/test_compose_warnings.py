import pytest

from lora_manager.compose.core import compose
from lora_manager.compose.types import ComposeOptions, ComposeWarning
from tests.unit.compose import adapter

A1111 = ComposeOptions(target="a1111")


def test_mixed_architectures_is_warned_once_for_the_stack():
    stack = [
        adapter(1, "old", architecture="sd1", base_model="SD 1.5"),
        adapter(2, "new"),
        adapter(3, "pony", architecture="sdxl", base_model="Pony"),
    ]

    result = compose("", "", stack, A1111)

    assert result.warnings == (
        ComposeWarning(
            "mixed_architectures",
            "The stack mixes architectures (sd1, sdxl); "
            "an adapter only works with models of its own architecture.",
            None,
        ),
    )


def test_base_model_mismatch_names_both_sides():
    stack = [
        adapter(1, "old", name="Old Style", architecture="sd1", base_model="SD 1.5")
    ]

    result = compose("", "", stack, ComposeOptions(target="a1111", base_model="Pony"))

    assert result.warnings == (
        ComposeWarning(
            "base_model_mismatch",
            "Adapter 1 (Old Style) is made for SD 1.5 (sd1), "
            "which does not work with Pony (sdxl).",
            1,
        ),
    )


@pytest.mark.parametrize("base_model", ["Pony", "Illustrious", "NoobAI", "SDXL 1.0"])
@pytest.mark.parametrize(
    "target_base", ["Pony", "Illustrious", "NoobAI", "SDXL 1.0", "sdxl"]
)
def test_sdxl_family_base_models_are_compatible_with_each_other(
    base_model, target_base
):
    stack = [adapter(1, architecture="unknown", base_model=base_model)]
    options = ComposeOptions(target="a1111", base_model=target_base)

    assert compose("", "", stack, options).warnings == ()


def test_base_model_mismatch_uses_the_architecture_when_the_base_model_is_unknown():
    stack = [adapter(4, "f", name="Flux Thing", architecture="flux1", base_model=None)]
    options = ComposeOptions(target="comfyui", base_model="SD 1.5")

    (warning,) = compose("", "", stack, options).warnings

    assert warning.code == "base_model_mismatch"
    assert warning.message == (
        "Adapter 4 (Flux Thing) is made for flux1 (flux1), "
        "which does not work with SD 1.5 (sd1)."
    )


def test_an_unrecognised_target_base_model_is_not_checked():
    stack = [adapter(1, architecture="sd1", base_model="SD 1.5")]
    options = ComposeOptions(target="a1111", base_model="Some Future Model")

    assert compose("", "", stack, options).warnings == ()


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        ("missing", "file_missing", "The file of adapter 5 (Lost) is missing."),
        ("offline", "file_offline", "The library root of adapter 5 (Lost) is offline."),
        (
            "error",
            "file_error",
            "The file of adapter 5 (Lost) could not be read at the last scan.",
        ),
    ],
)
def test_file_status_warnings_keep_the_adapter_in_the_prompt(status, code, message):
    stack = [adapter(5, "lost", name="Lost", status=status)]

    result = compose("", "", stack, A1111)

    assert result.warnings == (ComposeWarning(code, message, 5),)
    assert result.prompt == "<lora:lost:1>"


def test_the_same_adapter_twice_is_kept_once():
    stack = [
        adapter(1, "a", name="A", weight=0.5),
        adapter(1, "a", name="A", weight=0.9),
    ]

    result = compose("", "", stack, A1111)

    assert result.prompt == "<lora:a:0.5>"
    assert result.warnings == (
        ComposeWarning(
            "duplicate_adapter",
            "Adapter 1 (A) is listed more than once; only the first is used.",
            1,
        ),
    )


def test_two_adapters_with_the_same_file_content_are_kept_once():
    sha = "ab" * 32
    stack = [
        adapter(1, "a", name="A", sha256=sha),
        adapter(2, "copy", name="Copy", sha256=sha.upper()),
        adapter(3, "b", name="B", sha256="cd" * 32),
    ]

    result = compose("", "", stack, A1111)

    assert result.prompt == "<lora:a:1>, <lora:b:1>"
    assert [composed.id for composed in result.adapters] == [1, 3]
    assert result.warnings == (
        ComposeWarning(
            "duplicate_adapter",
            "Adapter 2 (Copy) is the same file as adapter 1 (A) (same SHA-256); "
            "only adapter 1 (A) is used.",
            2,
        ),
    )


def test_same_stem_in_two_folders_collides_for_a1111():
    stack = [
        adapter(1, "style", name="Style SD", relative_path="sd15/style.safetensors"),
        adapter(2, "style", name="Style XL", relative_path="sdxl/style.safetensors"),
    ]

    result = compose("", "", stack, A1111)

    assert result.warnings == (
        ComposeWarning(
            "name_collision",
            "Adapters 1 (Style SD) and 2 (Style XL) both appear as 'style' to a1111; "
            "the backend loads only one of them.",
            2,
        ),
    )
    # ComfyUI addresses files by path, so the same stems do not collide there.
    assert compose("", "", stack, ComposeOptions(target="comfyui")).warnings == ()


def test_dots_and_underscores_collide_for_sdnext_only():
    stack = [
        adapter(1, "eyes.v2", name="Dots"),
        adapter(2, "eyes_v2", name="Underscores"),
    ]

    sdnext = compose("", "", stack, ComposeOptions(target="sdnext"))

    assert sdnext.warnings == (
        ComposeWarning(
            "name_collision",
            "Adapters 1 (Dots) and 2 (Underscores) both appear as 'eyes_v2' to sdnext; "
            "the backend loads only one of them.",
            2,
        ),
    )
    assert compose("", "", stack, A1111).warnings == ()


def test_an_alias_equal_to_another_files_stem_collides_only_in_alias_mode():
    stack = [adapter(1, "one", name="One", alias="two"), adapter(2, "two", name="Two")]

    by_alias = compose(
        "", "", stack, ComposeOptions(target="a1111", name_source="alias")
    )
    by_stem = compose("", "", stack, ComposeOptions(target="a1111", name_source="stem"))

    # A1111 registers stems and aliases in one table; a stem always finds its file.
    assert by_alias.warnings == (
        ComposeWarning(
            "name_collision",
            "Adapters 1 (One) and 2 (Two) both appear as 'two' to a1111; "
            "the backend loads only one of them.",
            1,
        ),
    )
    assert by_stem.warnings == ()


def test_same_relative_path_in_two_roots_collides_for_comfyui():
    stack = [
        adapter(1, "x", name="X on disk A", relative_path="x.safetensors"),
        adapter(2, "x", name="X on disk B", relative_path="x.safetensors"),
    ]

    (warning,) = compose("", "", stack, ComposeOptions(target="comfyui")).warnings

    assert warning == ComposeWarning(
        "name_collision",
        "Adapters 1 (X on disk A) and 2 (X on disk B) both appear as 'x.safetensors' "
        "to comfyui; the backend loads only one of them.",
        2,
    )


def test_unknown_architecture_is_warned_per_adapter():
    stack = [
        adapter(1, "a", name="A", architecture="unknown", base_model=None),
        adapter(2, "b", name="B", architecture="unknown", base_model="Illustrious"),
    ]

    result = compose("", "", stack, ComposeOptions(target="a1111", base_model="Pony"))

    assert result.warnings == (
        ComposeWarning(
            "unknown_architecture",
            "The architecture of adapter 1 (A) is unknown; "
            "its compatibility cannot be checked.",
            1,
        ),
    )


@pytest.mark.parametrize(
    ("target", "stem", "reason"),
    [
        ("a1111", "a:b", "it contains ':', which separates the arguments"),
        ("forge", "a>b", "it contains '>', which ends the token"),
        ("sdnext", "te=1", "it contains '=', which makes it a named argument"),
    ],
)
def test_a_name_that_cannot_be_written_in_a_token_leaves_the_adapter_out(
    target, stem, reason
):
    stack = [adapter(3, stem, name="Odd", trained_words=("odd",)), adapter(4, "fine")]

    result = compose("p", "", stack, ComposeOptions(target=target))

    assert result.prompt == "p, <lora:fine:1>"
    assert result.adapters[0].token is None
    assert result.warnings == (
        ComposeWarning(
            "unusable_name",
            f"The name {stem!r} of adapter 3 (Odd) cannot be written in a <lora:…> "
            f"token ({reason}); the adapter is left out of the prompt.",
            3,
        ),
    )


def test_an_sdnext_alias_starting_with_a_slash_is_unusable():
    stack = [adapter(1, "x", alias="/models/x")]

    result = compose(
        "", "", stack, ComposeOptions(target="sdnext", name_source="alias")
    )

    assert [w.code for w in result.warnings] == ["unusable_name"]


def test_names_with_two_equals_signs_stay_positional_and_usable():
    result = compose("", "", [adapter(1, "a=b=c")], A1111)

    assert result.prompt == "<lora:a=b=c:1>"
    assert result.warnings == ()


@pytest.mark.parametrize("target", ["a1111", "forge", "comfyui"])
def test_block_weights_are_ignored_with_a_warning_outside_sdnext(target):
    stack = [adapter(2, "a", name="A", weight=0.5, block_weights={"in": 0.0})]

    result = compose("", "", stack, ComposeOptions(target=target))

    assert result.warnings == (
        ComposeWarning(
            "block_weights_ignored",
            f"{target} has no in/mid/out block weights; "
            "they are ignored for adapter 2 (A).",
            2,
        ),
    )


def test_warnings_come_in_a_stable_order():
    stack = [
        adapter(
            1, "a", name="A", architecture="sd1", base_model="SD 1.5", status="missing"
        ),
        adapter(1, "a", name="A"),
        adapter(2, "a", name="A2", architecture="unknown", base_model=None),
        adapter(3, "c", name="C"),
    ]

    result = compose(
        "", "", stack, ComposeOptions(target="a1111", base_model="SDXL 1.0")
    )

    assert [(w.code, w.adapter_id) for w in result.warnings] == [
        ("duplicate_adapter", 1),
        ("file_missing", 1),
        ("base_model_mismatch", 1),
        ("unknown_architecture", 2),
        ("name_collision", 2),
        ("mixed_architectures", None),
    ]
