from lora_manager.compose.parsing import parse_infotext

A1111_INFOTEXT = """masterpiece, a cat, <lora:detail:0.8>, <lora:Style Alias:0.5>
Negative prompt: blurry,
lowres, bad hands
Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 123, \
Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned, \
Lora hashes: "detail: 0123456789ab, Style Alias: ba9876543210", Version: v1.10.1"""


def test_a1111_infotext_splits_prompt_negative_prompt_and_params():
    info = parse_infotext(A1111_INFOTEXT)

    assert (
        info.prompt == "masterpiece, a cat, <lora:detail:0.8>, <lora:Style Alias:0.5>"
    )
    assert info.negative_prompt == "blurry,\nlowres, bad hands"
    assert info.params == {
        "Steps": "20",
        "Sampler": "DPM++ 2M",
        "Schedule type": "Karras",
        "CFG scale": "7",
        "Seed": "123",
        "Size": "512x768",
        "Model hash": "6ce0161689",
        "Model": "v1-5-pruned",
        "Lora hashes": "detail: 0123456789ab, Style Alias: ba9876543210",
        "Version": "v1.10.1",
    }


def test_a1111_lora_hashes_map_names_to_short_hashes():
    info = parse_infotext(A1111_INFOTEXT)

    assert info.lora_hashes == {"detail": "0123456789ab", "Style Alias": "ba9876543210"}


def test_sdnext_lora_hashes_pair_with_lora_networks():
    info = parse_infotext(
        "a cat <lora:detail_v2:0.8> <lora:eyes:1>\n"
        "Negative prompt: ugly\n"
        "Steps: 20, Seed: 1, LoRA networks: detail_v2, eyes, "
        "LoRA hashes: 01234567, 89ABCDEF, Version: 2025-03-02",
    )

    assert info.lora_hashes == {"detail_v2": "01234567", "eyes": "89ABCDEF"}
    assert info.params["LoRA networks"] == "detail_v2, eyes"
    assert info.params["Version"] == "2025-03-02"


def test_sdnext_quoted_lists_are_read_too():
    info = parse_infotext(
        'p\nSteps: 20, LoRA networks: "a, b", LoRA hashes: "01234567, 89abcdef"',
    )

    assert info.lora_hashes == {"a": "01234567", "b": "89abcdef"}


def test_sdnext_lists_that_do_not_pair_give_no_hashes():
    info = parse_infotext("p\nSteps: 20, LoRA networks: a, b, LoRA hashes: 01234567")

    assert info.lora_hashes == {}


def test_the_params_line_is_the_last_line_starting_with_steps():
    info = parse_infotext(
        "Steps: as a prompt line\nNegative prompt: x\nSteps: 30, Seed: 5\n",
    )

    assert info.prompt == "Steps: as a prompt line"
    assert info.negative_prompt == "x"
    assert info.params == {"Steps": "30", "Seed": "5"}


def test_infotext_without_params_is_all_prompt():
    info = parse_infotext("a cat\r\non a mat\r\nNegative prompt: dog")

    assert (info.prompt, info.negative_prompt) == ("a cat\non a mat", "dog")
    assert info.params == {}
    assert info.lora_hashes == {}


def test_quoted_values_keep_commas_and_escapes():
    info = parse_infotext(
        'p\nSteps: 20, Hires prompt: "a, \\"b\\"", Template: "x: y", Seed: 3',
    )

    assert info.params["Hires prompt"] == 'a, "b"'
    assert info.params["Template"] == "x: y"
    assert info.params["Seed"] == "3"


def test_empty_infotext():
    info = parse_infotext("")

    assert (info.prompt, info.negative_prompt, info.params) == ("", "", {})
