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
        "monitor",
        "watchdog",
        "company",
        "firm",
        "operator",
        "mission",
        "alliance",
        "command",
        "broadcaster",
        "newspaper",
        "outlet",
    ]
)


STATEMENT_NOUNS = frozenset(["statement", "communique", "communiqué"])
"""Speakers that are documents: "the statement said" quotes whoever issued the statement."""
DESCRIPTION_REACH = 10
"""A description ("the maritime security agency") refers to an actor described at most this many
sentences before."""
DESCRIPTION_WINDOW = 6
"""How many words before a mention may describe it ("the UK maritime security agency (UKMTO)")."""
_FUNCTION_WORDS = frozenset(["the", "a", "an", "its", "their", "his", "her", "of", "for", "and", "'s"])


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
            if q.pronoun and {t.lower_ for t in span} & _GROUP_ANAPHORS:
                # "the ministry said": the actor described so, before any entity the phrase was tied to
                speaker = _described(ents, span, sent_of.get(span.start, 0), sent_of) or speaker
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
        # "Brig. Gen. Yahya Saree, a spokesman for ...": the name the phrase is headed by, not its title
        root = ents.mention_at(span.root.i)
        return root.key if root is not None and root.key in people else people[-1 if len(people) > 1 else 0]
    head = span.root
    named = [k for k, is_proper in found if is_proper]
    if head.lower_ in ROLE_NOUNS:
        # "a resident of Kunduz": a place qualifies no role; an organisation does ("a Houthi fighter")
        named = [k for k in named if not _named_as_place(ents, span, k)]
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
    if words & STATEMENT_NOUNS:
        issuer = _issuer(ents, span.start, here, sent_of)
        if issuer is not None:
            return issuer
    if words & _GROUP_ANAPHORS:
        described = _described(ents, span, here, sent_of)
        if described is not None:
            return described
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


def _issuer(ents: ArticleEntities, before: int, here: int, sent_of: dict[int, int]) -> str | None:
    """Who issued the statement last mentioned ("a statement from X", "X said in a statement")."""
    doc = ents.doc
    for i in range(before - 1, -1, -1):
        if here - sent_of.get(i, 0) > DESCRIPTION_REACH:
            return None
        t = doc[i]
        if t.lower_ not in STATEMENT_NOUNS or t.pos_ != "NOUN":
            continue
        owners = [c for c in t.children if c.dep_ == "poss"]
        owners += [
            o for p in t.children if p.dep_ == "prep" and p.lower_ in ("from", "by") for o in p.children
        ]
        if t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.lemma_ in REPORTING_VERBS:
            owners += [c for c in t.head.head.children if c.dep_ == "nsubj"]
        for owner in owners:
            for x in sorted(owner.subtree, key=lambda x: x is not owner):  # the phrase's head first
                m = ents.mention_at(x.i)
                if m is not None and not m.is_place:
                    return m.key
            named = _actor_named(ents, doc[owner.left_edge.i : owner.i + 1].text)
            if named is not None:
                return named
        if owners:
            return None  # the nearest statement is the one meant, even when its issuer is no actor
    return None


def _actor_named(ents: ArticleEntities, text: str) -> str | None:
    """The actor of the article that carries this name as its label or one of its aliases."""
    wanted = text.lower().removeprefix("the ").strip()
    for key, info in ents.entities.items():
        if not info.is_place and wanted in {info.label.lower(), *(a.lower() for a in info.aliases)}:
            return key
    return None


def _described(ents: ArticleEntities, span: Span, here: int, sent_of: dict[int, int]) -> str | None:
    """The actor a definite description names: the nearest one described with the description's words.

    "The UK maritime security agency (UKMTO) said ..." then "the maritime security agency said": the
    words of the description meet the words of an earlier mention and those just before it.
    """
    doc = ents.doc
    wanted = {t.lower_ for t in span if t.is_alpha and t.lower_ not in _FUNCTION_WORDS}
    head = span.root.lower_
    best: tuple[int, int, str] | None = None
    for i in range(span.start - 1, -1, -1):
        if here - sent_of.get(i, 0) > DESCRIPTION_REACH:
            break
        m = ents.mention_at(i)
        if m is None or m.is_place or m.start != i:
            continue
        root = doc[m.end - 1]
        phrase = root.head if root.dep_ == "appos" else root  # "the UK maritime security agency (UKMTO)"
        start = max(phrase.left_edge.i, m.start - DESCRIPTION_WINDOW)
        words = {t.lower_ for t in doc[start : max(m.end, phrase.i + 1)]}
        if head not in words:
            continue
        score = len(wanted & words)
        if best is None or score > best[0]:
            best = (score, i, m.key)
    # two shared words, or every word of a one-word description ("the ministry")
    return best[2] if best is not None and best[0] >= min(2, len(wanted)) else None


def _named_as_place(ents: ArticleEntities, span: Span, key: str) -> bool:
    """The mention of `key` in the phrase is tagged as a place by the model ("of Kunduz")."""
    return any(
        (m := ents.mention_at(t.i)) is not None and m.key == key and t.ent_type_ in ("GPE", "LOC")
        for t in span
    )
