"""Backing, alliance and hostility between actors, from patterns over the parse.

Conventions (see the gold format): "X-backed Y", "backed by", "armed by", "fighting alongside" and
"fighting for" give `supports` X -> Y; a stated alliance, "X-aligned" and "X-linked" give `allied`;
fighting, attacking, shelling and seeking to overthrow give `opposes`. "Forces loyal to X" is X's own
force, so a relation with them is a relation with X, and never a relation of its own. Negated,
hypothetical, denied and merely alleged statements give nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.clauses import (
    CONDITIONAL_MARKS,
    IRREALIS_HEADS,
    MODALS,
    PRONOUNS,
    REALIS_HEADS,
    RELATIVE_PRONOUNS,
    actors_for,
    is_irrealis,
    is_passive,
    objects,
    passive_agents,
    prep_objects,
    subjects,
)
from kg.extract.entities import ArticleEntities, EntityInfo
from kg.extract.gazetteer import Country
from kg.extract.relation_cues import cue_words
from kg.models import ActorKind, PlaceKind, RelationKind

BACKING_VERBS = cue_words("backing_verb")
BACKING_PARTICIPLES = cue_words("backing_participle")
ALLIANCE_PARTICIPLES = cue_words("alliance_participle")
"""'Iran-aligned Houthis', 'al-Qaeda-linked group': a stated tie between two parties, not backing."""
HELD_PARTICIPLES = cue_words("held_participle")
"""'Islamic State-held villages': the holder is the party a push through them is aimed at."""
POSITION_NOUNS = cue_words("position_noun")
"""Military emplacements and arms: 'Armenian positions', 'U.S. airstrikes' are that country's forces'."""
STATE_FORCE_NOUNS = POSITION_NOUNS | cue_words("state_force_noun")
"""Nouns whose national modifier names that state's forces: 'Russian instructors', 'Ukrainian defences'."""
OWNED_NOUNS = STATE_FORCE_NOUNS | cue_words("owned_noun")
"""Nouns whose owner is a party in arms: 'fighters from X', 'X positions', 'X-held villages'."""
ROLE_NOUNS = cue_words("role_noun")
"""People who speak or act for an organisation: 'a spokesman for X' acts for X."""
HOSTILE_VERBS = cue_words("hostile_verb")
HOSTILE_PREPS = frozenset({"against", "with", "on", "at"})
KILLING_VERBS = cue_words("killing_verb")
RECIPROCAL_VERBS = cue_words("reciprocal_verb")
"""'X and Y clashed': the conjoined subjects are the two sides."""
OVERTHROW_VERBS = cue_words("overthrow_verb")
"""Aims that are themselves hostility: 'fighting to overthrow X' states that the fighters oppose X."""
STRIVING_HEADS = cue_words("striving_head")
TAKING_VERBS = cue_words("taking_verb")
"""'took the airport from X': the taker and X are on opposite sides."""
FIRING_VERBS = cue_words("firing_verb")
"""Verbs whose object is a weapon or an attack and whose target follows a preposition."""
HOSTILE_NOUNS = cue_words("hostile_noun")
PAIR_NOUNS = cue_words("pair_noun")
"""Nouns whose 'with X' is the other side ('clashes with X'), as 'between X and Y' is for both."""
NOUN_TARGET_PREPS = frozenset({"against", "on", "at", "into"})
LAUNCH_VERBS = cue_words("launch_verb")
"""Verbs whose subject is the side behind an attack noun they govern ('X launched an offensive on Y')."""
HELP_NOUNS = cue_words("help_noun")
ALLY_NOUNS = cue_words("ally_noun")
SUPPLY_NOUNS = cue_words("supply_noun")
SENDING_VERBS = cue_words("sending_verb")
TRUCE_NOUNS = cue_words("truce_noun")
PROXY_NOUNS = cue_words("proxy_noun")
OCCUPATION_NOUNS = cue_words("occupation_noun")
YIELDING_VERBS = cue_words("yielding_verb")
"""'forced X to withdraw': what a side is made to do by its enemy."""
COALITION_NOUNS = cue_words("coalition_noun")
"""A ceasefire is between the two sides of a fight: 'a truce between X and Y', 'a ceasefire with Y'."""
ACCUSING_VERBS = cue_words("accusing_verb")
"""'X and Y accused each other of ...', 'both sides blamed one another': blame between two sides."""
ACCUSATION_NOUNS = cue_words("accusation_noun")
"""'X and Y traded accusations': what two sides trade or exchange."""
THREAT_HEADS = cue_words("threat_head")
"""'X threatens to retake Y': the threatened force is hostility stated, though not yet used."""
OUTCOME_VERBS = cue_words("outcome_verb")
"""'X were met by Y, resulting in heavy fighting': the fighting's sides are the clause's parties."""
UNASSERTED_HEADS = cue_words("unasserted_head")
"""'accused X of backing Y', 'denied arming Y': the relation is claimed by someone else or denied."""
ASSERTING_MARKS = frozenset(["as", "while", "after", "since", "because", "when", "before"])
"""Clauses of time or reason state their own facts, whatever the main clause hedges."""
ARMED_KINDS = frozenset([ActorKind.ARMED_GROUP, ActorKind.ARMED_FORCES])
_TRIGGER_POS = frozenset(["VERB", "AUX", "ADJ"])
_TRIGGER_WORDS = (
    BACKING_PARTICIPLES
    | ALLIANCE_PARTICIPLES
    | HELP_NOUNS
    | ALLY_NOUNS
    | HOSTILE_NOUNS
    | TRUCE_NOUNS
    | PROXY_NOUNS
    | COALITION_NOUNS
    | OCCUPATION_NOUNS
)
"""A pattern of `_at` starts only at a token with one of these parts of speech or one of these words."""


@dataclass(frozen=True)
class FoundRelation:
    """A relation with the token that triggered it (for evidence and offsets)."""

    kind: RelationKind
    source: str
    target: str
    trigger: Token
    confidence: float


