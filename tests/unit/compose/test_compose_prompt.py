import pytest

from lora_manager.compose.core import compose, select_trigger_words
from lora_manager.compose.types import ComposeOptions
from tests.unit.compose import adapter

A1111 = ComposeOptions(target="a1111")


def test_trigger_words_follow_their_adapters_token():
    stack = [
        adapter(1, "eyes", trained_words=("pretty eyes", "blue iris")),
        adapter(2, "style", weight=0.6, trained_words=("ink style",)),
    ]

    result = compose("a portrait", "", stack, A1111)

    assert result.prompt == (
        "a portrait, <lora:eyes:1>, pretty eyes, blue iris, <lora:style:0.6>, ink style"
    )
    assert result.adapters[0].trigger_words == ("pretty eyes", "blue iris")


def test_trigger_words_already_in_the_prompt_are_not_repeated_whatever_their_case():
    stack = [
        adapter(1, "a", trained_words=("Masterpiece", "ohwx")),
        adapter(2, "b", trained_words=("OHWX", "red  hair", "glow")),
    ]

    result = compose("masterpiece, (Red Hair:1.2)", "", stack, A1111)

    assert result.prompt == (
        "masterpiece, (Red Hair:1.2), <lora:a:1>, ohwx, <lora:b:1>, glow"
    )
    # Each adapter still reports its own trigger words.
    assert result.adapters[1].trigger_words == ("OHWX", "red hair", "glow")


def test_trigger_words_holding_several_phrases_are_deduplicated_per_phrase():
    stack = [adapter(1, "a", trained_words=("1girl, smile", "smile, wink"))]

    result = compose("1girl", "", stack, A1111)

    assert result.prompt == "1girl, <lora:a:1>, smile, wink"


def test_trigger_words_none_leaves_them_out():
    stack = [adapter(1, "a", trained_words=("x", "y"))]

    result = compose(
        "p", "", stack, ComposeOptions(target="a1111", trigger_words="none")
    )

    assert result.prompt == "p, <lora:a:1>"
    assert result.adapters[0].trigger_words == ()


def test_trigger_words_n_takes_the_first_n_of_each_adapter():
    stack = [
        adapter(1, "a", trained_words=("a1", "a2", "a3")),
        adapter(2, "b", trained_words=("b1",)),
    ]

    result = compose("", "", stack, ComposeOptions(target="sdnext", trigger_words=2))

    assert result.prompt == "<lora:a:1>, a1, a2, <lora:b:1>, b1"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("all", ("one", "two", "three")),
        ("none", ()),
        (0, ()),
        (1, ("one",)),
        (5, ("one", "two", "three")),
    ],
)
def test_select_trigger_words_cleans_and_deduplicates_before_counting(mode, expected):
    words = (" one ", "", "ONE", "two,", "  ", "three")

    assert select_trigger_words(words, mode) == expected


def test_negative_prompt_passes_through_unchanged():
    negative = "  blurry,\nlowres, <lora:bad:1>  "

    result = compose("p", negative, [adapter(1)], A1111)

    assert result.negative_prompt == negative


def test_base_prompt_trailing_separators_are_tidied_before_adding_tokens():
    result = compose("  a cat,  \n", "", [adapter(1, "a")], A1111)

    assert result.prompt == "a cat, <lora:a:1>"


def test_empty_base_prompt_and_empty_stack():
    assert compose("", "", [adapter(1, "a")], A1111).prompt == "<lora:a:1>"
    assert compose("a cat", "", [], A1111).prompt == "a cat"


def test_weight_falls_back_to_preferred_then_default_weight():
    stack = [
        adapter(1, "explicit", weight=0.3, preferred_weight=0.9),
        adapter(2, "preferred", preferred_weight=0.9),
        adapter(3, "default"),
        # A1111 stores 0 for "no preferred weight".
        adapter(4, "zero", preferred_weight=0.0),
    ]
    options = ComposeOptions(target="a1111", default_weight=0.7)

    result = compose("", "", stack, options)

    assert result.prompt == (
        "<lora:explicit:0.3>, <lora:preferred:0.9>, <lora:default:0.7>, <lora:zero:0.7>"
    )
    assert [composed.weight for composed in result.adapters] == [0.3, 0.9, 0.7, 0.7]


def test_an_explicit_zero_weight_is_kept():
    result = compose("", "", [adapter(1, "a", weight=0.0, preferred_weight=0.8)], A1111)

    assert result.prompt == "<lora:a:0>"


def test_composed_weights_are_the_rounded_values_written_in_the_token():
    result = compose("", "", [adapter(1, "a", weight=0.123456)], A1111)

    assert result.adapters[0].weight == 0.1235
    assert result.prompt == "<lora:a:0.1235>"


def test_adapters_keep_the_order_of_the_stack_with_display_names():
    stack = [adapter(3, "c", name="Third"), adapter(1, "a", name="First")]

    result = compose("", "", stack, A1111)

    assert [(c.id, c.name) for c in result.adapters] == [(3, "Third"), (1, "First")]
