import pytest

from lora_manager.compose.parsing import parse_prompt
from lora_manager.compose.types import LoraToken


def test_tokens_are_taken_out_and_separators_tidied():
    parsed = parse_prompt("a cat, <lora:detail:0.8>, dtl, <lora:style:0.5:0.3>")

    assert parsed.text == "a cat, dtl"
    assert parsed.tokens == (
        LoraToken("lora", "detail", 0.8, 0.8, {}, "<lora:detail:0.8>"),
        LoraToken("lora", "style", 0.5, 0.3, {}, "<lora:style:0.5:0.3>"),
    )


def test_a_token_without_weight_means_one():
    (token,) = parse_prompt("<lora:detail>").tokens

    assert (token.name, token.te_weight, token.unet_weight) == ("detail", 1.0, 1.0)


@pytest.mark.parametrize(
    ("tag", "te", "unet"),
    [
        ("<lora:x:0.5:0.7>", 0.5, 0.7),
        ("<lora:x:0.5>", 0.5, 0.5),
        ("<lora:x:te=0.2>", 0.2, 0.2),
        ("<lora:x:0.5:unet=0.9>", 0.5, 0.9),
        ("<lora:x:0.5:0.7:te=0.1>", 0.1, 0.7),
        ("<lora:x:te=0.1:unet=0.4>", 0.1, 0.4),
        ("<lora:x:1:0.5:16>", 1.0, 0.5),
    ],
)
def test_positional_and_named_weights_follow_a1111(tag, te, unet):
    (token,) = parse_prompt(tag).tokens

    assert (token.te_weight, token.unet_weight) == (te, unet)
    assert token.problems == ()


def test_named_arguments_are_kept_including_sdnext_block_weights():
    (token,) = parse_prompt("<lora:x:0.8:in=0:mid=0.5:out=1:dyn=16>").tokens

    assert token.named == {"in": "0", "mid": "0.5", "out": "1", "dyn": "16"}
    assert (token.te_weight, token.unet_weight) == (0.8, 0.8)


def test_lyco_tags_are_read_and_other_tags_stay_in_the_text():
    parsed = parse_prompt("<hypernet:h:1>, a cat, <lyco:loha_thing:0.6>, <LORA:x:1>")

    assert parsed.text == "<hypernet:h:1>, a cat, <LORA:x:1>"
    (token,) = parsed.tokens
    assert (token.kind, token.name, token.te_weight) == ("lyco", "loha_thing", 0.6)


def test_a_bad_weight_is_noted_instead_of_raising():
    (token,) = parse_prompt("<lora:x:heavy:nan>").tokens

    assert (token.name, token.te_weight, token.unet_weight) == ("x", 1.0, 1.0)
    assert token.problems == (
        "te weight 'heavy' is not a number; 1 is used",
        "unet weight 'nan' is not a finite number; 1 is used",
    )


def test_an_sdnext_step_schedule_is_noted_as_such():
    (token,) = parse_prompt("<lora:x:0@0,1@0.5>").tokens

    assert token.problems == (
        "te weight '0@0,1@0.5' is a step schedule (SD.Next); 1 is used",
    )


def test_a_tag_without_a_name_is_noted():
    (token,) = parse_prompt("<lora:te=0.5>").tokens

    assert token.name == ""
    assert token.problems == ("the tag names no adapter",)


def test_names_keep_spaces_dots_and_unicode():
    (token,) = parse_prompt("<lora:Détail v1.5 (ＳＤ):0.7>").tokens

    assert token.name == "Détail v1.5 (ＳＤ)"


@pytest.mark.parametrize(
    ("prompt", "text"),
    [
        ("<lora:a:1>, a cat", "a cat"),
        ("a cat <lora:a:1> on a mat", "a cat on a mat"),
        ("a cat,<lora:a:1>,<lora:b:1>, on a mat,", "a cat, on a mat"),
        (
            "a cat,\n<lora:a:1>, masterpiece\nBREAK <lora:b:1>",
            "a cat,\nmasterpiece\nBREAK",
        ),
        ("<lora:a:1>", ""),
    ],
)
def test_text_is_tidied_where_tokens_were(prompt, text):
    assert parse_prompt(prompt).text == text


def test_text_without_tokens_is_returned_untouched():
    prompt = "a cat ,  on a mat,"

    assert parse_prompt(prompt).text == prompt
