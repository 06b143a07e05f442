"""Attributed statements: direct quotations resolved to the actor who said them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.extract.entities import ArticleEntities
from kg.extract.quotes import REPORTING_VERBS, Quote, find_quotes
from kg.models import ActorKind

MIN_WORDS = 5
"""Shorter quotes are scare quotes or fragments, not statements."""
PRONOUN_REACH = 3
"""A pronoun speaker ("he said") refers to a speaker named at most this many sentences before."""
ROLE_NOUNS = frozenset(
    [
        "soldier",
        "fighter",
        "official",
        "source",
        "resident",
        "activist",
        "doctor",
        "witness",
        "commander",
        "officer",
        "member",
        "spokesman",
        "spokeswoman",
        "man",
        "woman",
        "diplomat",
        "analyst",
    ]
)
"""A speaker named only by role is unnamed, unless an organisation qualifies it ("a Houthi fighter")."""
_GROUP_ANAPHORS = frozenset(
    [
        "group",
        "ministry",
        "army",
        "military",
        "movement",
        "organisation",
        "organization",
        "council",
        "committee",
        "coalition",
        "agency",
        "channel",
        "network",
        "office",
        "militia",
    ]
)


@dataclass(frozen=True)
class FoundStatement:
    """A quotation and the key of the actor who said it."""

    speaker: str
    quote: Quote


def _sayers(ents: ArticleEntities) -> list[tuple[int, str]]:
    """(token index, actor) for every named person who is the subject of a reporting verb."""
    out: list[tuple[int, str]] = []
    doc = ents.doc
    for i in sorted(ents.by_token):  # only mentions can be sayers: no need to visit every token
        m = ents.by_token[i]
        if m.is_place or ents.kind_of(m.key) is not ActorKind.PERSON:
            continue
        t = doc[i]
        if t.dep_ == "nsubj" and t.head.lemma_ in REPORTING_VERBS:
            out.append((i, m.key))
    return out


def find_statements(ents: ArticleEntities) -> Iterator[FoundStatement]:
    """Quotes of at least five words whose speaker resolves to a named actor, in text order."""
    doc = ents.doc
    last_speaker: str | None = None
    last_at = -1
    sayers = _sayers(ents)
    sent_of = {i: n for n, sent in enumerate(doc.sents) for i in range(sent.start, sent.end)}
    for q in find_quotes(doc, ents.text):
        speaker: str | None
        span = doc.char_span(q.speaker[0], q.speaker[1], alignment_mode="expand") if q.speaker else None
        where = span.start if span is not None else _token_at(doc, q.start)
        if (
            q.continued
            and last_speaker is not None
            and sent_of.get(where, 0) - sent_of.get(last_at, 0) <= PRONOUN_REACH + 1
        ):
            speaker = last_speaker
        elif span is None:
            speaker = None
        else:
            speaker = _named(ents, span)
            if speaker is None and q.pronoun:
                speaker = _antecedent(ents, span, last_speaker, last_at, sayers, sent_of)
        if speaker is not None:
            last_speaker, last_at = speaker, where
        if speaker is None or len(q.text.split()) < MIN_WORDS:
            continue
        yield FoundStatement(speaker, q)


def _token_at(doc: Doc, char: int) -> int:
    for t in doc:
        if t.idx >= char:
            return t.i
    return len(doc) - 1


def _named(ents: ArticleEntities, span: Span) -> str | None:
    """The actor a speaker phrase names: a person, else a proper-named organisation, else any actor.

    A phrase headed by a role noun ("one soldier", "a military source") names nobody unless an
    organisation qualifies the role ("one Houthi fighter").
    """
    found: list[tuple[str, bool]] = []
    for t in span:
        m = ents.mention_at(t.i)
        if m is not None and not m.is_place and all(k != m.key for k, _ in found):
            proper = any(x.pos_ == "PROPN" or x.is_upper for x in ents.doc[m.start : m.end])
            found.append((m.key, proper))
    if not found:
        return None
    people = [k for k, _ in found if ents.kind_of(k) is ActorKind.PERSON]
    if people:
        return people[0]
    head = span.root
    named = [k for k, is_proper in found if is_proper]
    if head.lower_ in ROLE_NOUNS:
        return named[0] if named else None
    return (named or [k for k, _ in found])[0]


def _antecedent(
    ents: ArticleEntities,
    span: Span,
    last_speaker: str | None,
    last_at: int,
    sayers: list[tuple[int, str]],
    sent_of: dict[int, int],
) -> str | None:
    """Who a pronoun or "the group" speaker is: the most recent nearby named speaker of that sort."""
    words = {t.lower_ for t in span}
    here = sent_of.get(span.start, 0)
    if words & _GROUP_ANAPHORS:
        return _last_actor(ents, span.start, person=False, named=True, here=here, sent_of=sent_of)
    want_person = bool(words & {"he", "she", "him", "her"})
    options: list[tuple[int, str]] = [(i, k) for i, k in sayers if i < span.start]
    if last_speaker is not None and last_at < span.start:
        options.append((last_at, last_speaker))
    options = [
        (i, k)
        for i, k in options
        if (ents.kind_of(k) is ActorKind.PERSON) == want_person and here - sent_of.get(i, 0) <= PRONOUN_REACH
    ]
    if options:
        return max(options)[1]
    return _last_actor(ents, span.start, person=want_person, named=True, here=here, sent_of=sent_of)


def _last_actor(
    ents: ArticleEntities, before: int, person: bool, named: bool, here: int, sent_of: dict[int, int]
) -> str | None:
    """The most recent actor of the right sort, preferring one that was a grammatical subject."""
    fallback: str | None = None
    for i in range(before - 1, -1, -1):
        if here - sent_of.get(i, 0) > PRONOUN_REACH:
            break
        m = ents.mention_at(i)
        if m is None or m.is_place:
            continue
        if named and not any(x.pos_ == "PROPN" or x.is_upper for x in ents.doc[m.start : m.end]):
            continue
        if (ents.kind_of(m.key) is ActorKind.PERSON) == person:
            if ents.doc[i].dep_ in ("nsubj", "nsubjpass"):
                return m.key
            fallback = fallback or m.key
    return fallback