def find_relations(doc: Doc, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """Every relation the patterns find, in text order; self-relations and unasserted ones are dropped."""
    sides: list[str] = []  # the two sides of the last hostility told, for "both sides blamed each other"
    for t in doc:
        if t.pos_ not in _TRIGGER_POS and t.lower_ not in _TRIGGER_WORDS:
            continue
        found = list(_at(t, ents))
        if t.pos_ == "VERB" and (t.lemma_ in ACCUSING_VERBS or t.lemma_ in ("trade", "exchange")):
            found += _mutual_blame(t, ents, sides)
        for rel in found:
            # a truce presupposes the fight, whether it is proposed, mediated or refused
            if rel.source == rel.target or rel.trigger.lower_ not in TRUCE_NOUNS and _unasserted(rel.trigger):
                continue
            if _register(ents, rel.source) and _register(ents, rel.target):
                if rel.kind is RelationKind.OPPOSES:
                    sides = [rel.source, rel.target]
                yield rel


def _unasserted(trigger: Token) -> bool:
    """Negated ('no alliance with'), hypothetical, denied or only alleged.

    A threat of force ('threatened to retake X') is asserted as the threat: it stands or falls with
    the threatening verb.
    """
    if _threatened(trigger):
        trigger = trigger.head
    if (
        (trigger.lemma_ in BACKING_VERBS or trigger.lemma_ in ("fight", "battle", "serve"))
        and trigger.dep_ in ("advcl", "xcomp")
        and trigger.head.lemma_ in SENDING_VERBS
        and any(c.tag_ == "TO" for c in trigger.children)
    ):
        trigger = trigger.head  # "sent troops to help X", "to fight for X": the sending is the help
    if _irrealis(trigger):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return True
    t = trigger
    for _ in range(4):
        if t.head.i == t.i or _own_assertion(t):
            break  # "denied backing the Houthis, who fired at X": the relative clause is stated
        if (
            t.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "advcl", "prep")
            and t.head.lemma_ in UNASSERTED_HEADS
        ):
            return True
        t = t.head
    return False


def _threatened(verb: Token) -> bool:
    """'X threatens to take Y back', 'threatened to attack Y': a hostile verb under a threat."""
    return (
        verb.dep_ in ("xcomp", "ccomp")
        and verb.head.lemma_ in THREAT_HEADS
        and (verb.lemma_ in HOSTILE_VERBS or verb.lemma_ in TAKING_VERBS)
    )


def _irrealis(token: Token) -> bool:
    """`is_irrealis`, with a relative clause and a clause of time or reason as their own assertions.

    'denied backing the Houthis, who have fired missiles at X': the denial does not reach the firing;
    'threatened to take the town as fighting with Y raged': the fighting happened.
    """
    t = token
    while t.head.i != t.i and not _own_assertion(t):
        t = t.head
    if not _own_assertion(t):
        return is_irrealis(token)
    return _irrealis_below(token, t)


def _own_assertion(clause: Token) -> bool:
    if clause.dep_ == "relcl":
        return True
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ASSERTING_MARKS for c in clause.children
    )


def _irrealis_below(token: Token, top: Token) -> bool:
    """Whether anything between `token` and `top` (inclusive) negates or hedges it."""
    t = token
    for _ in range(12):
        for child in t.children:
            if child.dep_ == "neg" or child.dep_ == "aux" and child.lower_ in MODALS:
                return True
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return True
            if (
                child.dep_ == "aux"
                and child.tag_ == "TO"
                and t.i != top.i
                and t.head.lemma_ not in REALIS_HEADS
            ):
                return True
        if t.i == top.i:
            return False
        if t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp") and t.head.lemma_ in IRREALIS_HEADS:
            return True
        t = t.head
    return False


def _register(ents: ArticleEntities, key: str) -> bool:
    """Make a state that a relation names (from a demonym or a country used as a place) a known actor.

    False when the key cannot name an actor of this article: a country's state shares its key with
    the country as a place, and an article's entities hold one of the two.
    """
    info = ents.entities.get(key)
    if info is not None:
        return not info.is_place
    entry = ents.gazetteer.actors.get(key)
    if entry is None:
        return False
    ents.entities[key] = EntityInfo(
        key, entry.label, entry.kind, False, aliases={entry.label}, country=entry.country
    )
    return True


def _pairs(
    kind: RelationKind, sources: list[str], targets: list[str], trigger: Token, confidence: float
) -> Iterator[FoundRelation]:
    for s in sources:
        for o in targets:
            yield FoundRelation(kind, s, o, trigger, confidence)


# ---------------------------------------------------------------------------- who a phrase names


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child not in out:
                out.append(child)
                stack.append(child)
    return out


def _forces_of(country: Country, ents: ArticleEntities) -> str | None:
    """The armed forces of a country ('Armenian positions'), or its state when none is known."""
    for key in (country.forces, country.state):
        if key in ents.gazetteer.actors:
            return key
    return None


def _country_actor(token: Token, ents: ArticleEntities) -> str | None:
    """A country named as a place in an actor's slot ('fired at Saudi Arabia') stands for its state."""
    key = ents.place_at(token)
    if key is None:
        return None
    info = ents.entities.get(key)
    if info is None or info.kind is not PlaceKind.COUNTRY:
        return None
    country = ents.gazetteer.country_named(info.label)
    if country is None or country.state not in ents.gazetteer.actors:
        return None
    return country.state  # the country's name stands for the state, as in the gold convention


def _ends(token: Token, ents: ArticleEntities, places: bool = True, depth: int = 0) -> list[str]:
    """The actors a noun phrase names, with each of its conjuncts.

    Beyond a named actor: 'fighters from X', 'thousands of X fighters', 'coalition airstrikes',
    'X positions', 'X-held villages', 'the group', and (when `places`) a country named as a place.
    """
    out: list[str] = []
    for t in _conjuncts(token):
        if t.i in ents.plurals:
            found = ents.plurals[t.i]
        elif t.lower_ in PRONOUNS or t.lower_ in RELATIVE_PRONOUNS:
            found = actors_for(t, ents)
        else:
            found = _named(t, ents) or [k for k in [ents.actor_at(t)] if k]
        if not found and places:
            key = _country_actor(t, ents)
            found = [key] if key else []
        if not found and t.pos_ in ("NOUN", "PROPN", "NUM") and depth < 2:
            found = _owner(t, ents, places, depth)
        for k in found:
            if k not in out:
                out.append(k)
    return out


