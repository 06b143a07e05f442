"""Backing, alliance and hostility between actors, from patterns over the parse."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.clauses import (
    actors_for,
    is_irrealis,
    is_passive,
    objects,
    passive_agents,
    prep_objects,
    subjects,
)
from kg.extract.entities import ArticleEntities
from kg.models import RelationKind

BACKING_VERBS = frozenset(
    [
        "back",
        "support",
        "arm",
        "assist",
        "aid",
        "fund",
        "finance",
        "sponsor",
        "equip",
        "supply",
        "reinforce",
        "train",
        "bankroll",
        "help",
    ]
)
BACKING_PARTICIPLES = frozenset(
    ["backed", "supported", "armed", "sponsored", "funded", "financed", "assisted", "aided", "equipped"]
)
HOSTILE_VERBS = frozenset(
    [
        "attack",
        "fight",
        "battle",
        "clash",
        "target",
        "shell",
        "bomb",
        "strike",
        "ambush",
        "besiege",
        "storm",
        "push",
        "chase",
        "overthrow",
        "topple",
        "oust",
        "defeat",
        "rout",
        "repel",
        "face",
        "resist",
        "kill",
        "pound",
        "bombard",
        "raid",
        "assault",
        "overrun",
        "encircle",
        "surround",
        "drive",
        "expel",
        "dislodge",
        "confront",
        "invade",
    ]
)
HOSTILE_PREPS = frozenset({"against", "with", "on"})
ALLY_NOUNS = frozenset(["ally", "allies", "alliance", "partner", "partners"])
SUPPLY_NOUNS = frozenset(
    [
        "weapons",
        "weaponry",
        "arms",
        "ammunition",
        "equipment",
        "aid",
        "support",
        "help",
        "assistance",
        "supplies",
    ]
)


@dataclass(frozen=True)
class FoundRelation:
    """A relation with the token that triggered it (for evidence and offsets)."""

    kind: RelationKind
    source: str
    target: str
    trigger: Token
    confidence: float


def find_relations(doc: Doc, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """Every relation the patterns find, in text order; self-relations are dropped."""
    for t in doc:
        for rel in _at(t, ents):
            if rel.source != rel.target and not is_irrealis(rel.trigger):
                yield rel


def _pairs(
    kind: RelationKind, sources: list[str], targets: list[str], trigger: Token, confidence: float
) -> Iterator[FoundRelation]:
    for s in sources:
        for o in targets:
            yield FoundRelation(kind, s, o, trigger, confidence)


def _at(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    low, lemma = t.lower_, t.lemma_
    doc = t.doc
    # "Iranian-backed Houthis", "Hezbollah-backed firepower"
    if low in BACKING_PARTICIPLES and t.i >= 2 and doc[t.i - 1].text == "-":
        backer_tok = doc[t.i - 2]
        backers = _backer(backer_tok, ents)
        backed = _modified_actor(t, ents)
        yield from _pairs(RelationKind.SUPPORTS, backers, backed, t, 0.8)
        return
    # "Y, backed by X" / "Y is backed by X" / "X backs Y"
    if lemma in BACKING_VERBS and t.pos_ in ("VERB", "AUX"):
        if is_passive(t) or passive_agents(t):
            backers = [k for a in passive_agents(t) for k in actors_for(a, ents)]
            if t.dep_ in ("acl", "relcl", "advcl") and t.dep_ != "advcl":
                backed = actors_for(t.head, ents)
            else:
                backed = [k for c in t.children if c.dep_ == "nsubjpass" for k in actors_for(c, ents)]
                if not backed and t.dep_ == "advcl":
                    backed = [k for s in subjects(t.head) for k in actors_for(s, ents)]
            yield from _pairs(RelationKind.SUPPORTS, backers, backed, t, 0.8)
        else:
            backers = [k for s in subjects(t) for k in actors_for(s, ents)]
            backed = [k for o in objects(t) for k in actors_for(o, ents)]
            backed += [k for _, o in prep_objects(t, {"to"}) for k in actors_for(o, ents)]
            yield from _pairs(RelationKind.SUPPORTS, backers, backed, t, 0.7)
        return
    # "fighting alongside / for X", "fighting on the side of X"
    if lemma in ("fight", "battle", "serve") and t.pos_ == "VERB":
        allies = [k for p, o in prep_objects(t, {"alongside", "for", "beside"}) for k in actors_for(o, ents)]
        if allies:
            fighters = [k for s in subjects(t) for k in actors_for(s, ents)]
            yield from _pairs(RelationKind.SUPPORTS, fighters, allies, t, 0.7)
    # "received weapons from X", "getting help from X", "with help from X"
    if lemma in ("receive", "get", "obtain", "acquire") and t.pos_ == "VERB":
        givers = [k for _, o in prep_objects(t, {"from"}) for k in actors_for(o, ents)]
        if givers:
            receivers = [k for s in subjects(t) for k in actors_for(s, ents)]
            if not receivers and t.dep_ == "relcl":
                receivers = [k for s in subjects(t) for k in actors_for(s, ents)]
            yield from _pairs(RelationKind.SUPPORTS, givers, receivers, t, 0.6)
    if low in ("help", "support", "assistance", "backing") and t.pos_ == "NOUN":
        givers = [k for _, o in prep_objects(t, {"from"}) for k in actors_for(o, ents)]
        if givers:
            head = t.head
            while head.dep_ in ("prep", "dobj", "pobj") and head.head is not head:
                head = head.head
                if head.pos_ == "VERB":
                    break
            receivers = (
                [k for s in subjects(head) for k in actors_for(s, ents)]
                if head.pos_ in ("VERB", "AUX")
                else []
            )
            yield from _pairs(RelationKind.SUPPORTS, givers, receivers, t, 0.6)
    # "ship weapons to X"
    if lemma in ("ship", "send", "deliver", "provide", "supply", "give", "sell") and t.pos_ == "VERB":
        if any(o.lower_ in SUPPLY_NOUNS for o in objects(t)):
            receivers = [k for _, o in prep_objects(t, {"to"}) for k in actors_for(o, ents)]
            givers = [k for s in subjects(t) for k in actors_for(s, ents)]
            yield from _pairs(RelationKind.SUPPORTS, givers, receivers, t, 0.6)
    # alliances
    if low in ALLY_NOUNS:
        yield from _alliance(t, ents)
    if low == "allied" and t.pos_ in ("VERB", "ADJ"):
        partners = [k for _, o in prep_objects(t, {"with", "to"}) for k in actors_for(o, ents)]
        subject = [k for s in subjects(t) for k in actors_for(s, ents)] or actors_for(t.head, ents)
        yield from _pairs(RelationKind.ALLIED, subject, partners, t, 0.7)
    # hostility
    if lemma in HOSTILE_VERBS and t.pos_ == "VERB":
        if is_passive(t):
            attackers = [k for a in passive_agents(t) for k in actors_for(a, ents)]
            attacked = [k for c in t.children if c.dep_ == "nsubjpass" for k in actors_for(c, ents)]
        else:
            attackers = [k for s in subjects(t) for k in actors_for(s, ents)]
            attacked = [k for o in objects(t) for k in actors_for(o, ents)]
            attacked += [k for _, o in prep_objects(t, HOSTILE_PREPS) for k in actors_for(o, ents)]
        yield from _pairs(RelationKind.OPPOSES, attackers, attacked, t, 0.6)
    # "fighting between X and Y", "war against X"
    if low in ("fighting", "clashes", "battles", "war", "fight") and t.pos_ == "NOUN":
        for prep, o in prep_objects(t, {"between"}):
            sides = actors_for(o, ents)
            if len(sides) >= 2:
                yield from _pairs(RelationKind.OPPOSES, sides[:1], sides[1:], t, 0.6)


def _backer(token: Token, ents: ArticleEntities) -> list[str]:
    """The backer in "X-backed": an actor, or the state of a demonym ("Iranian-backed")."""
    found = ents.actors_of(token)
    if found:
        return found
    country = ents.gazetteer.country_named(token.text)
    if country:
        return [country.state]
    return []


def _modified_actor(participle: Token, ents: ArticleEntities) -> list[str]:
    """The actor a hyphenated participle modifies ("Hezbollah-backed firepower" of the government)."""
    doc = participle.doc
    for j in range(participle.i + 1, min(len(doc), participle.i + 5)):
        found = ents.actors_of(doc[j])
        if found:
            return found
        if doc[j].pos_ in ("NOUN", "PROPN"):
            head = doc[j]
            owners = [c for c in head.children if c.dep_ == "poss"]
            for o in owners:
                found = actors_for(o, ents)
                if found:
                    return found
            break
    head = participle.head
    return ents.actors_of(head) or [k for c in head.children if c.dep_ == "poss" for k in actors_for(c, ents)]


def _alliance(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """ "X is an ally of Y", "X, an ally of Y", "Y's ally X", "X is one of Y's allies", "alliance with Y"."""
    partners = [k for _, o in prep_objects(t, {"of", "with", "to"}) for k in actors_for(o, ents)]
    partners += [k for c in t.children if c.dep_ == "poss" for k in actors_for(c, ents)]
    subject: list[str] = []
    if t.dep_ == "attr" or (t.dep_ == "pobj" and t.head.head.dep_ == "attr"):
        verb = t.head if t.dep_ == "attr" else t.head.head.head
        subject = [k for s in subjects(verb) for k in actors_for(s, ents)]
    elif t.dep_ == "appos":
        subject = actors_for(t.head, ents)
    elif t.dep_ in ("dobj", "pobj"):
        verb = t.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        subject = [k for s in subjects(verb) for k in actors_for(s, ents)]
    appos = [k for c in t.children if c.dep_ in ("appos", "compound") for k in actors_for(c, ents)]
    if appos and not subject:
        subject = appos
    if t.lower_ == "alliance" and not subject:
        owners = [k for c in t.children if c.dep_ == "poss" for k in actors_for(c, ents)]
        partners = [k for _, o in prep_objects(t, {"with"}) for k in actors_for(o, ents)]
        subject = owners
    yield from _pairs(RelationKind.ALLIED, subject, partners, t, 0.7)
