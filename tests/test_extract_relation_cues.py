"""Spec for the relation cue lexicon: well-formed groups, each naming the relation it cues."""

from __future__ import annotations

import json

import pytest

from kg.extract.pipeline import load_pipeline
from kg.extract.relation_cues import CUES_FILE, CueLemmas, cue_words, lemma_fixes, load_cues
from kg.models import RelationKind

RAW = json.loads(CUES_FILE.read_text(encoding="utf-8"))


def test_roles_are_unique_and_words_lower_case() -> None:
    """One group per role; every word is a lower-case lemma, listed once."""
    roles = [g["role"] for g in (*RAW["cues"], *RAW["frames"])]
    assert len(roles) == len(set(roles))
    for group in (*RAW["cues"], *RAW["frames"]):
        words = group["words"]
        assert words, group["role"]
        assert words == sorted(set(words)), group["role"]
        assert all(w == w.lower().strip() and w for w in words), group["role"]


def test_every_cue_names_its_relation_and_classes() -> None:
    """A cue group cues supports, allied or opposes, with its CAMEO and PLOVER classes; a frame cues none."""
    for group in RAW["cues"]:
        assert group["relation"] in ("supports", "allied", "opposes"), group["role"]
        assert group["cameo"] and group["plover"] and group["note"], group["role"]
    for group in RAW["frames"]:
        assert group["relation"] is None, group["role"]
    loaded = load_cues()
    assert loaded["backing_verb"].relation is RelationKind.SUPPORTS
    assert loaded["alliance_participle"].relation is RelationKind.ALLIED
    assert loaded["truce_noun"].relation is RelationKind.OPPOSES


def test_unknown_role_is_an_error() -> None:
    with pytest.raises(KeyError):
        cue_words("no_such_role")


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("Al-Shabaab is waging an insurgency against the government.", "waging", "wage"),
        ("Government troops retook the town on Sunday.", "retook", "retake"),
    ],
)
def test_cue_lemmas_fix_the_model(text: str, word: str, lemma: str) -> None:
    """The component gives a cue word the lemma the lexicon lists it under."""
    doc = CueLemmas()(load_pipeline()(text))
    assert next(t.lemma_ for t in doc if t.text == word) == lemma
    assert lemma_fixes()[word] == lemma
