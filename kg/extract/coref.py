"""Descriptions that stand for named actors: "the group", "the Iran-backed rebel group", "both sides".

A spaCy component (`actor_coreference`) that reads the article's resolved mentions from
`doc._.actor_entities` and adds, for each description it resolves, a mention of the named actor at
the description's head word; every later rule (relations, operations, statements) then sees the
description as the actor. What it resolves, and the choices a caller should know:

- A definite description whose head is a group noun ("the group", "the al-Qaida-linked group", "the
  Islamist faction") names the most recent named armed group or movement before it. A party named only
  in the description's own modifiers, or only as somebody's affiliate ("some linked to al-Qaeda"), is
  never its antecedent.
- "the rebels", "the militants", "insurgents": the most recent named armed group that the article
  has called by a word of the same class ("M23 rebels", "Islamist militant group Boko Haram"), so
  that "rebels" never becomes a jihadist group named as "militants" or the reverse; or the article's
  one named group, when it never calls it either.
- An indefinite description opening the article ("A Turkish-backed coalition of rebel factions has
  launched ...") names the first armed group the following sentences name.
- An appositive common noun ("the SNA, an umbrella of factions") is its anchor's mention.
- "Libya's unity government", "the interim government": the one named government of the article
  ("Government of National Accord").
- "the two countries", "both sides": the last two distinct actors of a fitting kind, recorded in
  `ArticleEntities.plurals` (a head word may name several actors).

Links are recorded in `doc._.coref_links` as (start, end, key) for inspection.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.entities import ArticleEntities, EntityInfo, Mention
from kg.extract.names import norm
from kg.models import ActorKind

GROUP_HEADS = frozenset(
    "group movement militia organisation organization faction outfit umbrella network insurgency".split()
)
"""Singular heads a definite description of an armed group or movement uses."""
PEOPLE_CLASSES: dict[str, str] = {
    **dict.fromkeys(["rebel", "rebels", "insurgent", "insurgents", "insurgency", "rebellion"], "rebel"),
    **dict.fromkeys(
        [
            "militant",
            "militants",
            "jihadist",
            "jihadists",
            "islamist",
            "islamists",
            "terrorist",
            "terrorists",
            "terror",
        ],
        "militant",
    ),
}
"""Plural heads ("the rebels", "militants") and the class of words a group must have been called by."""
LEDE_HEADS = GROUP_HEADS | frozenset(["coalition", "alliance", "militia", "force"])
"""Heads of an indefinite description that introduces a party named in a later sentence."""
PLURAL_HEADS: dict[str, frozenset[ActorKind]] = {
    "countries": frozenset([ActorKind.STATE]),
    "nations": frozenset([ActorKind.STATE]),
    "states": frozenset([ActorKind.STATE]),
    "governments": frozenset([ActorKind.STATE]),
    "allies": frozenset([ActorKind.STATE, ActorKind.ARMED_FORCES]),
    "groups": frozenset([ActorKind.ARMED_GROUP, ActorKind.POLITICAL_ORG]),
    "sides": frozenset(
        [ActorKind.STATE, ActorKind.ARMED_FORCES, ActorKind.ARMED_GROUP, ActorKind.POLITICAL_ORG]
    ),
    "armies": frozenset([ActorKind.ARMED_FORCES]),
}
"""'the two countries', 'both sides': the kinds of actor each plural head can stand for."""
GOVERNMENT_QUALIFIERS = frozenset(
    ["unity", "interim", "transitional", "provisional", "recognised", "recognized", "rival", "parallel"]
)
"""'the unity government': a description of a government the article names in full."""
ANTECEDENT_KINDS = frozenset([ActorKind.ARMED_GROUP, ActorKind.POLITICAL_ORG])
SKIPPED_KINDS = frozenset(
    [ActorKind.PERSON, ActorKind.MEDIA, ActorKind.STATE, ActorKind.ARMED_FORCES, ActorKind.INTL_ORG]
)
"""Actors a group description reaches past: a state, an army, the UN, a person or a newspaper is never
'the group'; any other party (a company, a rights group) stops the search."""
AFFILIATE_WORDS = frozenset(["linked", "affiliated", "allied", "aligned", "tied", "loyal", "close"])
"""'some linked to al-Qaeda': the party after these is another's affiliate, not the one described."""
WINDOW = 250
"""How many tokens back a description may reach for its named actor (about three paragraphs)."""
LEDE_SENTENCES = 2
LEDE_REACH = 160
"""An opening description looks this many tokens ahead for the party it introduces."""