def _named(t: Token, ents: ArticleEntities) -> list[str]:
    """'militias known as X', 'a group called X', 'forces loyal to X': the phrase names X's force."""
    if ents.mention_at(t.i) is not None or t.pos_ not in ("NOUN", "PROPN"):
        return []
    for c in t.children:
        if c.dep_ == "acl" and c.lemma_ in ("know", "call", "name", "dub"):
            names = [o for _, o in prep_objects(c, {"as"})] + [o for o in c.children if o.dep_ == "oprd"]
            found = [k for o in names for k in ents.actors_of(o)]
            if found:
                return found
        if c.dep_ == "amod" and c.lower_ in ("loyal", "allegiant"):
            found = [k for _, o in prep_objects(c, {"to"}) for k in ents.actors_of(o)]
            if found:
                return found
    return []


def _owner(t: Token, ents: ArticleEntities, places: bool, depth: int) -> list[str]:
    """The actor behind a generic noun: 'fighters from X', 'units of X', 'X positions', 'X-held towns'."""
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    if (
        nxt is not None
        and nxt.lower_ == "of"
        and nxt.dep_ == "prep"
        and nxt.head.i != t.i
        and t.dep_ == "conj"
    ):
        # "backed by X and members of Y", parsed with "of Y" hanging on X
        found = [k for o in nxt.children if o.dep_ == "pobj" for k in _ends(o, ents, places, depth + 1)]
        if found:
            return found
    if t.lower_ in ROLE_NOUNS:  # "a spokesman for X, fighting for Y"
        for _, o in prep_objects(t, {"for", "of"}):
            found = [k for k in ents.actors_of(o) if ents.kind_of(k) is not ActorKind.PERSON]
            if found:
                return found
    if t.lower_ not in OWNED_NOUNS and t.pos_ != "NUM":
        return []  # "Ukraine's sovereignty", "the future of X": no party in arms
    owner_preps = {"from", "of", "by"} if t.lower_ in HOSTILE_NOUNS else {"from", "of"}
    for _, o in prep_objects(t, owner_preps):  # "a drone strike by the Turkish military"
        if ents.place_at(o) is None or places:
            found = _ends(o, ents, places, depth + 1)
            if found:
                return found
    owners: list[str] = []
    for c in t.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < t.i:
            # "Congolese and U.N. forces": each conjoined modifier names an owner
            for mod in [c, *(d for d in _conjuncts(c) if d is not c and d.i < t.i)]:
                key = ents.actor_at(mod) if mod.dep_ != "poss" else next(iter(actors_for(mod, ents)), None)
                if key is None and mod.dep_ != "poss" and (t.lower_ in STATE_FORCE_NOUNS or mod is not c):
                    country = ents.gazetteer.country_named(mod.text) or ents.gazetteer.country_of_demonym(
                        mod.text
                    )
                    key = _forces_of(country, ents) if country else None
                if key and key not in owners:
                    owners.append(key)
            if owners:
                return owners
            if c.lower_ in HELD_PARTICIPLES:
                holders = [k for g in c.children if g.i < c.i for k in ents.actors_of(g)]
                if holders:
                    return holders
    return []


def _agents(verb: Token) -> list[Token]:
    """The `by` objects of a passive verb, with a conjoined 'and by Y'."""
    out = passive_agents(verb)
    for child in verb.children:
        if child.dep_ == "agent":
            for conj in child.children:
                if conj.dep_ == "conj" and conj.lower_ == "by":
                    out += [o for o in conj.children if o.dep_ == "pobj"]
    return out


def _subject_actors(verb: Token, ents: ArticleEntities) -> list[str]:
    """The actors doing `verb`, through relative clauses, participles and conjoined verbs."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj") and c.lower_ in RELATIVE_PRONOUNS:
            return _ends(c, ents) or _before_place(verb.head, ents)
    return [k for s in subjects(verb) for k in _ends(s, ents)]


def _before_place(antecedent: Token, ents: ArticleEntities) -> list[str]:
    """'help from X in neighbouring Lebanon, which ...': the actor named just before the place."""
    m = ents.mention_at(antecedent.i)
    if m is None or not m.is_place:
        return []
    i = m.start - 1
    while i >= 0 and i >= m.start - 4 and ents.mention_at(i) is None:
        i -= 1
    found = ents.mention_at(i) if i >= 0 else None
    if found is None or found.is_place or antecedent.doc[i + 1 : m.start].text.split()[:1] != ["in"]:
        return []
    return [found.key]


# ---------------------------------------------------------------------------- patterns


def _at(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    low, lemma = t.lower_, t.lemma_
    doc = t.doc
    if t.i >= 2 and doc[t.i - 1].text == "-" and (low in BACKING_PARTICIPLES or low in ALLIANCE_PARTICIPLES):
        yield from _hyphenated(t, ents)
        return
    prefix, _, suffix = low.rpartition("-")
    if prefix and (suffix in BACKING_PARTICIPLES or suffix in ALLIANCE_PARTICIPLES):
        yield from _hyphenated_word(t, t.text[: len(prefix)], suffix, ents)
        return
    if t.pos_ in ("VERB", "AUX", "ADJ"):
        if lemma in BACKING_VERBS or low in BACKING_PARTICIPLES:
            yield from _backing(t, ents)
        yield from _alongside(t, ents)
        if lemma in ("receive", "get", "obtain", "acquire"):
            yield from _received(t, ents)
        if lemma in ("turn", "rely", "depend", "lean", "count", "call"):
            yield from _turned_to(t, ents)
        if lemma in ("ship", "send", "deliver", "provide", "supply", "give", "sell", "transfer"):
            yield from _supplied(t, ents)
        if low in ALLIANCE_PARTICIPLES or lemma == "ally":
            partners = [k for _, o in prep_objects(t, {"with", "to"}) for k in _ends(o, ents)]
            subject = (
                _subject_actors(t, ents)
                or [k for c in t.children if c.dep_ == "nsubjpass" for k in _ends(c, ents)]
                or _ends(t.head, ents)
            )
            yield from _pairs(RelationKind.ALLIED, subject, partners, t, 0.7)
    if t.pos_ == "VERB":
        yield from _hostile_verb(t, ents)
    if low in HELP_NOUNS and t.pos_ == "NOUN":
        yield from _help_from(t, ents)
    if low in ALLY_NOUNS:
        yield from _alliance(t, ents)
    if low in PROXY_NOUNS:  # "Hezbollah, Iran's proxy": the patron backs its proxy
        for rel in _alliance(t, ents):
            yield FoundRelation(RelationKind.SUPPORTS, rel.target, rel.source, rel.trigger, 0.6)
    if low in TRUCE_NOUNS and t.pos_ in ("NOUN", "PROPN"):
        yield from _truce(t, ents)
    if low in COALITION_NOUNS and t.dep_ == "pobj" and t.head.lower_ == "in":
        # "X, in coalition with Y, seized the capital"
        partners = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents)]
        if partners:
            verb = _clause_verb(t.head)
            sides = _subject_actors(verb, ents) if verb.pos_ in ("VERB", "AUX") else _ends(verb, ents)
            yield from _pairs(RelationKind.ALLIED, sides, partners, t, 0.7)
    if (low in HOSTILE_NOUNS or low in OCCUPATION_NOUNS) and (
        t.pos_ in ("NOUN", "PROPN") or t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    ):
        yield from _hostile_noun(t, ents)


def _hyphenated(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'Iranian-backed Houthis', 'Wagner-backed militias', 'the Iran-aligned Houthi movement'."""
    kind = RelationKind.SUPPORTS if t.lower_ in BACKING_PARTICIPLES else RelationKind.ALLIED
    backers = _backer(t, ents)
    backed = _modified_actor(t, ents)
    yield from _pairs(kind, backers, backed, t, 0.8)


