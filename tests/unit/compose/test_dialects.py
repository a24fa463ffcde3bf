import pytest

from lora_manager.compose.core import compose
from lora_manager.compose.dialects import comfyui_graph, format_weight
from lora_manager.compose.types import ComfyLora, ComposeOptions
from tests.unit.compose import adapter


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.8, "0.8"),
        (1.0, "1"),
        (1, "1"),
        (-0.5, "-0.5"),
        (0.1 + 0.2, "0.3"),
        (0.30000000000000004, "0.3"),
        (0.12345, "0.1235"),
        (0.99999, "1"),
        (10.0, "10"),
        (-0.00001, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (1.05, "1.05"),
        (100.25, "100.25"),
    ],
)
def test_weights_are_written_compactly_with_at_most_four_decimals(value, text):
    assert format_weight(value) == text


def test_a1111_writes_the_file_stem_and_one_weight():
    stack = [adapter(1, "detail.tweaker_v2", weight=0.8)]

    result = compose("a cat", "", stack, ComposeOptions(target="a1111"))

    assert result.prompt == "a cat, <lora:detail.tweaker_v2:0.8>"
    assert result.adapters[0].token == "<lora:detail.tweaker_v2:0.8>"
    assert result.loras == ()


def test_a1111_writes_split_weights_text_encoder_first():
    stack = [adapter(1, "style", te_weight=0.5, unet_weight=0.75)]

    result = compose("", "", stack, ComposeOptions(target="a1111"))

    assert result.prompt == "<lora:style:0.5:0.75>"
    composed = result.adapters[0]
    assert (composed.weight, composed.te_weight, composed.unet_weight) == (1, 0.5, 0.75)


def test_a1111_split_weight_defaults_the_other_part_to_the_weight():
    stack = [adapter(1, "style", weight=0.6, te_weight=0.2)]

    result = compose("", "", stack, ComposeOptions(target="a1111"))

    assert result.prompt == "<lora:style:0.2:0.6>"


def test_equal_split_weights_are_written_as_one_weight():
    stack = [adapter(1, "style", weight=1.0, te_weight=0.4, unet_weight=0.4)]

    result = compose("", "", stack, ComposeOptions(target="a1111"))

    assert result.prompt == "<lora:style:0.4>"
    assert result.adapters[0].weight == 0.4


def test_forge_writes_the_same_tokens_as_a1111():
    stack = [
        adapter(1, "x.y", weight=-0.5),
        adapter(2, "z", te_weight=0, unet_weight=1),
    ]

    forge = compose("p", "", stack, ComposeOptions(target="forge"))
    a1111 = compose("p", "", stack, ComposeOptions(target="a1111"))

    assert forge.prompt == a1111.prompt == "p, <lora:x.y:-0.5>, <lora:z:0:1>"


def test_a1111_alias_mode_writes_the_alias_and_falls_back_to_the_stem():
    stack = [
        adapter(1, "file_one", alias="Pretty Eyes"),
        adapter(2, "file_two", alias=None),
        adapter(3, "file_three", alias=""),
    ]

    result = compose("", "", stack, ComposeOptions(target="a1111", name_source="alias"))

    assert (
        result.prompt == "<lora:Pretty Eyes:1>, <lora:file_two:1>, <lora:file_three:1>"
    )


def test_a1111_alias_mode_uses_stems_for_aliases_a1111_refuses():
    # A1111 resolves an alias shared by two files (or "none") through stems only.
    stack = [
        adapter(1, "eyes_v1", alias="Eyes"),
        adapter(2, "eyes_v2", alias="eyes"),
        adapter(3, "plain", alias="None"),
        adapter(4, "colon", alias="a:b"),
    ]

    result = compose("", "", stack, ComposeOptions(target="a1111", name_source="alias"))

    assert result.prompt == (
        "<lora:eyes_v1:1>, <lora:eyes_v2:1>, <lora:plain:1>, <lora:colon:1>"
    )
    assert result.warnings == ()