if not Doc.has_extension("actor_entities"):
    Doc.set_extension("actor_entities", default=None)
if not Doc.has_extension("coref_links"):
    Doc.set_extension("coref_links", default=None)


@dataclass(frozen=True)
class CorefLink:
    """A description (token span) resolved to one or more actor keys."""

    start: int
    end: int
    keys: tuple[str, ...]


class ActorCoreference:
    """Resolves descriptions to the named actors of `doc._.actor_entities`; see the module docstring."""

    def __call__(self, doc: Doc) -> Doc:
        ents: ArticleEntities | None = doc._.actor_entities
        if ents is None:
            return doc
        links: list[CorefLink] = []
        emptied: set[str] = set()
        descriptors = _descriptors(ents)
        lede_end = _lede_end(doc)
        for t in doc:
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            plural = _plural(t, ents)
            if plural:
                ents.plurals[t.i] = plural
                links.append(CorefLink(t.i, t.i + 1, tuple(plural)))
                continue
            key = _description(t, ents, descriptors, lede_end) or _named_government(t, ents)
            if key is not None:
                emptied.add(_add_mention(ents, t, key) or key)
                for mod in t.lefts:  # "the rebel group": its "rebel" is the same party
                    m = ents.mention_at(mod.i)
                    if m is not None and _synthetic(ents, m.key):
                        emptied.add(_add_mention(ents, mod, key) or key)
                links.append(CorefLink(t.i, t.i + 1, (key,)))
        for t in doc:
            if t.dep_ == "appos" and t.pos_ == "NOUN" and ents.mention_at(t.i) is None:
                anchor = ents.mention_at(t.head.i)
                if (
                    anchor is not None
                    and not anchor.is_place
                    and ents.kind_of(anchor.key) in ANTECEDENT_KINDS
                ):
                    emptied.add(_add_mention(ents, t, anchor.key) or anchor.key)
                    links.append(CorefLink(t.i, t.i + 1, (anchor.key,)))
        _drop_absorbed(ents, emptied)
        doc._.coref_links = links
        return doc


@Language.factory(
    "actor_coreference", assigns=["doc._.coref_links"], requires=["doc._.actor_entities"], default_config={}
)
def make_actor_coreference(nlp: Language, name: str) -> ActorCoreference:
    """The `actor_coreference` component (stateless)."""
    return ActorCoreference()


def resolve(doc: Doc, ents: ArticleEntities) -> list[CorefLink]:
    """Run the component on a Doc whose entities are `ents`; the links it made."""
    doc._.actor_entities = ents
    ActorCoreference()(doc)
    links: list[CorefLink] = doc._.coref_links
    return links


# ---------------------------------------------------------------------------- descriptions


def _synthetic(ents: ArticleEntities, key: str) -> bool:
    """A party the article only describes ('Malian rebels' made from 'rebels'), not a named one."""
    return key.endswith("-rebels") and key not in ents.gazetteer.actors


def _described(key: str) -> bool:
    """A country's rebels ('Syrian rebels', known or made from 'rebels'): never a named group's antecedent."""
    return key.endswith("-rebels")


def _description(
    t: Token, ents: ArticleEntities, descriptors: dict[str, set[str]], lede_end: int
) -> str | None:
    low = t.lower_
    m = ents.mention_at(t.i)
    if m is not None and not (m.end - 1 == t.i and _synthetic(ents, m.key)):
        return None  # a name, or part of one ("Houthi rebels" is the Houthis already)
    if any(_names_it(c, ents) for c in t.lefts):
        return None  # "the Lebanese Hezbollah movement" is Hezbollah by its own name
    dets = [c.lower_ for c in t.children if c.dep_ in ("det", "predet")]
    definite = bool(dets) and dets[0] in ("the", "this", "that")
    own = _named_in_modifiers(t, ents)
    if low in GROUP_HEADS and definite and t.tag_ in ("NN", "NNP"):
        return _antecedent(t, ents, own, None, descriptors)
    cls = PEOPLE_CLASSES.get(low)
    if cls is not None and t.tag_ in ("NNS", "NNPS", "NN") and (definite or not dets):
        if low in ("terror", "insurgency", "rebellion"):
            return None
        return _antecedent(t, ents, own, cls, descriptors)
    if definite:
        key = _same_head(t, ents, own)
        if key is not None:
            return key
    if (
        low in LEDE_HEADS
        and t.i < lede_end
        and dets
        and dets[0] in ("a", "an")
        and t.dep_ in ("nsubj", "nsubjpass")
    ):
        return _cataphor(t, ents, own)
    return None