def _backing(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'Y, backed by X', 'Y, which is backed by X', 'Y is armed and trained by X', 'X backs Y'."""
    verb = t
    agents = _agents(t)
    # "armed and trained by X": the agent hangs on the last conjunct
    while not agents and any(c.dep_ == "conj" for c in verb.children):
        verb = next(c for c in verb.children if c.dep_ == "conj")
        agents = _agents(verb)
    passive = is_passive(t) or bool(agents) or (t.pos_ == "ADJ" and t.dep_ in ("acomp", "amod"))
    if passive:
        backers = [k for a in agents for k in _ends(a, ents)]
        if agents and not backers:  # "supported by paramilitaries from X", "from X" hung on the verb
            backers = [k for _, o in prep_objects(verb, {"from"}) for k in _ends(o, ents, places=False)]
        if not backers:
            return
        if t.dep_ in ("acl", "relcl", "amod"):
            backed = _ends(t.head, ents)
        elif t.dep_ == "conj" and t.head.dep_ in ("acl", "relcl"):
            backed = _ends(t.head.head, ents)
        else:
            head = t.head if t.dep_ == "acomp" else t
            backed = [k for c in head.children if c.dep_ in ("nsubjpass", "nsubj") for k in _ends(c, ents)]
            if not backed and t.dep_ in ("advcl", "conj"):
                backed = _subject_actors(t.head, ents)
        yield from _pairs(RelationKind.SUPPORTS, backers, backed, t, 0.8)
        return
    if t.pos_ != "VERB":
        return
    backers = _subject_actors(t, ents)
    backed = [k for o in objects(t) for k in _ends(o, ents, places=False)]
    if not backed:  # "supporting the M23's attack": backing the side whose attack it is
        backed = [
            k
            for o in objects(t)
            if o.lower_ in HOSTILE_NOUNS
            for c in o.children
            if c.dep_ == "poss"
            for k in _ends(c, ents)
        ]
    enemies = [k for _, o in prep_objects(t, {"against"}) for k in _ends(o, ents, places=False)]
    yield from _pairs(RelationKind.OPPOSES, [*backers, *backed], enemies, t, 0.6)  # "backed X against Y"
    if not backed and lemma_helps(t):  # "troops helping Malian forces prepare": help X do Y
        backed = [
            k
            for c in t.children
            if c.dep_ in ("ccomp", "xcomp")
            for s in c.children
            if s.dep_ == "nsubj"
            for k in _ends(s, ents, places=False)
        ]
    backed += [k for _, o in prep_objects(t, {"to"}) for k in _ends(o, ents, places=False)]
    yield from _pairs(RelationKind.SUPPORTS, backers, backed, t, 0.7)


def lemma_helps(t: Token) -> bool:
    """Verbs whose object can be a whole clause: 'helped X retake the town'."""
    return t.lemma_ in ("help", "assist", "enable")


def _alongside(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'fighting alongside X', 'deployed alongside X', 'fighting for X', 'fighting on the side of X'."""
    allies = [k for _, o in prep_objects(t, {"alongside", "beside"}) for k in _ends(o, ents, places=False)]
    if allies:
        # "fighting alongside A, B from X and C": the list's later items often hang on the verb
        after = max(c.i for c in t.children if c.lower_ in ("alongside", "beside"))
        for c in t.children:
            if c.i > after and c.dep_ == "npadvmod" and c.pos_ == "NOUN":
                allies += [k for k in _ends(c, ents, places=False) if k not in allies]
    if t.lemma_ in ("fight", "battle", "serve", "die"):
        allies += [k for _, o in prep_objects(t, {"for"}) for k in _ends(o, ents)]
        for _, side in prep_objects(t, {"on"}):
            if side.lower_ in ("side", "behalf"):  # "on the side of X", "on behalf of X", "on X's behalf"
                allies += [k for _, o in prep_objects(side, {"of"}) for k in _ends(o, ents)]
                allies += [k for c in side.children if c.dep_ == "poss" for k in _ends(c, ents)]
    if not allies:
        return
    if is_passive(t) and t.dep_ in ("acl", "relcl"):
        fighters = _ends(t.head, ents)
    elif is_passive(t):
        fighters = [k for c in t.children if c.dep_ == "nsubjpass" for k in _ends(c, ents)]
    else:
        fighters = _subject_actors(t, ents)
    yield from _side_by_side(fighters, allies, ents, t)


def _side_by_side(
    fighters: list[str], allies: list[str], ents: ArticleEntities, trigger: Token
) -> Iterator[FoundRelation]:
    """'X fought alongside Y': X supports Y, unless X is the war's home forces, which are the helped."""
    home = {ents.focal.forces, ents.focal.state} if ents.focal else set()
    for f in fighters:
        for a in allies:
            # "the army fought alongside militias" is the militias' support, as the reverse is.
            if f in home and a not in home:
                yield FoundRelation(RelationKind.SUPPORTS, a, f, trigger, 0.7)
            else:
                yield FoundRelation(RelationKind.SUPPORTS, f, a, trigger, 0.7)


def _received(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'received weapons from X', 'getting help from X'."""
    goods = [*objects(t), *([t.head] if t.dep_ == "relcl" else [])]  # "arms he has received from X"
    if not any(o.lower_ in SUPPLY_NOUNS or o.lower_ in HELP_NOUNS for o in goods):
        return
    givers = [k for _, o in prep_objects(t, {"from"}) for k in _ends(o, ents)]
    givers += [k for o in objects(t) for _, g in prep_objects(o, {"from"}) for k in _ends(g, ents)]
    if givers:
        yield from _pairs(RelationKind.SUPPORTS, givers, _subject_actors(t, ents), t, 0.6)


def _turned_to(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'has turned to X for (security) help', 'relied on X for military support'."""
    aims = [o for _, o in prep_objects(t, {"for"})]
    if not any(a.lower_ in HELP_NOUNS or a.lower_ in SUPPLY_NOUNS for a in aims):
        return
    givers = [k for _, o in prep_objects(t, {"to", "on", "upon"}) for k in _ends(o, ents)]
    yield from _pairs(RelationKind.SUPPORTS, givers, _subject_actors(t, ents), t, 0.6)


def _help_from(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'with help from X', 'with support from X': the clause's subject is helped; "X's support for Y"."""
    under_with = t.dep_ == "pobj" and t.head.lower_ == "with"
    # "with the support of X" is X's support, as "with support from X" is ("in support of X" is not)
    giving = {"from", "of"} if under_with else {"from"}
    givers = [k for _, o in prep_objects(t, giving) for k in _ends(o, ents)]
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if under_with and not givers and after is not None and after.lower_ == "from":
        # "ran its affairs with heavy backing from X": the parse hangs "from X" on the verb
        givers = [k for o in after.children if o.dep_ == "pobj" for k in _ends(o, ents)]
    if t.dep_ == "pobj" and t.head.lower_ == "in" and not givers:
        # "began operations in support of Y": the one who acts does so for Y
        helped = [k for _, o in prep_objects(t, {"of"}) for k in _ends(o, ents, places=False)]
        yield from _pairs(RelationKind.SUPPORTS, _subject_actors(_clause_verb(t), ents), helped, t, 0.6)
        return
    if under_with and not givers:
        givers = [
            k for c in t.children if c.dep_ in ("amod", "compound", "nmod") for k in _state_named(c, ents)
        ]

    if not givers:
        owners = [k for c in t.children if c.dep_ == "poss" for k in _ends(c, ents)]
        helped = [k for _, o in prep_objects(t, {"for", "to"}) for k in _ends(o, ents, places=False)]
        yield from _pairs(RelationKind.SUPPORTS, owners, helped, t, 0.6)
        return
    if under_with and t.head.head.pos_ in ("NOUN", "PROPN"):
        receivers = _ends(t.head.head, ents)  # "Iraqi forces, with help from X, recaptured ..."
        yield from _pairs(RelationKind.SUPPORTS, givers, receivers, t, 0.6)
        return
    head = t.head
    while head.dep_ in ("prep", "dobj", "pobj") and head.head.i != head.i:
        head = head.head
        if head.pos_ == "VERB":
            break
    if head.pos_ not in ("VERB", "AUX") or head.lemma_ in ("receive", "get", "obtain", "acquire"):
        return  # those verbs are read by _received
    if not under_with and (head.lemma_ in TAKING_VERBS or head.lemma_ in HOSTILE_VERBS) and any(
        True for _ in prep_objects(t, {"from"})
    ):
        return  # "seized weapons from X" takes from an enemy ("fought Y with help from X" is helped)
    yield from _pairs(RelationKind.SUPPORTS, givers, _subject_actors(head, ents), t, 0.6)


def _clause_verb(t: Token) -> Token:
    """The verb a phrase hangs on ('began operations in support of X' -> began)."""
    head = t
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    return head


def _state_named(token: Token, ents: ArticleEntities) -> list[str]:
    """The actor a modifier names: an actor mention, or the state of a demonym ('French support')."""
    key = ents.actor_at(token)
    if key:
        return [key]
    country = ents.gazetteer.country_of_demonym(token.text) or ents.gazetteer.country_named(token.text)
    return [country.state] if country and country.state in ents.gazetteer.actors else []


def _supplied(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'ship weapons to X', 'sent troops to help X', 'provided X with weapons'."""
    goods = [o for _, o in prep_objects(t, {"with"})]
    if any(d.lower_ in SUPPLY_NOUNS for g in goods for d in g.subtree):
        receivers = [k for o in objects(t) for k in _ends(o, ents)]
        yield from _pairs(RelationKind.SUPPORTS, _subject_actors(t, ents), receivers, t, 0.6)
        return
    if not any(o.lower_ in SUPPLY_NOUNS for o in objects(t)):
        return
    receivers = [k for _, o in prep_objects(t, {"to"}) for k in _ends(o, ents, places=False)]
    yield from _pairs(RelationKind.SUPPORTS, _subject_actors(t, ents), receivers, t, 0.6)


def _hostile_verb(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'X attacked Y', 'Y was shelled by X', 'X and Y clashed', 'fired rockets at Y', 'took Z from Y'."""
    lemma = t.lemma_
    trigger = t
    if lemma in OVERTHROW_VERBS and t.dep_ in ("xcomp", "advcl") and t.head.lemma_ in STRIVING_HEADS:
        trigger = t.head  # "fighting to overthrow X": the fighting is real, the aim is hostility
    if lemma in HOSTILE_VERBS:
        if is_passive(t):
            attackers = [k for a in _agents(t) for k in _ends(a, ents)]
            told_passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            if not _agents(t) and told_passive and lemma not in KILLING_VERBS:
                attackers = _implied_attackers(t, ents)
            if t.dep_ in ("acl", "relcl"):
                attacked = _ends(t.head, ents)
            else:
                # "X troops, officials and foreigners are targeted": a list's head is often left as "dep"
                attacked = [
                    k
                    for c in t.children
                    if c.dep_ == "nsubjpass" or c.dep_ == "dep" and c.i < t.i and c.pos_ in ("NOUN", "PROPN")
                    for k in _ends(c, ents)
                ]
        else:
            attackers = _subject_actors(t, ents)
            preps = HOSTILE_PREPS - {"on"} if lemma in RECIPROCAL_VERBS else HOSTILE_PREPS
            if any(p == "against" for p, _ in prep_objects(t, {"against"})):
                # "fought with X against Y": X is a comrade, not an enemy
                comrades = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents, places=False)]
                yield from _side_by_side(attackers, comrades, ents, trigger)
                preps = preps - {"with"}
            attacked = [
                k
                for o in [*objects(t), *(o for _, o in prep_objects(t, preps))]
                if o.lower_ not in ("side", "behalf")  # "fighting on the side of X" is support
                for k in _ends(o, ents)
            ]
            for o in objects(t):  # "repelled a Russian assault", "an attack by X": the attack's side
                if o.lower_ in HOSTILE_NOUNS:
                    attacked += [
                        k
                        for c in o.children
                        if c.dep_ in ("amod", "compound", "poss", "nmod")
                        for k in _ends(c, ents)
                    ]
                    attacked += [k for _, a in prep_objects(o, {"by"}) for k in _ends(a, ents)]
            if lemma in KILLING_VERBS:
                attacked = [k for o in objects(t) for k in _victims(o, ents)]
            if not attacked and objects(t):  # "killed numerous fighters from X"
                attacked = [k for _, o in prep_objects(t, {"from"}) for k in _ends(o, ents, places=False)]
            if lemma == "push":
                attacked += [
                    k for _, o in prep_objects(t, {"through", "into"}) for k in _ends(o, ents, False)
                ]
            if lemma in RECIPROCAL_VERBS and not attacked and len(attackers) >= 2 and not _together(t):
                yield from _pairs(RelationKind.OPPOSES, attackers[:1], attackers[1:], trigger, 0.6)
                return
        yield from _pairs(RelationKind.OPPOSES, attackers, attacked, trigger, 0.6)
    elif lemma in FIRING_VERBS:
        firers = _subject_actors(t, ents)
        aims = [o for _, o in prep_objects(t, NOUN_TARGET_PREPS)]
        for o in objects(t):
            if o.lower_ in HOSTILE_NOUNS:
                continue  # read by _hostile_noun
            aims += [g for _, g in prep_objects(o, NOUN_TARGET_PREPS)]
        targets = [k for o in aims for k in _ends(o, ents) or _city_of_state(o, ents)]
        if targets and any(o.pos_ == "NOUN" for o in objects(t)):
            yield from _pairs(RelationKind.OPPOSES, firers, targets, t, 0.6)
    elif lemma == "force" and any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_ in YIELDING_VERBS for c in t.children
    ):
        # "forcing Congolese troops to withdraw": who forces a retreat opposes who retreats
        losers = [k for o in objects(t) for k in _ends(o, ents, places=False)]
        losers += [
            k
            for c in t.children
            if c.dep_ in ("xcomp", "ccomp")
            for s in c.children
            if s.dep_ == "nsubj"
            for k in _ends(s, ents, places=False)
        ]
        yield from _pairs(RelationKind.OPPOSES, _subject_actors(t, ents), losers, t, 0.6)
    elif lemma == "deal" and any(o.lower_ in ("blow", "blows", "defeat", "setback") for o in objects(t)):
        losers = [k for _, o in prep_objects(t, {"to"}) for k in _ends(o, ents, places=False)]
        yield from _pairs(RelationKind.OPPOSES, _subject_actors(t, ents), losers, t, 0.6)
    elif lemma in ("exchange", "trade") and any(o.lower_ in ("fire", "shots", "gunfire") for o in objects(t)):
        others = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents)]
        yield from _pairs(RelationKind.OPPOSES, _subject_actors(t, ents), others, t, 0.6)
    elif lemma in TAKING_VERBS and not any(o.lower_ in HELP_NOUNS for o in objects(t)):
        losers = [k for _, o in prep_objects(t, {"from"}) for k in _ends(o, ents, places=False)]
        losers += [  # "took the army's headquarters", "seized rebel positions"
            k
            for o in objects(t)
            if o.lower_ in POSITION_NOUNS or o.lower_ in ("headquarters", "base", "bases", "stronghold")
            for c in o.children
            if c.dep_ in ("poss", "compound")
            for k in _ends(c, ents, places=False)
        ]
        losers += [k for o in objects(t) for k in _own_forces(o, ents)]  # "retake Y" from Y's own forces
        for taken in objects(t):  # "seized the crossing from X", "the town of Y from X": on the object
            for node in taken.subtree:
                if node.dep_ == "prep" and node.lower_ == "from":
                    losers += [
                        k for o in node.children if o.dep_ == "pobj" for k in _ends(o, ents, places=False)
                    ]
        if losers:
            yield from _pairs(RelationKind.OPPOSES, _subject_actors(t, ents), losers, t, 0.6)