def test_sdnext_replaces_dots_in_the_stem_with_underscores():
    stack = [adapter(1, "detail.tweaker.v2", weight=0.8)]

    result = compose("a cat", "", stack, ComposeOptions(target="sdnext"))

    assert result.prompt == "a cat, <lora:detail_tweaker_v2:0.8>"


def test_sdnext_writes_split_weights_as_named_arguments():
    stack = [adapter(1, "style", te_weight=0.5, unet_weight=0.8)]

    result = compose("", "", stack, ComposeOptions(target="sdnext"))

    assert result.prompt == "<lora:style:te=0.5:unet=0.8>"


def test_sdnext_writes_block_weights_in_in_mid_out_order():
    stack = [
        adapter(1, "a", weight=0.7, block_weights={"out": 1.0, "in": 0.0}),
        adapter(2, "b", te_weight=0.5, unet_weight=1, block_weights={"mid": 0.25}),
    ]

    result = compose("", "", stack, ComposeOptions(target="sdnext"))

    assert result.prompt == ("<lora:a:0.7:in=0:out=1>, <lora:b:te=0.5:unet=1:mid=0.25>")
    assert result.warnings == ()


def test_sdnext_alias_mode_writes_the_alias_as_is():
    stack = [adapter(1, "file.v1", alias="my.alias"), adapter(2, "other.v1")]

    result = compose(
        "", "", stack, ComposeOptions(target="sdnext", name_source="alias")
    )

    assert result.prompt == "<lora:my.alias:1>, <lora:other_v1:1>"


def test_comfyui_puts_no_tokens_in_the_prompt_and_builds_a_loader_chain():
    stack = [
        adapter(
            1,
            "detail",
            relative_path="sdxl/detail.safetensors",
            weight=0.8,
            trained_words=("dtl",),
        ),
        adapter(
            2,
            "style",
            relative_path="style.v2.safetensors",
            te_weight=0.5,
            unet_weight=0.9,
        ),
    ]

    result = compose("a cat", "blurry", stack, ComposeOptions(target="comfyui"))

    assert result.prompt == "a cat, dtl"
    assert result.negative_prompt == "blurry"
    assert result.loras == (
        ComfyLora("sdxl/detail.safetensors", strength_model=0.8, strength_clip=0.8),
        ComfyLora("style.v2.safetensors", strength_model=0.9, strength_clip=0.5),
    )
    assert [composed.token for composed in result.adapters] == [None, None]


def test_comfyui_graph_chains_loaders_from_the_checkpoint_outputs():
    loras = [
        ComfyLora("a.safetensors", 0.8, 0.7),
        ComfyLora("sub/b.safetensors", 1.0, 1.0),
    ]

    nodes, model, clip = comfyui_graph(loras)

    assert nodes == {
        "100": {
            "class_type": "LoraLoader",
            "inputs": {
                "model": ["4", 0],
                "clip": ["4", 1],
                "lora_name": "a.safetensors",
                "strength_model": 0.8,
                "strength_clip": 0.7,
            },
        },
        "101": {
            "class_type": "LoraLoader",
            "inputs": {
                "model": ["100", 0],
                "clip": ["100", 1],
                "lora_name": "sub/b.safetensors",
                "strength_model": 1.0,
                "strength_clip": 1.0,
            },
        },
    }
    assert (model, clip) == (("101", 0), ("101", 1))


def test_comfyui_graph_wires_custom_sources_and_node_ids():
    nodes, model, clip = comfyui_graph(
        [ComfyLora("a.safetensors", 1.0, 0.0)],
        model=("12", 0),
        clip=("30", 2),
        first_node_id=7,
    )

    inputs = nodes["7"]["inputs"]
    assert (inputs["model"], inputs["clip"]) == (["12", 0], ["30", 2])
    assert (model, clip) == (("7", 0), ("7", 1))


def test_comfyui_graph_without_loras_passes_the_sources_through():
    assert comfyui_graph([]) == ({}, ("4", 0), ("4", 1))