def _named_government(t: Token, ents: ArticleEntities) -> str | None:
    """ "Libya's unity government" -> the Government of National Accord the article names."""
    if t.lower_ != "government" or not any(c.lower_ in GOVERNMENT_QUALIFIERS for c in t.lefts):
        return None
    m = ents.mention_at(t.i)
    if m is not None and m.key in ents.gazetteer.actors and ents.kind_of(m.key) is ActorKind.POLITICAL_ORG:
        return None
    named = [
        info.key
        for info in ents.entities.values()
        if not info.is_place
        and info.kind is ActorKind.POLITICAL_ORG
        and "government" in norm(info.label).split()
    ]
    return named[0] if len(named) == 1 else None


def _same_head(t: Token, ents: ArticleEntities, own: set[str]) -> str | None:
    """'the GNA-backed brigades' after 'Misrata brigades': the latest actor whose name ends in the head."""
    if t.tag_ not in ("NNS", "NN") or t.lower_ in PEOPLE_CLASSES:
        return None
    for i in range(t.i - 1, max(-1, t.i - WINDOW), -1):
        m = ents.mention_at(i)
        if m is None or m.is_place or m.key in own or i != m.end - 1:
            continue
        info = ents.entities.get(m.key)
        if info is None or info.kind is ActorKind.PERSON:
            continue
        if t.lower_ in _last_words(frozenset((info.label, *info.aliases))):
            return m.key
    return None


@lru_cache(maxsize=4096)
def _last_words(names: frozenset[str]) -> frozenset[str]:
    """The last word of each name, compared as `norm` writes it (asked for every description and every
    actor before it: memoised by the names)."""
    return frozenset(words[-1] for name in names if (words := norm(name).split()))


def _names_it(mod: Token, ents: ArticleEntities) -> bool:
    """A modifier that is the described party's own name (not 'X-backed', not a described party)."""
    if mod.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    m = ents.mention_at(mod.i)
    if m is None or m.is_place or _described(m.key):
        return False
    doc = mod.doc
    return not (m.end < len(doc) and doc[m.end].text == "-")


def _named_in_modifiers(t: Token, ents: ArticleEntities) -> set[str]:
    """Actors named inside the description itself ('the al-Qaida-linked group' names al-Qaida)."""
    out: set[str] = set()
    for d in t.subtree:
        m = ents.mention_at(d.i)
        if m is not None and d.i != t.i:
            out.add(m.key)
    return out


def _antecedent(
    t: Token, ents: ArticleEntities, own: set[str], cls: str | None, descriptors: dict[str, set[str]]
) -> str | None:
    """The most recent named group before `t` (of the same descriptor class when `cls` is given)."""
    skipped = SKIPPED_KINDS
    fits: list[str] = []
    subjects: set[str] = set()
    for i in range(t.i - 1, max(-1, t.i - WINDOW), -1):
        m = ents.mention_at(i)
        if m is None or m.is_place or m.key in own or i != m.end - 1:
            continue
        root = ents.doc[m.start : m.end].root
        if _described(m.key) or _affiliate(root):
            continue
        kind = ents.kind_of(m.key)
        if kind in skipped:
            continue
        if kind not in ANTECEDENT_KINDS:
            if not fits:
                return None  # "the UN said ... the group": no armed group is meant
            continue
        classes = descriptors.get(m.key, set())
        if not (cls is None or cls in classes or not classes and _only_group(ents, m.key)):
            if not fits:
                return None
            continue
        if m.key not in fits:
            fits.append(m.key)
        if _subject_like(root):
            subjects.add(m.key)
    # the most recent group that was the subject of a clause; a group only compared with is not meant
    return next((k for k in fits if k in subjects), fits[0] if fits else None)


def _subject_like(root: Token) -> bool:
    """A name that does something in its clause: a subject, a passive's agent, or a subject's appositive."""
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True
    return root.dep_ in ("appos", "compound", "conj") and root.head.dep_ in ("nsubj", "nsubjpass")