def _implied_attackers(verb: Token, ents: ArticleEntities) -> list[str]:
    """Who does an agentless passive attack: the armed side attacking in the clauses just before.

    'X continues to launch attacks across the country. Y troops are frequently targeted.': the passive
    goes on telling X's attacks. Only the same sentence up to the verb and the sentence before count.
    """
    sent = verb.sent
    start = sent.start
    if start > 0:
        start = verb.doc[start - 1].sent.start
    for i in range(verb.i - 1, start - 1, -1):
        t = verb.doc[i]
        if t.pos_ == "VERB" and t.lemma_ in HOSTILE_VERBS and not is_passive(t):
            clause = t
        elif t.lower_ in HOSTILE_NOUNS and t.dep_ == "dobj" and t.head.lemma_ in LAUNCH_VERBS:
            clause = t.head
        elif (  # "launched a wave of raids"
            t.lower_ in HOSTILE_NOUNS
            and t.dep_ == "pobj"
            and t.head.head.dep_ == "dobj"
            and t.head.head.head.lemma_ in LAUNCH_VERBS
        ):
            clause = t.head.head.head
        else:
            continue
        found = [k for k in _subject_actors(clause, ents) if ents.kind_of(k) in ARMED_KINDS]
        if found:
            return found
    return []


def _own_forces(taken: Token, ents: ArticleEntities) -> list[str]:
    """The armed party named for a territory ("Nagorno-Karabakh's military" holds Nagorno-Karabakh).

    A country is held by its state, which the gold convention names by the country itself, so only
    regions and smaller places are looked up.
    """
    key = ents.place_at(taken)
    info = ents.entities.get(key) if key else None
    if info is None or info.kind is PlaceKind.COUNTRY:
        return []
    name = info.label.lower()
    return [
        k
        for k, e in ents.entities.items()
        if not e.is_place
        and e.kind in ARMED_KINDS
        and any(n.lower().startswith((name + " ", name + "'s ")) for n in (e.label, *e.aliases))
    ]


