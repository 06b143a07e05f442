"""Attributed statements: direct quotations resolved to the actor who said them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.entities import ArticleEntities
from kg.extract.quotes import Quote, find_quotes
from kg.models import ActorKind

MIN_WORDS = 5
"""Shorter quotes are scare quotes or fragments, not statements."""
_GROUP_ANAPHORS = frozenset("group ministry army military movement organisation organization council "
                            "committee coalition agency channel network office militia".split())


@dataclass(frozen=True)
class FoundStatement:
    """A quotation and the key of the actor who said it."""

    speaker: str
    quote: Quote


def find_statements(ents: ArticleEntities) -> Iterator[FoundStatement]:
    """Quotes of at least five words whose speaker resolves to a named actor, in text order."""
    doc = ents.doc
    last_speaker: str | None = None
    for q in find_quotes(doc):
        speaker: str | None
        if q.continued:
            speaker = last_speaker if q.speaker is not None or last_speaker else None
            if q.speaker is not None and speaker is None:
                speaker = _speaker(ents, q, last_speaker)
        else:
            speaker = _speaker(ents, q, last_speaker) if q.speaker is not None else None
        if speaker is not None:
            last_speaker = speaker
        if speaker is None or len(q.text.split()) < MIN_WORDS:
            continue
        yield FoundStatement(speaker, q)


def _speaker(ents: ArticleEntities, q: Quote, last_speaker: str | None) -> str | None:
    """The actor a speaker phrase names: a person first, then an organisation; pronouns look back."""
    assert q.speaker is not None
    doc = ents.doc
    span = doc.char_span(q.speaker[0], q.speaker[1], alignment_mode="expand")
    if span is None:
        return None
    found: list[str] = []
    for t in span:
        m = ents.mention_at(t.i)
        if m is not None and not m.is_place and m.key not in found:
            found.append(m.key)
    if found:
        people = [k for k in found if ents.kind_of(k) is ActorKind.PERSON]
        return (people or found)[0]
    if q.pronoun:
        words = {t.lower_ for t in span}
        if words & _GROUP_ANAPHORS:
            return _last_actor(ents, span.start, person=False)
        if words & {"he", "she", "him", "her"}:
            if last_speaker and ents.kind_of(last_speaker) is ActorKind.PERSON:
                return last_speaker
            return _last_actor(ents, span.start, person=True)
        if words & {"it", "they"}:
            return last_speaker or _last_actor(ents, span.start, person=False)
    return None


def _last_actor(ents: ArticleEntities, before: int, person: bool) -> str | None:
    for i in range(before - 1, -1, -1):
        m = ents.mention_at(i)
        if m is None or m.is_place:
            continue
        if (ents.kind_of(m.key) is ActorKind.PERSON) == person:
            return m.key
    return None
