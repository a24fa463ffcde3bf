"""What a search finds and in which order, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.integration.search.conftest import API, adapter_row


def test_a_trigger_word_finds_its_adapter_first(insert_adapters, names):
    insert_adapters(
        adapter_row("Soft Brush", description="Works well with wtrclr prompts."),
        adapter_row("Paint Pack", tags=["wtrclr"], stem="wtrclr_pack"),
        adapter_row("Watercolor Dream", trained_words=["wtrclr", "soft paint"]),
        adapter_row("Unrelated", trained_words=["other"]),
    )

    found = names(q="wtrclr")

    assert found[0] == "Watercolor Dream"
    assert sorted(found) == ["Paint Pack", "Soft Brush", "Watercolor Dream"]


def test_typing_the_start_of_a_word_finds_it(insert_adapters, names):
    insert_adapters(
        adapter_row("Watercolor Style"),
        adapter_row("Water Lily"),
        adapter_row("Ink Wash", trained_words=["watery ink"]),
        adapter_row("Pixel Art"),
    )

    found = names(q="wat")  # trigger words rank above names
    assert found[0] == "Ink Wash"
    assert sorted(found[1:]) == ["Water Lily", "Watercolor Style"]
    assert names(q="waterc") == ["Watercolor Style"]
    assert names(q="pixel wat") == []
    assert names(q="ink wat") == ["Ink Wash"]


def test_a_name_match_beats_a_description_match(insert_adapters, names):
    insert_adapters(
        adapter_row("Forest Spirits", description="A dragon appears in the forest."),
        adapter_row("Dragon", description="Scales and wings."),
        adapter_row("Creature Pack", tags=["dragon"]),
    )

    assert names(q="dragon") == ["Dragon", "Creature Pack", "Forest Spirits"]


def test_an_exact_word_ranks_above_a_longer_word_it_starts(insert_adapters, names):
    insert_adapters(
        adapter_row("Styles Pack"),
        adapter_row("Style"),
        adapter_row("Stylized"),
    )

    assert names(q="style") == ["Style", "Styles Pack"]
    assert sorted(names(q="styl")) == ["Style", "Styles Pack", "Stylized"]


def test_every_word_must_match_somewhere(insert_adapters, names):
    insert_adapters(
        adapter_row("Neon City", description="rain at night"),
        adapter_row("Neon Sign", creator="lightsmith"),
        adapter_row("Rainy Street"),
    )

    assert names(q="neon rain") == ["Neon City"]
    assert names(q="lightsmith neon") == ["Neon Sign"]
    assert sorted(names(q="neon")) == ["Neon City", "Neon Sign"]


def test_civitai_model_names_and_tags_are_searchable(insert_adapters, names):
    insert_adapters(
        adapter_row(
            "local_file_v2",
            civitai={
                "version": {"model": {"name": "Celestial Armor"}},
                "model": {"name": "Celestial Armor", "tags": ["armor", "fantasy"]},
            },
        ),
        adapter_row("Old Export", civitai={"model": {"tags": [{"name": "vintage"}]}}),
    )

    assert names(q="celestial") == ["local_file_v2"]
    assert names(q="fantasy") == ["local_file_v2"]
    assert names(q="vintage") == ["Old Export"]


def test_file_names_aliases_and_accents_are_searchable(insert_adapters, names):
    insert_adapters(
        adapter_row("Pokémon Trainer", stem="poke_trainer-v3"),
        adapter_row("Something", alias="shortcut_name"),
    )

    assert names(q="pokemon") == ["Pokémon Trainer"]
    assert names(q="POKÉMON") == ["Pokémon Trainer"]
    assert names(q="trainer v3") == ["Pokémon Trainer"]
    assert names(q="shortcut") == ["Something"]
    assert names(q="safetensors") == []


def test_relevance_is_the_default_only_when_searching(client, insert_adapters):
    insert_adapters(
        adapter_row("B Sunset", trained_words=["sunset"]),
        adapter_row("A Sunrise", description="Before the sunset."),
    )

    def listed(**params):
        body = client.get(API, params=params).json()
        return [item["name"] for item in body["items"]], body["total"]

    assert listed(q="sunset") == (["B Sunset", "A Sunrise"], 2)
    assert listed(q="sunset", sort="relevance", order="desc") == (
        ["A Sunrise", "B Sunset"],
        2,
    )
    assert listed(q="sunset", sort="name") == (["A Sunrise", "B Sunset"], 2)
    assert listed() == (["A Sunrise", "B Sunset"], 2)
    assert listed(sort="relevance") == (["A Sunrise", "B Sunset"], 2)


def test_ranked_pages_are_disjoint_and_count_every_hit(client, insert_adapters):
    insert_adapters(
        *(
            adapter_row(f"Lantern {i:02d}", description="lantern " * (i % 4))
            for i in range(23)
        )
    )

    pages = [
        client.get(API, params={"q": "lantern", "limit": 10, "offset": o}).json()
        for o in (0, 10, 20, 30)
    ]

    assert [p["total"] for p in pages] == [23, 23, 23, 23]
    ids = [item["id"] for p in pages for item in p["items"]]
    assert len(ids) == len(set(ids)) == 23