def _mutual_blame(t: Token, ents: ArticleEntities, last_sides: list[str]) -> list[FoundRelation]:
    """'X and Y accused each other of ...', 'both sides blamed one another', 'X traded accusations with Y'.

    "Both sides", "the two countries" are the two sides of the last hostility told (`last_sides`).
    """
    objs = objects(t)
    if t.lemma_ in ACCUSING_VERBS:
        if not any(o.lower_ in ("other", "another") for o in objs):
            return []  # one side accusing the other of a deed is read from the deed
    elif not any(o.lower_ in ACCUSATION_NOUNS for o in objs):
        return []
    if any(s.i in ents.plurals for s in subjects(t)) and len(last_sides) == 2:
        sides = list(last_sides)
    else:
        sides = _subject_actors(t, ents)
    others = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents)]
    if not others:
        sides, others = sides[:1], sides[1:]
    if len(sides) == 1 and len(others) == 1:
        # two states' forces trade blame through their states; in a civil war the army is the side
        states = [_state_of_forces(sides[0], ents), _state_of_forces(others[0], ents)]
        if states[0] and states[1]:
            sides, others = [states[0]], [states[1]]
    return list(_pairs(RelationKind.OPPOSES, sides, others, t, 0.5))


def _state_of_forces(key: str, ents: ArticleEntities) -> str | None:
    """The state whose armed forces `key` is, when the gazetteer knows it."""
    country = next((c for c in ents.gazetteer.countries.values() if c.forces == key), None)
    if country is None or country.state not in ents.gazetteer.actors:
        return None
    return country.state


