"""Spec for coreference: which named actor a description stands for, as wire copy words it."""

from __future__ import annotations

import pytest

from kg.extract.coref import ActorCoreference, CorefLink
from kg.extract.facts import entity_finder
from kg.extract.pipeline import load_pipeline

CASES = [
    # (text, the description's head word, the actor keys it stands for; () for none)
    pytest.param(
        "Al-Shabaab fighters stormed a hotel in Kismayo. The al-Qaeda-linked group said it held it.",
        "group",
        ("al-shabaab",),
        id="so-modified-group",
    ),
    pytest.param(
        "Boko Haram attacked Konduga on Sunday. The group has fought the army since 2009.",
        "group",
        ("boko-haram",),
        id="ng-the-group",
    ),
    pytest.param(
        "M23 rebels entered Sake on Friday. Congolese troops later pursued the rebels into the hills.",
        "rebels",
        ("m23",),
        id="cd-the-rebels-called-rebels-before",
    ),
    pytest.param(
        "Islamic State militants shelled the town. Government troops later fought the rebels near Raqqa.",
        "rebels",
        (),
        id="sy-rebels-are-not-the-militants",
    ),
    pytest.param(
        "Fighters of the Lebanese Hezbollah movement crossed into Syria on Sunday.",
        "movement",
        (),
        id="lb-a-name-modified-is-its-own",
    ),
    pytest.param(
        "The United States and Britain struck radar sites in Yemen. The two countries had Danish support.",
        "countries",
        ("united-states", "united-kingdom"),
        id="ye-the-two-countries",
    ),
    pytest.param(
        "Kataib Hezbollah fired drones at the base, the U.N. said. The group denied it.",
        "group",
        ("kataib-hezbollah",),
        id="iq-group-past-an-intl-org-mention",
    ),
]


def _links(text: str) -> tuple[list[CorefLink], list[str]]:
    nlp = load_pipeline()
    doc = nlp(text)
    doc._.actor_entities = entity_finder(nlp)(doc)
    nlp.create_pipe("actor_coreference")(doc)
    return doc._.coref_links, [t.text for t in doc]


@pytest.mark.parametrize(("text", "head", "keys"), CASES)
def test_description_stands_for(text: str, head: str, keys: tuple[str, ...]) -> None:
    """The last description with this head word resolves to these actors (or to none)."""
    links, words = _links(text)
    at = max(i for i, w in enumerate(words) if w == head)
    found = next((link.keys for link in links if link.start == at), ())
    assert found == keys


def test_component_without_entities_leaves_the_doc() -> None:
    """Run on a Doc nobody resolved entities for, the component links nothing."""
    doc = load_pipeline()("The group said it held the town.")
    assert ActorCoreference()(doc) is doc
    assert doc._.coref_links is None
