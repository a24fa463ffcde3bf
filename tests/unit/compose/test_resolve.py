import pytest

from lora_manager.compose.parsing import parse_infotext, parse_prompt
from lora_manager.compose.resolution import resolve
from lora_manager.compose.types import ComposeWarning, Resolution
from tests.unit.compose import adapter

SHA_A = "0123456789abcdef" * 4
SHA_B = "fedcba9876543210" * 4
LIBRARY = [
    adapter(1, "detail.v2", alias="Detail Alias", sha256=SHA_A, autov3="a1b2c3d4e5f6"),
    adapter(2, "style", alias=None, sha256=SHA_B, autov3="ffeeddccbbaa"),
]


def test_names_resolve_by_stem_alias_and_sdnext_name():
    resolutions, warnings = resolve(["detail.v2", "Detail Alias", "detail_v2"], LIBRARY)

    assert resolutions == [
        Resolution("detail.v2", 1, "stem"),
        Resolution("Detail Alias", 1, "alias"),
        Resolution("detail_v2", 1, "sdnext_name"),
    ]
    assert warnings == []


def test_names_resolve_ignoring_case_when_nothing_matches_exactly():
    resolutions, _ = resolve(["STYLE", " detail alias "], LIBRARY)

    assert resolutions == [
        Resolution("STYLE", 2, "stem"),
        Resolution(" detail alias ", 1, "alias"),
    ]


@pytest.mark.parametrize(
    "short_hash",
    [
        "A1B2C3D4E5F6",  # AutoV3 as A1111 writes it, any case
        "a1b2c3d4",  # SD.Next 8 characters of the tensor hash
        "01234567",  # SD.Next 8 characters of the file hash
        "0123456789",  # AutoV2
        "0123456789ab",  # 12 characters of the file hash (newer Forge)
        SHA_A.upper(),
    ],
)
def test_unknown_names_resolve_by_short_hash(short_hash):
    resolutions, warnings = resolve(
        ["renamed"], LIBRARY, hashes={"renamed": short_hash}
    )

    assert resolutions == [Resolution("renamed", 1, "hash")]
    assert warnings == []


def test_a_hash_wins_over_a_name_that_points_to_another_file():
    resolutions, _ = resolve(["style"], LIBRARY, hashes={"style": "a1b2c3d4e5f6"})

    assert resolutions == [Resolution("style", 1, "hash")]


def test_a_hash_picks_among_adapters_sharing_a_stem():
    library = [
        adapter(5, "style", sha256="11" * 32),
        adapter(6, "style", sha256="22" * 32),
    ]

    by_hash, _ = resolve(["style"], library, hashes={"style": "2222222222"})
    by_name, _ = resolve(["style"], library)

    assert by_hash == [Resolution("style", 6, "stem")]
    assert by_name == [Resolution("style", 5, "stem")]


def test_unresolved_names_get_an_unknown_adapter_warning():
    resolutions, warnings = resolve(
        ["nothing", "gone"],
        LIBRARY,
        hashes={"gone": "deadbeefdead"},
    )

    assert resolutions == [
        Resolution("nothing", None, None),
        Resolution("gone", None, None),
    ]
    assert warnings == [
        ComposeWarning(
            "unknown_adapter", "No adapter in the library matches 'nothing'."
        ),
        ComposeWarning(
            "unknown_adapter",
            "No adapter in the library matches 'gone' (hash deadbeefdead).",
        ),
    ]


@pytest.mark.parametrize("short_hash", ["0123", "not-a-hash", ""])
def test_hashes_too_short_or_not_hex_are_ignored(short_hash):
    resolutions, _ = resolve(["style"], LIBRARY, hashes={"style": short_hash})

    assert resolutions == [Resolution("style", 2, "stem")]


def test_names_only_in_the_infotext_hashes_are_resolved_after_the_prompt_names():
    info = parse_infotext(
        "<lora:style:1>, <lora:a:b:1>\n"
        'Steps: 20, Lora hashes: "style: ffeeddccbbaa, ab: a1b2c3d4e5f6, '
        'extra: 0123456789ab"',
    )
    names = [token.name for token in parse_prompt(info.prompt).tokens]

    resolutions, warnings = resolve(names, LIBRARY, hashes=info.lora_hashes)

    # A1111 drops ':' and ',' from names in "Lora hashes"; "a:b" is parsed as "a".
    assert resolutions == [
        Resolution("style", 2, "stem"),
        Resolution("a", None, None),
        Resolution("ab", 1, "hash"),
        Resolution("extra", 1, "hash"),
    ]
    assert [w.code for w in warnings] == ["unknown_adapter"]


def test_a1111_hash_keys_without_colons_and_commas_match_their_names():
    library = [adapter(9, "x", alias="Eyes, blue", sha256="99" * 32)]

    resolutions, _ = resolve(
        ["Eyes, blue"], library, hashes={"Eyes blue": "9999999999"}
    )

    assert resolutions == [Resolution("Eyes, blue", 9, "alias")]


def test_for_sdnext_the_underscore_name_comes_before_an_alias():
    library = [adapter(1, "-", alias="_"), adapter(2, ".")]

    default, _ = resolve(["_"], library)
    sdnext, _ = resolve(["_"], library, target="sdnext")

    assert default == [Resolution("_", 1, "alias")]
    assert sdnext == [Resolution("_", 2, "sdnext_name")]


def test_for_sdnext_in_alias_mode_a_file_answers_only_to_its_alias():
    # SD.Next registers one name per file: the alias, else the underscore name.
    library = [adapter(1, "1", alias="0"), adapter(2, "1", alias=None)]

    resolutions, _ = resolve(["0", "1"], library, target="sdnext", name_source="alias")

    assert resolutions == [
        Resolution("0", 1, "alias"),
        Resolution("1", 2, "sdnext_name"),
    ]


def test_sdnext_infotext_resolves_by_name_and_hash():
    info = parse_infotext(
        "a cat <lora:detail_v2:0.8>\n"
        "Steps: 20, LoRA networks: detail_v2, lost, LoRA hashes: a1b2c3d4, ffeeddcc",
    )
    names = [token.name for token in parse_prompt(info.prompt).tokens]

    resolutions, warnings = resolve(
        names, LIBRARY, hashes=info.lora_hashes, target="sdnext"
    )

    assert resolutions == [
        Resolution("detail_v2", 1, "sdnext_name"),
        Resolution("lost", 2, "hash"),
    ]
    assert warnings == []