def _only_group(ents: ArticleEntities, key: str) -> bool:
    """Whether `key` is the one named armed group or movement of the article."""
    groups = [
        k
        for k, info in ents.entities.items()
        if not info.is_place and info.kind in ANTECEDENT_KINDS and not _described(k)
    ]
    return groups == [key]


def _cataphor(t: Token, ents: ArticleEntities, own: set[str]) -> str | None:
    """'A Turkish-backed coalition of rebel factions has launched ...': the group named next."""
    doc = t.doc
    start = t.sent.end
    for i in range(start, min(len(doc), start + LEDE_REACH)):
        m = ents.mention_at(i)
        if m is None or m.is_place or m.key in own or _described(m.key):
            continue
        if ents.kind_of(m.key) in ANTECEDENT_KINDS and not _affiliate(doc[m.start : m.end].root):
            return m.key
    return None


def _affiliate(root: Token) -> bool:
    """Whether a name stands as another party's affiliate: 'linked to X', 'X-backed', 'loyal to X'."""
    if root.dep_ == "pobj" and root.head.head.lower_ in AFFILIATE_WORDS:
        return True
    doc = root.doc
    nxt = root.i + 1
    return nxt + 1 < len(doc) and doc[nxt].text == "-" and doc[nxt + 1].lower_.endswith("ed")


def _descriptors(ents: ArticleEntities) -> dict[str, set[str]]:
    """For each named actor, the classes of word the article calls it by ('M23 rebels' -> rebel)."""
    doc = ents.doc
    out: dict[str, set[str]] = {}
    for info in ents.entities.values():
        if info.is_place or _synthetic(ents, info.key):
            continue
        classes: set[str] = set()
        for m in info.mentions:
            span = doc[m.start : m.end]
            words = [w.lower_ for w in span]
            words += [w.lower_ for w in doc[max(span.sent.start, m.start - 4) : m.start]]
            root = span.root
            if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= m.end:
                words.append(root.head.lower_)
            words += [c.lower_ for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                words.append(root.head.lower_)
            classes |= {PEOPLE_CLASSES[w] for w in words if w in PEOPLE_CLASSES}
        if classes:
            out[info.key] = classes
    return out


def _lede_end(doc: Doc) -> int:
    """The token index where the article's opening sentences end."""
    for n, sent in enumerate(doc.sents):
        if n + 1 >= LEDE_SENTENCES and sent.text.strip():
            return sent.end
    return len(doc)


# ---------------------------------------------------------------------------- plurals


def _plural(t: Token, ents: ArticleEntities) -> list[str]:
    """'the two countries', 'both sides': the last two distinct actors of a fitting kind."""
    kinds = PLURAL_HEADS.get(t.lower_)
    if kinds is None or ents.mention_at(t.i) is not None:
        return []
    mods = {c.lower_ for c in t.children if c.dep_ in ("det", "nummod", "predet", "amod")}
    if not ({"two", "both"} & mods) or any(c.dep_ == "prep" for c in t.children):
        return []  # "two countries in the region": not an anaphor
    found: list[str] = []
    for i in range(t.i - 1, max(-1, t.i - WINDOW), -1):
        m = ents.mention_at(i)
        if m is None or m.is_place or m.key in found:
            continue
        if ents.kind_of(m.key) in kinds:
            found.append(m.key)
            if len(found) == 2:
                return found[::-1]
    return []


# ---------------------------------------------------------------------------- bookkeeping


def _add_mention(ents: ArticleEntities, t: Token, key: str) -> str | None:
    """Make `t` (or the described party's mention it heads) a mention of `key`; the key it took it from."""
    target: EntityInfo = ents.entities[key]
    old = ents.mention_at(t.i)
    if old is not None:  # a described party's mention ("the rebels") moves to the named actor
        info = ents.entities.get(old.key)
        if info is not None and old in info.mentions:
            info.mentions.remove(old)
        taken_from = old.key
        old.key = key
        target.mentions.append(old)
        return taken_from
    m = Mention(t.i, t.i + 1, key, False)
    target.mentions.append(m)
    ents.by_token[t.i] = m
    return None


def _drop_absorbed(ents: ArticleEntities, emptied: set[str]) -> None:
    """A described party whose every mention now names an actor is no party of its own."""
    for key in [k for k in emptied if k in ents.entities and not ents.entities[k].mentions]:
        del ents.entities[key]
