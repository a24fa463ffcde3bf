import math

import pytest

from lora_manager.compose.core import compose
from lora_manager.compose.types import ComposeOptions, InvalidWeightError
from tests.unit.compose import adapter

A1111 = ComposeOptions(target="a1111")


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, 1e308, -1e308, 10.5, -11]
)
@pytest.mark.parametrize(
    "field", ["weight", "te_weight", "unet_weight", "preferred_weight"]
)
def test_weights_that_are_not_finite_or_out_of_range_are_refused(field, bad):
    stack = [adapter(7, "detail", name="Detail Tweaker", **{field: bad})]

    with pytest.raises(InvalidWeightError) as caught:
        compose("", "", stack, A1111)

    assert caught.value.adapter_id == 7
    assert "Detail Tweaker" in str(caught.value)
    assert repr(bad) in str(caught.value)


def test_the_error_message_names_adapter_field_value_and_range():
    stack = [adapter(7, "detail", name="Detail Tweaker", te_weight=12.5)]

    with pytest.raises(
        InvalidWeightError,
        match=r"^adapter 7 \(Detail Tweaker\): "
        r"te weight 12\.5 is outside \[-10, 10\]$",
    ):
        compose("", "", stack, A1111)


def test_a_nan_weight_is_reported_as_not_finite():
    stack = [adapter(2, "x", name="X", weight=math.nan)]

    with pytest.raises(
        ValueError, match=r"^adapter 2 \(X\): weight nan is not a finite number$"
    ):
        compose("", "", stack, A1111)


def test_block_weights_are_validated_and_must_name_a_block_group():
    with pytest.raises(InvalidWeightError, match="in block weight inf"):
        compose("", "", [adapter(1, block_weights={"in": math.inf})], A1111)
    with pytest.raises(
        InvalidWeightError,
        match=r"block weight 'down' 1.0 is not for a block group "
        r"\(use in, mid or out\)",
    ):
        compose("", "", [adapter(1, block_weights={"down": 1.0})], A1111)


def test_limits_are_inclusive_and_configurable():
    stack = [adapter(1, "a", weight=-2.0), adapter(2, "b", weight=2.0)]
    options = ComposeOptions(target="a1111", weight_min=-2, weight_max=2)

    assert compose("", "", stack, options).prompt == "<lora:a:-2>, <lora:b:2>"
    with pytest.raises(InvalidWeightError, match=r"outside \[-1.5, 1.5\]"):
        compose(
            "",
            "",
            stack,
            ComposeOptions(target="a1111", weight_min=-1.5, weight_max=1.5),
        )


def test_a_default_weight_outside_the_limits_is_refused_for_the_adapter_using_it():
    options = ComposeOptions(target="a1111", default_weight=3.0, weight_max=2.0)

    with pytest.raises(InvalidWeightError, match="default weight 3.0 is outside"):
        compose("", "", [adapter(1)], options)


def test_an_unused_preferred_weight_is_not_validated():
    stack = [adapter(1, "a", weight=0.5, preferred_weight=math.nan)]

    assert compose("", "", stack, A1111).prompt == "<lora:a:0.5>"


@pytest.mark.parametrize(
    "options",
    [
        {"target": "invokeai"},
        {"target": "a1111", "trigger_words": -1},
        {"target": "a1111", "trigger_words": True},
        {"target": "a1111", "trigger_words": "some"},
        {"target": "a1111", "name_source": "title"},
        {"target": "a1111", "weight_min": 2.0, "weight_max": 1.0},
        {"target": "a1111", "weight_max": math.inf},
        {"target": "a1111", "default_weight": math.nan},
    ],
)
def test_options_that_cannot_describe_a_composition_are_refused(options):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        ComposeOptions(**options)
