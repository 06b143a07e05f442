"""A Doc to the facts of one article (first version: named entities only)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.models import Actor, ActorKind, Article, Facts, Place, PlaceKind, Span, slugify

_ACTOR_LABELS = {"PERSON": ActorKind.PERSON, "ORG": ActorKind.OTHER, "NORP": None}
_PLACE_LABELS = {"GPE": PlaceKind.OTHER, "LOC": PlaceKind.OTHER, "FAC": PlaceKind.OTHER}


def facts_from_doc(doc: Doc, article: Article) -> Facts:
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    for ent in doc.ents:
        key = slugify(ent.text)
        if not key:
            continue
        span = Span(ent.start_char, ent.end_char, ent.text)
        if ent.label_ in _PLACE_LABELS:
            old = places.get(key)
            places[key] = Place(key, ent.text, PlaceKind.OTHER,
                                mentions=(old.mentions if old else ()) + (span,))
        elif _ACTOR_LABELS.get(ent.label_):
            kind = _ACTOR_LABELS[ent.label_]
            assert kind is not None
            old_a = actors.get(key)
            actors[key] = Actor(key, ent.text, kind, mentions=(old_a.mentions if old_a else ()) + (span,))
    return Facts(article, tuple(actors.values()), tuple(places.values()))
