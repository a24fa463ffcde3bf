from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lora_manager.compose.core import compose
from lora_manager.compose.dialects import round_weight
from lora_manager.compose.parsing import parse_prompt
from lora_manager.compose.resolution import resolve
from lora_manager.compose.types import ComposeOptions, StackEntry
from tests.unit.compose import adapter

# File names as people write them: dots, spaces, dashes, any script. Characters a
# token cannot carry (':', '>', '=') and path separators are left out.
_NAME_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    exclude_characters=":>=/\\",
)
names = (
    st.text(st.one_of(st.sampled_from("._- "), _NAME_CHARS), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
weights = st.floats(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False)
optional_weights = st.none() | weights
block_weights = st.none() | st.dictionaries(
    st.sampled_from(["in", "mid", "out"]), weights
)
words = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="<>"
    ),
    max_size=12,
)


@st.composite
def stacks(
    draw: st.DrawFn,
    *,
    aliases: bool = False,
    blocks: bool = False,
    trigger_words: bool = False,
) -> list[StackEntry]:
    """Stacks of up to four adapters; optional parts are drawn only when asked for."""
    count = draw(st.integers(min_value=1, max_value=4))
    return [
        adapter(
            index + 1,
            draw(names),
            alias=draw(st.none() | names) if aliases else None,
            weight=draw(optional_weights),
            te_weight=draw(optional_weights),
            unet_weight=draw(optional_weights),
            block_weights=draw(block_weights) if blocks else None,
            trained_words=tuple(draw(st.lists(words, max_size=2)))
            if trigger_words
            else (),
        )
        for index in range(count)
    ]


def _round_trip(stack: list[StackEntry], options: ComposeOptions) -> None:
    result = compose("a base prompt", "", stack, options)
    assume(not any(w.code == "name_collision" for w in result.warnings))

    parsed = parse_prompt(result.prompt)
    resolutions, warnings = resolve(
        [token.name for token in parsed.tokens],
        stack,
        target=options.target,
        name_source=options.name_source,
    )

    assert warnings == []
    assert [r.adapter_id for r in resolutions] == [a.id for a in result.adapters]
    assert [(t.te_weight, t.unet_weight) for t in parsed.tokens] == [
        (a.te_weight, a.unet_weight) for a in result.adapters
    ]
    assert all(token.problems == () for token in parsed.tokens)
    # Taking the tokens out leaves what ComfyUI gets: the prompt and trigger words.
    comfyui = ComposeOptions(target="comfyui", trigger_words=options.trigger_words)
    assert parsed.text == compose("a base prompt", "", stack, comfyui).prompt


@settings(max_examples=60, deadline=None)
@given(
    stack=stacks(trigger_words=True),
    target=st.sampled_from(["a1111", "forge", "sdnext"]),
)
def test_file_names_and_weights_survive_compose_parse_and_resolve(stack, target):
    _round_trip(stack, ComposeOptions(target=target))


@settings(max_examples=50, deadline=None)
@given(stack=stacks(aliases=True), target=st.sampled_from(["a1111", "forge", "sdnext"]))
def test_aliases_survive_compose_parse_and_resolve(stack, target):
    _round_trip(stack, ComposeOptions(target=target, name_source="alias"))


@settings(max_examples=30, deadline=None)
@given(stack=stacks(blocks=True))
def test_sdnext_block_weights_survive_compose_and_parse(stack):
    result = compose("", "", stack, ComposeOptions(target="sdnext"))

    parsed = parse_prompt(result.prompt)

    for entry, token in zip(stack, parsed.tokens, strict=True):
        expected = {
            group: round_weight(w) for group, w in (entry.block_weights or {}).items()
        }
        blocks = {
            k: float(v) for k, v in token.named.items() if k in ("in", "mid", "out")
        }
        assert blocks == expected


@settings(max_examples=60, deadline=None)
@given(value=weights)
def test_any_weight_in_range_is_written_back_exactly(value):
    (token,) = parse_prompt(
        compose(
            "", "", [adapter(1, "a", weight=value)], ComposeOptions(target="a1111")
        ).prompt,
    ).tokens

    assert token.te_weight == round_weight(value)
    assert abs(token.te_weight - value) <= 0.00005