def _city_of_state(token: Token, ents: ArticleEntities) -> list[str]:
    """'fired a missile at the Saudi city of Jizan': a missile fired at a country's city is fired at it."""
    if token.lower_ not in ("city", "town", "port", "capital", "village", "base"):
        return []
    return [k for c in token.children if c.dep_ in ("amod", "compound") for k in _state_named(c, ents)]


def _victims(obj: Token, ents: ArticleEntities) -> list[str]:
    """Whom a killing opposes: the group of a named person killed ('a co-founder of X'), or the group."""
    out: list[str] = []
    for t in _conjuncts(obj):
        key = ents.actor_at(t)
        if key is not None and ents.kind_of(key) is ActorKind.PERSON:
            # One person's death is no stance toward that person; his stated group is the side.
            for c in t.children:
                if c.dep_ == "appos":
                    out += [
                        k for a in _conjuncts(c) for _, o in prep_objects(a, {"of"}) for k in _ends(o, ents)
                    ]
        else:
            out += _ends(t, ents)
    return out


def _together(t: Token) -> bool:
    return any(c.lower_ in ("together", "jointly", "alongside") for c in t.subtree)


def _hostile_noun(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'fighting between X and Y', 'clashes with X', 'X's offensive against Y', 'X launched a war on Y'."""
    between = [o for _, o in prep_objects(t, {"between"})]
    if t.dep_ == "nsubj" and t.head.pos_ == "VERB":  # "fighting erupted between X and Y"
        between += [o for _, o in prep_objects(t.head, {"between"})]
    for o in between:
        sides = _ends(o, ents)
        if len(sides) >= 2:
            yield from _pairs(RelationKind.OPPOSES, sides[:1], sides[1:], t, 0.6)
    if t.lower_ in PAIR_NOUNS:
        sides = outcome_sides(t, ents)
        if len(sides) >= 2:
            yield from _pairs(RelationKind.OPPOSES, sides[:1], sides[1:], t, 0.5)
    preps = NOUN_TARGET_PREPS | {"with"} if t.lower_ in PAIR_NOUNS else NOUN_TARGET_PREPS
    if t.lower_ in OCCUPATION_NOUNS:
        preps = preps | {"of"}  # "Russia's invasion of Ukraine"
    targets = [k for _, o in prep_objects(t, preps) for k in _ends(o, ents)]
    for _, agent in prep_objects(t, {"by"}):  # "the offensive by X against Y": "against" hung on X
        targets += [k for _, o in prep_objects(agent, {"against"}) for k in _ends(o, ents)]
    if not targets:
        return
    sources = [k for c in t.children if c.dep_ == "poss" for k in _ends(c, ents)]
    sources += [k for c in t.children if c.dep_ in ("compound", "amod", "nmod") for k in ents.actors_of(c)]
    sources += [k for _, o in prep_objects(t, {"by"}) for k in _ends(o, ents)]
    if not sources and t.dep_ == "pobj" and t.head.lower_ == "at" and t.head.head.lemma_ == "be":
        sources = _subject_actors(t.head.head, ents)  # "X has been at war with Y"
    if (
        not sources
        and t.dep_ == "pobj"
        and t.head.lower_ == "for"
        and t.head.head.lower_ == "responsibility"
        and t.head.head.head.lemma_ == "claim"
    ):
        sources = _subject_actors(t.head.head.head, ents)  # "X claimed responsibility for the attack on Y"
    if not sources and t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_ in LAUNCH_VERBS:
        verb = t.head
        if t.dep_ == "nsubjpass":
            sources = [k for a in _agents(verb) for k in _ends(a, ents)]
        else:
            sources = _subject_actors(verb, ents)
    if (
        not sources
        and t.dep_ == "pobj"
        and t.head.lower_ in ("after", "in", "during")
        and (t.head.head.lemma_ in TAKING_VERBS or t.head.head.lemma_ in HOSTILE_VERBS)
    ):
        sources = _subject_actors(t.head.head, ents)  # "seized Sake after fierce fighting with X"
    if not sources and t.dep_ == "nsubj" and t.head.dep_ == "advcl":
        # "X threatened the district as fierce fighting with Y stoked fears": X is the side fighting Y
        sources = [k for k in _subject_actors(t.head.head, ents) if ents.kind_of(k) in ARMED_KINDS]
    yield from _pairs(RelationKind.OPPOSES, sources, targets, t, 0.6)


def outcome_sides(t: Token, ents: ArticleEntities) -> list[str]:
    """The parties of the clause a fight results from: 'X were met by Y, resulting in heavy fighting'.

    Empty unless `t` is the outcome of an outcome verb ("resulting in", "sparking", "leading to").
    """
    outcome = t.head if t.dep_ == "pobj" and t.head.lower_ in ("in", "to") else t
    verb = outcome.head
    if outcome.dep_ not in ("prep", "dobj") or verb.lemma_ not in OUTCOME_VERBS:
        return []
    if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
        return []
    clause = verb.head
    parties = [*subjects(clause), *(c for c in clause.children if c.dep_ == "nsubjpass")]
    parties += [*objects(clause), *_agents(clause)]
    parties += [o for _, o in prep_objects(clause, {"with", "against"})]
    out: list[str] = []
    for p in parties:
        out += [k for k in _ends(p, ents, places=False) if k not in out]
    return out


def _hyphenated_word(t: Token, name: str, participle: str, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'U.N.-backed' as one token: the backer is named inside the word."""
    kind = RelationKind.SUPPORTS if participle in BACKING_PARTICIPLES else RelationKind.ALLIED
    country = ents.gazetteer.country_named(name) or ents.gazetteer.country_of_demonym(name)
    if country is not None:
        backers = [country.state] if country.state in ents.gazetteer.actors else []
    else:
        known = ents.gazetteer.actor_candidates(name)
        backers = [known[0].key] if known else []
    yield from _pairs(kind, backers, _modified_actor(t, ents), t, 0.8)


def _backer(participle: Token, ents: ArticleEntities) -> list[str]:
    """The backer in 'X-backed': an actor, or the state of a country or demonym ('Iranian-backed')."""
    doc = participle.doc
    token = doc[participle.i - 2]
    m = ents.mention_at(token.i)
    if m is not None and not m.is_place and m.end <= participle.i - 1:
        return [m.key]
    # The name alone, when the mention swallowed the participle ("Rwandan-backed M23" as one name).
    start = m.start if m is not None else token.i
    text = doc[start : participle.i - 1].text
    country = ents.gazetteer.country_named(text)
    if country:
        return [country.state] if country.state in ents.gazetteer.actors else []
    known = ents.gazetteer.actor_candidates(text)
    return [known[0].key] if known and m is None else []


def _modified_actor(participle: Token, ents: ArticleEntities) -> list[str]:
    """The actor a hyphenated participle modifies ('Rwanda-backed firepower' of the rebels)."""
    doc = participle.doc
    for j in range(participle.i + 1, min(len(doc), participle.i + 5)):
        m = ents.mention_at(j)
        if m is not None and not m.is_place and m.start < participle.i:
            return [m.key]  # a name that swallowed its own "X-backed" prefix
        found = ents.actors_of(doc[j])
        if found:
            return found
        if doc[j].pos_ in ("NOUN", "PROPN"):
            head = doc[j]
            for o in (c for c in head.children if c.dep_ == "poss"):
                found = actors_for(o, ents)
                if found:
                    return found
            anaphor = _appositive_actor(head, ents)
            if anaphor:
                return [anaphor]
            break
    head = participle.head
    return ents.actors_of(head) or [k for c in head.children if c.dep_ == "poss" for k in actors_for(c, ents)]


def _appositive_actor(head: Token, ents: ArticleEntities) -> str | None:
    """'Al-Shabaab, the al-Qaeda-linked group' / 'the X-linked group known as Y': the group's name."""
    if head.dep_ == "appos":
        found = ents.actors_of(head.head)
        if found:
            return found[0]
    for c in head.children:
        if c.dep_ in ("appos", "acl"):
            found = ents.actors_of(c) or [k for d in c.subtree for k in [ents.actor_at(d)] if k]
            if found:
                return found[0]
    return None


def _alliance(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'X is an ally of Y', 'X, an ally of Y', "Y's ally X", "X is one of Y's allies", 'alliance with Y'."""
    partners = [k for _, o in prep_objects(t, {"of", "with", "to"}) for k in _ends(o, ents)]
    partners += [k for c in t.children if c.dep_ == "poss" for k in _ends(c, ents)]
    subject: list[str] = []
    if t.dep_ == "attr" or (t.dep_ == "pobj" and t.head.head.dep_ == "attr"):
        verb = t.head if t.dep_ == "attr" else t.head.head.head
        subject = _subject_actors(verb, ents)
    elif t.dep_ == "appos":
        subject = _ends(t.head, ents)
    elif t.dep_ in ("dobj", "pobj"):
        verb = t.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = _subject_actors(verb, ents)
    appos = [k for c in t.children if c.dep_ in ("appos", "compound") for k in ents.actors_of(c)]
    if appos and not subject:
        subject = appos
    elif subject and not partners:  # "the SDF, the main U.S. ally": the modifier names the partner
        partners = [
            k for c in t.children if c.dep_ in ("compound", "amod", "nmod") for k in _state_named(c, ents)
        ]
    if t.dep_ == "conj" and t.lower_ in ("allies", "partners") and not subject:
        # "Haftar's forces and their allies from the Wagner Group"
        subject = _ends(t.head, ents)
        partners = [k for _, o in prep_objects(t, {"from", "in", "including"}) for k in _ends(o, ents)]
        partners += [k for c in t.children if c.dep_ in ("appos", "compound") for k in ents.actors_of(c)]
    if t.lower_ == "alliance" and not subject:
        subject = [k for c in t.children if c.dep_ == "poss" for k in _ends(c, ents)]
        partners = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents)]
    yield from _pairs(RelationKind.ALLIED, subject, partners, t, 0.7)


def _truce(t: Token, ents: ArticleEntities) -> Iterator[FoundRelation]:
    """'a ceasefire between X and Y', 'X announced a truce with Y', "X's ceasefire with Y": the two sides."""
    for _, o in prep_objects(t, {"between"}):
        sides = _ends(o, ents)
        if len(sides) >= 2:
            yield from _pairs(RelationKind.OPPOSES, sides[:1], sides[1:], t, 0.5)
    others = [k for _, o in prep_objects(t, {"with"}) for k in _ends(o, ents)]
    if not others:
        return
    sides = [k for c in t.children if c.dep_ == "poss" for k in _ends(c, ents)]
    if not sides and t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_ in LAUNCH_VERBS:
        sides = _subject_actors(t.head, ents)
    yield from _pairs(RelationKind.OPPOSES, sides, others, t, 0.5)
