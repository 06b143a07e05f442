"""Military operations: trigger words mapped to kinds, with agents, targets, place and day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from kg.extract import dates
from kg.extract.clauses import (
    PRONOUNS,
    RELATIVE_PRONOUNS,
    actors_for,
    is_irrealis,
    is_passive,
    objects,
    passive_agents,
    prep_objects,
    resolve_pronoun,
    subjects,
)
from kg.extract.entities import ArticleEntities
from kg.extract.operation_cues import load_cues
from kg.extract.relations import outcome_sides
from kg.models import ActorKind, OperationKind, PlaceKind

K = OperationKind
CUES = load_cues()
VERB_KINDS = CUES.verbs
NOUN_KINDS = CUES.nouns
LAUNCH_VERBS = CUES.light_verbs
"""Verbs whose subject is the agent of the event noun they take as object ("laid siege to")."""
BOMB_MODIFIERS = CUES.bomb_modifiers
"""Modifiers that make "bomb(s)" and "bomber" an attack rather than a munition ("car bombs")."""
ATTEMPT_HEADS = CUES.attempts
"""Verbs that, ongoing, turn a capture into an offensive ("have been trying to seize the city")."""
REPORTING_VERBS = frozenset(["say", "tell", "report", "add", "announce", "state", "claim", "write", "brief"])
AIR_WORDS = frozenset(w for w, k in CUES.instruments.items() if k is K.AIRSTRIKE)
ARTILLERY_WORDS = frozenset(w for w, k in CUES.instruments.items() if k is K.SHELLING)
LOCATIVE_PREPS = frozenset(
    [
        "in",
        "on",
        "into",
        "at",
        "near",
        "toward",
        "towards",
        "around",
        "outside",
        "from",
        "across",
        "of",
        "against",
        "over",
        "inside",
        "through",
    ]
)
TOWN_WORDS = frozenset(["town", "city", "village", "area", "stronghold", "bastion"])
DESCRIPTIONS = frozenset(["appos", "relcl", "acl"])
HABIT_WORDS = frozenset(["numerous", "several", "many", "repeated", "frequent", "countless", "regular"])
GROUP_WORDS = frozenset(
    ["forces", "troops", "fighters", "units", "soldiers", "militants", "gunmen", "men", "militiamen", "army"]
)
PURPOSE_WORDS = frozenset(["attempt", "bid", "effort", "response", "retaliation", "move", "push"])
"""Nouns of a purpose or cause phrase ("in an attempt to secure shipping in the Red Sea"): not the scene."""
TERRAIN_WORDS = frozenset(
    [
        "territory",
        "ground",
        "positions",
        "position",
        "heights",
        "hill",
        "hills",
        "settlement",
        "settlements",
        "villages",
        "towns",
        "cities",
        "areas",
        "district",
        "districts",
        "province",
        "region",
        "outskirts",
        "neighbourhood",
        "neighborhood",
        "center",
        "centre",
        "bridge",
        "crossing",
        "road",
        "highway",
        "checkpoint",
        "front",
        "island",
        "mountain",
        "valley",
        "capital",
        "stronghold",
    ]
)
"""Ground an advance or a capture can take besides named places ("seized strategic heights")."""
FACILITY_WORDS = frozenset(
    "airport base palace headquarters barracks port camp hotel outpost checkpoint".split()
)


@dataclass
class FoundOperation:
    """An operation with the token that triggered it (for evidence)."""

    kind: OperationKind
    trigger: Token
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None
    date: date | None = None
    confidence: float = 0.6
    date_rank: int = 0
    """How the date was told: OWN_DAY, SENTENCE_DAY, STORY_DAY or 0 (none); a better-told date wins."""
    weak: bool = False
    """Inferred rather than told ("have been trying to seize X"): dropped when a told operation covers it."""
    shift: int | None = None
    """Days from the event of the clause it hangs on, when told so ("which rebels took a day earlier")."""


SPECIFICITY = {
    K.CAPTURE: 5,
    K.WITHDRAWAL: 5,
    K.SIEGE: 4,
    K.AIRSTRIKE: 4,
    K.SHELLING: 4,
    K.BOMBING: 4,
    K.OFFENSIVE: 3,
    K.ADVANCE: 2,
    K.ATTACK: 1,
    K.CLASH: 0,
    K.OTHER: 0,
}
"""Within one sentence and place, a vaguer trigger ("attacked", "advanced") is the same event as a
more specific one ("seized")."""


CAMPAIGNS = frozenset([K.OFFENSIVE, K.SIEGE])
OWN_DAY = 3
"""A day in the operation's own clause ("seized the town on Sunday"), or a period there ("in August")."""
SENTENCE_DAY = 2
"""A day elsewhere in its sentence, most often the reporting frame ("officials said on Sunday")."""
STORY_DAY = 1
"""No day in the sentence: the day the story was last about (the publication day at first)."""


def _most_specific(ops: list[FoundOperation]) -> list[FoundOperation]:
    """Drop a vaguer trigger that retells a more specific one by the same side at the same place.

    A campaign (offensive, siege) is not retold by the capture or strike inside it: both stand; nor is
    one side's attack retold by the other side's flight, nor a fight of two sides by one side's fire.
    """

    def retold(op: FoundOperation) -> bool:
        return any(
            other is not op
            and other.location == op.location
            and set(other.agents) & set(op.agents)
            and SPECIFICITY[other.kind] > SPECIFICITY[op.kind]
            and SPECIFICITY[op.kind] < 4
            and not (
                op.kind is K.CLASH
                and other.kind in (K.SHELLING, K.AIRSTRIKE, K.BOMBING)
                and not set(op.agents) <= set(other.agents)
            )
            for other in ops
        )

    return [
        op
        for op in ops
        if op.kind in CAMPAIGNS
        or not retold(op)
        and (
            op.agents
            or not any(
                other.location == op.location and SPECIFICITY[other.kind] > SPECIFICITY[op.kind]
                for other in ops
            )
        )
    ]


def find_operations(doc: Doc, ents: ArticleEntities, published: date | None) -> list[FoundOperation]:
    """Operations in text order, one per (kind, place): later mentions of the same event add to it."""
    merged: dict[tuple[OperationKind, str, int], FoundOperation] = {}
    story_date = published
    claimants = _claimants(doc, ents)
    sides: list[str] = []
    days: list[tuple[str, date]] = []
    told_by: dict[int, FoundOperation] = {}
    for sent in doc.sents:
        explicit = _sentence_date(sent, ents, published)
        found = [op for op in _in_sentence(sent, ents, published, explicit, story_date)]
        days += [
            (op.location, op.date)
            for op in found
            if op.location and op.date and op.date_rank == OWN_DAY and op.shift is None
        ]
        for op in _most_specific(found):
            if op.location is None:
                continue
            if op.kind in (K.SHELLING, K.AIRSTRIKE) and _at_sea(op.location, ents):
                op.kind = K.ATTACK  # missiles and drones fired at sea are fired at ships
            if not op.agents and op.kind in (K.BOMBING, K.ATTACK):
                op.agents = list(claimants)
            if op.kind is K.CLASH:
                # A clash told without its sides is fought by the sides of the article's last named clash.
                if len(op.agents) >= len(sides) and op.agents:
                    sides = list(op.agents)
                elif sides:
                    op.agents += [a for a in sides if a not in op.agents]
            if not op.agents and op.kind is K.OFFENSIVE:
                op.agents = _campaigner(list(merged.values()), op, ents)
            if not op.agents and op.kind not in (K.CLASH, K.SHELLING, K.AIRSTRIKE, K.BOMBING):
                continue
            old = next(
                (o for (kind, loc, _), o in merged.items() if kind is op.kind and loc == op.location), None
            )
            if old is None:
                old = next(
                    (
                        o
                        for (kind, loc, _), o in merged.items()
                        if kind is op.kind
                        and _nested(ents, loc, op.location)
                        and not _finer_site(ents, loc, op.location)
                    ),
                    None,
                )
            if old is not None and (_opposite_sides(old, op) or _another_day(old, op)):
                old = None  # the other side's operation at the same place ("a counter-offensive")
            if old is None:
                merged[(op.kind, op.location, len(merged))] = op
                told_by[op.trigger.i] = op
                continue
            told_by[op.trigger.i] = old
            old.weak = old.weak and op.weak
            old.agents += [a for a in op.agents if a not in old.agents]
            old.targets += [t for t in op.targets if t not in old.targets]
            if op.date is not None and (old.date is None or op.date_rank > old.date_rank):
                old.date, old.date_rank = op.date, op.date_rank  # a day told better wins; a period never
        if explicit is not None:
            story_date = explicit
    ops = list(merged.values())
    _date_from_place(ops, days, ents)
    _date_from_anchor(ops, told_by)
    belligerents = _belligerents(ents)
    for op in ops:
        if op.kind is K.CLASH and not op.agents:
            op.agents = list(belligerents)
    ops = [op for op in ops if not _move_of_offensive(op, ops, ents)]
    return [op for op in ops if not op.weak or not any(_covers(o, op, ents) for o in ops if not o.weak)]


def _date_from_anchor(ops: list[FoundOperation], told_by: dict[int, FoundOperation]) -> None:
    """ "Retook the town, which rebels had seized a day earlier": a day counted from the event the clause
    hangs on, once that event's own day is known (it may be told sentences later)."""
    for op in ops:
        if op.shift is None:
            continue
        head = op.trigger.head
        while head.i not in told_by and head.head.i != head.i:
            head = head.head
        anchor = told_by.get(head.i)
        if anchor is None or anchor is op or anchor.date is None or anchor.date_rank < SENTENCE_DAY:
            continue
        op.date = anchor.date + timedelta(days=op.shift)


def _told_shift(t: Token, verb: Token | None, ents: ArticleEntities, published: date | None) -> int | None:
    """The days the operation's own clause counts from another event ("a day earlier"), if it does."""
    for ent in _date_ents([t, verb] if verb is not None and verb is not t else [t], ents):
        if dates.explicit_day(ent.text, published) is None:
            shift = dates.day_shift(ent.text)
            if shift is not None:
                return shift
    return None


def _move_of_offensive(op: FoundOperation, ops: list[FoundOperation], ents: ArticleEntities) -> bool:
    """An advance is the move of the same side's offensive told the same day at the same place.

    "launched a ground incursion into X ... the troops moved into X": one offensive, told twice.
    """
    return op.kind is K.ADVANCE and any(
        o.kind is K.OFFENSIVE
        and o.location is not None
        and op.location is not None
        and set(op.agents) <= set(o.agents)
        and o.date == op.date
        and (o.location == op.location or _nested(ents, o.location, op.location))
        for o in ops
    )


BELLIGERENT_MENTIONS = 2
"""An armed party mentioned at least this often is one of the article's sides."""


def _belligerents(ents: ArticleEntities) -> list[str]:
    """The two armed parties an article is about, when it is about two ("fighting broke out" is theirs).

    They are the two most mentioned armed forces or groups, each mentioned at least twice and more often
    than any third; otherwise the article names no pair of sides and a clash keeps none.
    """
    armed = sorted(
        (
            (len(info.mentions), key)
            for key, info in ents.entities.items()
            if not info.is_place and info.kind in (ActorKind.ARMED_FORCES, ActorKind.ARMED_GROUP)
        ),
        reverse=True,
    )
    if len(armed) < 2 or armed[1][0] < BELLIGERENT_MENTIONS or len(armed) > 2 and armed[2][0] == armed[1][0]:
        return []
    return [armed[0][1], armed[1][1]]


FIRST_DAY_KINDS = frozenset([K.CAPTURE, K.WITHDRAWAL, K.OFFENSIVE])
"""Operations often told apart from the day they began or ended: a capture or a pull-out is dated by the
fighting that decided it, an offensive by its first attack. A strike or a clash keeps its own day."""


def _date_from_place(ops: list[FoundOperation], days: list[tuple[str, date]], ents: ArticleEntities) -> None:
    """An operation told without a day of its own takes the first day told for an event at its place.

    "Rebels have captured the town ... the militants attacked on Thursday afternoon": the capture is
    Thursday's. A day told only by the reporting frame or by the story's last date is weaker than
    a day told for the event at the same place; a day after the one the story gave is not taken.
    """
    for op in ops:
        if op.date_rank > SENTENCE_DAY or op.weak or op.location is None or op.kind not in FIRST_DAY_KINDS:
            continue
        place = op.location
        day = next(
            (
                d
                for loc, d in days
                if loc == place
                or place in _parents(ents, loc)  # the same place or one inside it, never the country
            ),
            None,
        )
        if day is not None and (
            op.date is None or day < op.date or op.date_rank < SENTENCE_DAY and day == op.date
        ):
            op.date = day


GROUP_ANAPHORS = frozenset(
    [
        "group",
        "militants",
        "insurgents",
        "jihadists",
        "rebels",
        "militia",
        "movement",
        "extremists",
        "islamists",
    ]
)
"""A definite "the group" or "the militants" as a subject names the armed group named last before it."""
HARM_VERBS = frozenset(["kill", "wound", "injure", "destroy", "damage"])
"""Verbs whose subject did the harm "in" the attack they name ("killed nine people in a suicide attack")."""
CAMPAIGN_STEPS = frozenset([K.CAPTURE, K.ADVANCE, K.OFFENSIVE, K.SIEGE])
"""The operations a campaign is made of: whoever captured or advanced at a place waged the campaign there."""


def _the_campaign(t: Token, ents: ArticleEntities) -> bool:
    """A definite campaign noun with a purpose ("the campaign to recapture Sirte"): one the story told."""
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
    return definite and _purpose(t, ents) is not None


def _campaigner(told: list[FoundOperation], op: FoundOperation, ents: ArticleEntities) -> list[str]:
    """The side of the last capture or advance the article told at the campaign's place."""
    assert op.location is not None
    for other in reversed(told):
        if other.kind not in CAMPAIGN_STEPS or not other.agents or other.location is None:
            continue
        if other.location == op.location or _nested(ents, other.location, op.location):
            return list(other.agents)
    return []


def _covers(told: FoundOperation, inferred: FoundOperation, ents: ArticleEntities) -> bool:
    """A told operation by the same side at the same place already stands for an inferred one."""
    assert told.location is not None and inferred.location is not None
    same_place = told.location == inferred.location or _nested(ents, told.location, inferred.location)
    if inferred.date_rank == OWN_DAY and told.kind not in (K.CAPTURE, K.OFFENSIVE, K.SIEGE):
        return False  # an effort told with its own day stands beside the attacks made in it
    return same_place and bool(set(told.agents) & set(inferred.agents))


def _opposite_sides(a: FoundOperation, b: FoundOperation) -> bool:
    """Two operations of one kind and place by different sides: an offensive and its counter-offensive."""
    if not a.agents or not b.agents or set(a.agents) & set(b.agents):
        return False
    # a town taken by one side on one day and by another on another is two captures
    other_day = a.kind is K.CAPTURE and b.date_rank == OWN_DAY and b.date != a.date
    return (
        a.kind is K.OFFENSIVE
        or other_day
        or bool(set(a.agents) & set(b.targets) or set(b.agents) & set(a.targets))
    )


SPANNING_KINDS = frozenset([K.OFFENSIVE, K.SIEGE, K.ADVANCE])
"""Operations that last for days: a later day told for one is still the same operation."""


def _another_day(a: FoundOperation, b: FoundOperation) -> bool:
    """Two strikes, clashes or captures at one place, each told with a day of its own, on different days.

    Events are coded per day (as ACLED does): "strikes on Thursday" and "additional strikes on Friday"
    are two.
    """
    return (
        a.kind not in SPANNING_KINDS
        and a.date_rank == b.date_rank == OWN_DAY
        and a.date is not None
        and b.date is not None
        and a.date != b.date
    )


def _claimants(doc: Doc, ents: ArticleEntities) -> list[str]:
    """Who "claimed responsibility" in the article: the agent of an attack told without one."""
    out: list[str] = []
    for t in doc:
        if t.lemma_ in ("claim", "admit", "accept") and any(o.lower_ == "responsibility" for o in objects(t)):
            if is_irrealis(t):
                continue
            out += [k for s in subjects(t) for k in _subject_actors(s, ents) if k not in out]
    return out if len(out) == 1 else []


def _finer_site(ents: ArticleEntities, told: str, new: str) -> bool:
    """The new place is a district or site inside the one told before: its own front, its own operation."""
    info = ents.entities.get(new)
    return info is not None and info.kind.value in ("District", "Location") and told in _parents(ents, new)


def _parents(ents: ArticleEntities, key: str) -> set[str]:
    info = ents.entities.get(key)
    found = {info.parent} if info and info.parent else set()
    return found | {p.key for p in ents.gazetteer.ancestors(key)}


def _nested(ents: ArticleEntities, a: str, b: str) -> bool:
    """One place is stated (or known) to lie in the other: the same event told at two scales."""
    return a in _parents(ents, b) or b in _parents(ents, a)


def _sentence_date(sent: Span, ents: ArticleEntities, published: date | None) -> date | None:
    for ent in ents.named_entities_in(sent.start, sent.end):
        if ent.label_ in ("DATE", "TIME"):
            found = dates.resolve(ent.text, published)
            if found is not None:
                return found
    return None


def _in_sentence(
    sent: Span, ents: ArticleEntities, published: date | None, explicit: date | None, story_date: date | None
) -> Iterator[FoundOperation]:
    used: set[int] = set()
    for t in sent:
        if t.i in used:
            continue
        kind = _kind(t, ents)
        if kind is None:
            continue
        ongoing = False
        if is_irrealis(t):
            if kind is not K.CAPTURE or not _ongoing_attempt(t):
                continue
            kind, ongoing = K.OFFENSIVE, True
        op = FoundOperation(kind, t)
        verb = t if t.pos_ in ("VERB", "AUX") else _governing_verb(t)
        if t.pos_ in ("VERB", "AUX"):
            _verb_roles(t.head if ongoing else t, ents, op)
        else:
            _noun_roles(t, ents, op)
            if verb is not None and is_irrealis(verb):
                continue
        op.agents = list(dict.fromkeys(op.agents))
        if (
            op.kind is K.ATTACK
            and t.lemma_ == "strike"
            and op.agents
            and all(_state_force(a, ents) for a in op.agents)
        ):
            op.kind = K.AIRSTRIKE  # a state "struck" sites: from the air or sea (ACLED air/drone strike)
        op.targets = [k for k in dict.fromkeys(op.targets) if k not in op.agents]
        if _background(t, verb, ents, published):
            continue
        if (
            t.pos_ == "NOUN"
            and t.tag_ == "NNS"
            and (
                any(x.lower_ in HABIT_WORDS for x in t.doc[max(t.sent.start, t.i - 4) : t.i])
                or _vague_date(t, verb, ents, published)
                or _kept_up(verb)
                or verb is not None
                and verb.lemma_ == "be"
            )
        ):
            continue  # "launched numerous counter-offensives", "stepped up attacks", "the problem is attacks"
        is_verb = t.pos_ in ("VERB", "AUX")
        if (
            not op.agents
            and is_verb
            and op.kind is K.AIRSTRIKE
            and ents.focal is not None
            and _civil_war(ents)
        ):
            op.agents.append(ents.focal.forces)
        if (
            op.kind is K.CLASH
            and t.pos_ == "NOUN"
            and (_vague_date(t, verb, ents, published) or not (op.agents or _stated_places(t, ents)))
        ):
            continue  # "fighting in recent weeks", "heavy fighting": the war's background, not one clash
        places = _locations(t, ents, op)
        if not op.agents:
            if op.kind is K.CLASH:
                # A clash with no side named is coded only where the text places it.
                places = [p for p in places if p in _stated_places(t, ents)]
            elif op.kind is K.OFFENSIVE and _the_campaign(t, ents):
                pass  # "the campaign to recapture X": the side whose campaign at X the article told
            elif not is_verb and not (op.kind is K.BOMBING and t.lemma_ in ("bomb", "bomber")):
                continue  # an event noun with no side named is background, not a coded operation
            elif op.kind not in (K.AIRSTRIKE, K.SHELLING, K.BOMBING, K.ATTACK):
                continue
        op.date, op.date_rank = _date(t.head if ongoing else t, verb, ents, published, explicit, story_date)
        if ongoing and op.date_rank < OWN_DAY:
            op.date, op.date_rank = None, 0  # an effort under way is dated only by its own clause
        shift = _told_shift(t, verb, ents, published) if op.date_rank == OWN_DAY else None
        used.add(t.i)
        for place in places or [None]:  # type: ignore[list-item]
            yield FoundOperation(
                op.kind,
                t,
                list(op.agents),
                list(op.targets),
                place,
                op.date,
                op.confidence,
                op.date_rank,
                weak=ongoing,
                shift=shift,
            )


TREND_VERBS = frozenset(["continue", "step", "intensify", "escalate", "keep", "increase", "ramp"])
"""Verbs that tell a trend of many events ("stepped up their attacks", "continues to launch attacks")."""


def _kept_up(verb: Token | None) -> bool:
    """A plural event noun under a trend verb is a pattern of events, not one operation."""
    for _ in range(2):
        if verb is None:
            return False
        if verb.lemma_ in TREND_VERBS:
            return True
        verb = verb.head if verb.dep_ in ("xcomp", "conj") else None
    return False


def _ongoing_attempt(v: Token) -> bool:
    """ "have been trying to seize the city": a capture under way is an offensive (not a mere intention)."""
    head = v.head
    controlled = v.dep_ == "xcomp" or v.dep_ == "advcl" and any(c.tag_ == "TO" for c in v.children)
    if not controlled or head.lemma_ not in ATTEMPT_HEADS or head is v or is_irrealis(head):
        return False
    aux = {c.lower_ for c in head.children if c.dep_ == "aux"}
    return head.tag_ == "VBG" and bool(aux & {"been", "is", "are", "was", "were"})


OWN_CLAUSE_DEPS = frozenset(["relcl", "acl", "ccomp", "advcl", "parataxis"])
"""Clauses nested in a phrase that carry their own time ("the town, where girls were kidnapped in April")."""


def _date_ents(tokens: list[Token], ents: ArticleEntities) -> Iterator[Span]:
    """The DATE and TIME entities in the tokens' subtrees (outside nested clauses), within their sentences."""
    for tok in tokens:
        stack = [tok]
        while stack:
            sub = stack.pop()
            ent = ents.entity_starting.get(sub.i)
            if ent is not None and ent.label_ in ("DATE", "TIME") and ent.end <= sub.sent.end:
                yield ent
            stack += [c for c in sub.children if c.dep_ not in OWN_CLAUSE_DEPS or sub is tok]


def _vague_date(t: Token, verb: Token | None, ents: ArticleEntities, published: date | None) -> bool:
    """The clause is dated by a period, not a day ("in August", "since last year", "this year")."""
    found = [ent.text for ent in _date_ents([t, verb] if verb is not None else [t], ents)]
    return any(dates.is_period(x) for x in found) and not any(dates.resolve(x, published) for x in found)


def _background(t: Token, verb: Token | None, ents: ArticleEntities, published: date | None) -> bool:
    """An event dated in an earlier year is background history ("seized the city in 2014")."""
    if published is None:
        return False
    tokens = [t, verb] if verb is not None else [t]
    years = [y for ent in _date_ents(tokens, ents) if (y := dates.year_of(ent.text)) is not None]
    return bool(years) and max(years) < published.year


_VERB_TRIGGERS = (
    frozenset(VERB_KINDS)
    | frozenset(CUES.idioms)
    | frozenset(["go", "kill", "drive", "chase", "expel", "oust", "dislodge", "land"])
)
"""The lemmas of the verbs `_kind` reads; any other verb names no operation."""
_NOUN_TRIGGERS = frozenset(NOUN_KINDS) | frozenset(
    ["strike", "strikes", "raid", "raids", "fire", "bomb", "bomber"]
)
"""The words (or lemmas) of the nouns `_kind` reads; any other noun names no operation."""
QUANTITY_HEADS = frozenset(["wave", "round", "day", "days", "night", "week", "series", "spate", "outbreak"])
"""Nouns that measure out an event noun ("a new wave of fighting"): the event stands in their place."""


def _idiom_kind(t: Token, ents: ArticleEntities) -> OperationKind | None:
    """The kind an idiom of the lexicon gives this verb, when all of the idiom's conditions hold."""
    for idiom in CUES.idioms.get(t.lemma_, ()):
        if idiom.kind is not None and all(_holds(t, what, word, ents) for what, word in idiom.conditions):
            return idiom.kind
    return None


def _holds(v: Token, what: str, word: str, ents: ArticleEntities) -> bool:
    if what == "object":
        if word == "place":
            return _place_taken(v, ents)
        return any(o.lower_ == word or o.lemma_ == word for o in objects(v))
    if what == "particle":
        return any(c.lower_ == word and c.dep_ in ("prt", "prep", "advmod") for c in v.children)
    if what == "prep":
        return any(c.dep_ == "prep" and c.lower_ == word for c in v.children)
    return any(_event_noun(s) for s in v.children if s.dep_ in ("nsubj", "nsubjpass"))


def _event_noun(t: Token) -> bool:
    """An event noun, or a measure of one ("a wave of fighting")."""
    if t.lower_ in NOUN_KINDS or t.lemma_ in NOUN_KINDS:
        return True
    return t.lower_ in QUANTITY_HEADS and any(
        o.lower_ in NOUN_KINDS or o.lemma_ in NOUN_KINDS for _, o in prep_objects(t, {"of"})
    )


def _erupted(n: Token, ents: ArticleEntities) -> Token | None:
    """The verb an event noun "broke out" or "erupted" with, directly or through a measure of it."""
    subject = n
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lower_ in QUANTITY_HEADS:
        subject = n.head.head
    verb = subject.head
    if subject.dep_ not in ("nsubj", "nsubjpass") or verb is subject:
        return None
    for idiom in CUES.idioms.get(verb.lemma_, ()):
        if idiom.kind is None and all(_holds(verb, what, word, ents) for what, word in idiom.conditions):
            return verb
    return None


def _kind(t: Token, ents: ArticleEntities) -> OperationKind | None:
    pos = t.pos_
    if pos not in ("VERB", "NOUN", "PROPN", "ADJ"):
        return None
    low, lemma = t.lower_, t.lemma_
    if pos == "VERB":
        if lemma not in _VERB_TRIGGERS:
            return None
        idiom = _idiom_kind(t, ents)
        if idiom is not None:
            return idiom
        if lemma == "take" and _place_taken(t, ents):
            return K.CAPTURE
        if lemma in ("explode", "detonate", "blow") or (lemma == "go" and _particle(t, "off")):
            return K.BOMBING if _bomb_subject(t) or lemma in ("detonate", "blow") else None
        if (VERB_KINDS.get(lemma) is K.CAPTURE or lemma == "enter") and _holds_no_ground(t, ents):
            return None
        if lemma in ("strike", "hit", "attack", "kill") and _bomb_subject(t):
            return K.BOMBING
        if lemma in ("push", "drive", "chase", "expel", "oust", "dislodge"):
            words = [x.lower_ for x in t.subtree]
            if any(a == "out" and b in ("of", "from") for a, b in zip(words, words[1:], strict=False)) or (
                lemma != "push" and "from" in words
            ):
                return K.CAPTURE
            if "back" in words and lemma == "push":
                return K.ADVANCE
        if lemma in ("strike", "hit", "fire", "target", "attack", "launch") and _struck_vessel(t):
            return _struck_vessel(t)
        if lemma == "strike":
            return K.AIRSTRIKE if _air(t) else K.ATTACK
        if lemma in ("bomb",):
            return K.AIRSTRIKE if _air(t) else K.BOMBING
        if lemma in ("hit", "fire", "target", "attack"):
            if _air(t):
                return K.AIRSTRIKE
            if _artillery(t):
                return K.SHELLING
            if lemma == "fire":
                return None
            return K.ATTACK if lemma != "hit" else None
        if lemma == "land" and _artillery(t):
            return K.SHELLING
        if lemma == "move" and not any(
            p in ("on", "into", "toward", "towards")
            for p, _ in prep_objects(t, {"on", "into", "toward", "towards", "in"})
        ):
            return None
        if lemma in ("push",) and not any(
            c.dep_ == "prep" and c.lower_ in ("into", "toward", "towards", "on", "through")
            for c in t.children
        ):
            return None
        if lemma in ("fight", "battle") and not any(
            c.dep_ == "prep" and c.lower_ in ("in", "for", "over") for c in t.children
        ):
            return None
        return VERB_KINDS.get(lemma)
    if pos in ("NOUN", "PROPN") or (pos == "ADJ" and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")):
        if low not in _NOUN_TRIGGERS and lemma not in _NOUN_TRIGGERS:
            return None
        if _struck_vessel(t) and NOUN_KINDS.get(low) in (K.ATTACK, K.AIRSTRIKE, K.SHELLING):
            return _struck_vessel(t)
        if low in ("strike", "strikes", "raid", "raids") and _air(t):
            return K.AIRSTRIKE
        if low in ("fire",) and _artillery(t):
            return K.SHELLING
        if t.lemma_ in ("bomb", "bomber") and any(
            c.lower_ in BOMB_MODIFIERS for c in t.children if c.dep_ in ("compound", "amod")
        ):
            return K.BOMBING
        kind = NOUN_KINDS.get(low) or NOUN_KINDS.get(t.lemma_)
        if kind is None:
            return None
        if kind is K.ATTACK:
            modified = [
                CUES.modifiers[c.lower_]
                for c in t.children
                if c.dep_ in ("amod", "compound") and c.lower_ in CUES.modifiers
            ]
            if modified:
                return modified[0]  # "an all-out ground incursion": an offensive
        if low == "fall" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            return None
        if low in ("fighting", "battle", "advance") and not (
            _anchored(t) or _erupted(t, ents) is not None or outcome_sides(t, ents)
        ):
            return None
        if low in CUES.purpose_nouns or t.lemma_ in CUES.purpose_nouns:
            return kind if _purpose(t, ents) is not None else None
        return kind
    return None


def _purpose(n: Token, ents: ArticleEntities) -> Token | None:
    """The capture or attack a campaign is for ("the campaign to recapture X"), if it names one."""
    for c in n.children:
        if c.dep_ in ("acl", "relcl") and any(a.tag_ == "TO" for a in c.children):
            if c.lemma_ in VERB_KINDS and VERB_KINDS[c.lemma_] in (K.CAPTURE, K.ATTACK, K.OFFENSIVE):
                return c
            if _idiom_kind(c, ents) in (K.CAPTURE,):
                return c
    return None


def _place_taken(v: Token, ents: ArticleEntities) -> bool:
    """ "took the town", "Bakhmut was taken": a place as what is taken (not "took part", "took place")."""
    held = objects(v) + [c for c in v.children if c.dep_ == "nsubjpass"]
    if v.dep_ in ("acl", "relcl") and (_passive(v) or _relative_object(v)):
        held.append(v.head)
    for h in held:
        if h.lower_ in ("part", "place", "hold", "power", "office", "refuge", "shelter", "cover"):
            return False
        if ents.place_at(h) or any(ents.place_at(x) for x in h.subtree if x.i <= h.i + 3):
            return True
        if h.lower_ in TOWN_WORDS | FACILITY_WORDS | TERRAIN_WORDS or h.lemma_ in FACILITY_WORDS | TOWN_WORDS:
            return True  # "captured 26 army camps"
    return False


def _holds_no_ground(v: Token, ents: ArticleEntities) -> bool:
    """ "seized weapons", "captured soldiers", "entered the talks": what is taken is no ground.

    Only common nouns are judged; a name or pronoun may be a town the gazetteer does not know.
    """
    held = objects(v) + [c for c in v.children if c.dep_ == "nsubjpass"]
    nouns = [h for h in held if h.pos_ == "NOUN"]
    return bool(nouns) and len(nouns) == len(held) and not _place_taken(v, ents)


def _relative_object(v: Token) -> bool:
    """ "the town, which rebels had seized": the relative clause's object is the phrase it hangs on."""
    return v.dep_ == "relcl" and any(o.lower_ in RELATIVE_PRONOUNS for o in objects(v))


def _passive(v: Token) -> bool:
    """Passive voice, but not a relative clause with its own subject ("where troops have retaken ...")."""
    return is_passive(v) and not any(c.dep_ in ("nsubj", "expl") for c in v.children)


def _particle(v: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in v.children)


def _bomb_subject(v: Token) -> bool:
    """The subject is a bomb or bomber ("two car bombs exploded", "a suicide bomber struck")."""
    subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        s.lemma_ in ("bomb", "bomber", "blast", "explosion", "explosive", "device", "bomb-maker")
        and (v.lemma_ in ("explode", "detonate", "go") or any(c.lower_ in BOMB_MODIFIERS for c in s.children))
        for s in subj
    )


def _air(t: Token) -> bool:
    """An air attack: "air strike", "struck from the air", "warplanes bombed"."""
    words = {c.lower_ for c in t.subtree} | {t.head.lower_}
    for s in subjects(t) if t.pos_ == "VERB" else []:
        words |= {c.lower_ for c in s.subtree}
    doc = t.doc
    if t.i and doc[t.i - 1].lower_ in AIR_WORDS:
        return True
    return bool(words & AIR_WORDS) and not words & {"airport", "airbase"}


def _at_sea(key: str, ents: ArticleEntities) -> bool:
    """The place is a body of water ("Red Sea", "Gulf of Aden"): nothing is fired there but at ships."""
    info = ents.entities.get(key)
    return (
        info is not None
        and info.kind is PlaceKind.OTHER
        and any(w.lower() in CUES.targets for w in info.label.split())
    )


def _struck_vessel(t: Token) -> OperationKind | None:
    """The kind a target gives a strike or fire: "fired a missile at a tanker" is an attack on a vessel.

    Only what is fired at or struck counts (objects and 'at/on/against' phrases), never the weapon's
    own name ("an anti-ship missile").
    """
    aims = [*objects(t), *(o for _, o in prep_objects(t, {"at", "on", "against", "toward", "towards"}))]
    if t.pos_ == "VERB":
        aims += [c for c in t.children if c.dep_ == "nsubjpass"]
    for aim in aims:
        for w in aim.subtree:
            if w.lower_ in CUES.targets and (w.i == aim.i or w.head.i == aim.i and w.dep_ == "compound"):
                return CUES.targets[w.lower_]
    return None


def _artillery(t: Token) -> bool:
    words = {c.lower_ for c in t.subtree}
    if t.pos_ == "VERB":
        for s in subjects(t) + [c for c in t.children if c.dep_ == "nsubjpass"]:
            words |= {c.lower_ for c in s.subtree}
    return bool(words & ARTILLERY_WORDS)


def _anchored(t: Token) -> bool:
    """A vague event noun counts only with a place or side attached ("fighting in Mosul")."""
    return any(c.dep_ in ("prep", "poss", "compound") for c in t.children)


def _is_weapon_subject_only(t: Token) -> bool:
    return False


def _governing_verb(t: Token) -> Token | None:
    h = t
    for _ in range(4):
        if h.head is h:
            return h if h.pos_ in ("VERB", "AUX") else None
        h = h.head
        if h.pos_ in ("VERB", "AUX"):
            return h
    return None


def _verb_roles(v: Token, ents: ArticleEntities, op: FoundOperation) -> None:
    if _fell_to(v):
        op.agents = [k for _, o in prep_objects(v, {"to"}) for k in _subject_actors(o, ents)]
        op.targets = []
        return
    if _passive(v):
        op.agents = [k for a in passive_agents(v) for k in actors_for(a, ents)]
        patients = [c for c in v.children if c.dep_ == "nsubjpass"]
        if v.dep_ in ("acl", "relcl") and not patients:
            patients = [v.head]
        op.targets = [k for p in patients for k in actors_for(p, ents)]
    else:
        subj = subjects(v)
        op.agents = [k for s in subj for k in _subject_actors(s, ents)]
        op.targets = [
            k for o in objects(v) if not _attributed(v, o) for k in actors_for(o, ents) or _holders(o, ents)
        ]
        op.targets += [
            k
            for _, o in prep_objects(v, {"against", "on", "with", "from"})
            for k in actors_for(o, ents)
            if k not in op.targets
        ]
        if op.kind is K.WITHDRAWAL:
            op.targets = []
        if op.kind is K.CLASH:
            op.agents += [k for _, o in prep_objects(v, {"with"}) for k in _subject_actors(o, ents)]
    held = _held_by(v)
    if held:
        op.targets += [k for k in actors_for(held, ents) if k not in op.targets]


def _attributed(v: Token, o: Token) -> bool:
    """The object stands after "according to": the source of the report, whatever the parse made of it."""
    doc = v.doc
    return any(doc[i].lower_ == "according" and doc[i + 1].lower_ == "to" for i in range(v.i + 1, o.i - 1))


def _fell_to(v: Token) -> bool:
    """ "the town fell to the rebels": the taker is after "to", the place is the subject."""
    return v.lemma_ == "fall" and _holds(v, "prep", "to", None)  # type: ignore[arg-type]


SITE_WORDS = frozenset(["sites", "site", "positions", "position", "targets", "bases", "base", "facilities"])
"""What a party holds: "Houthi sites", "RSF positions" are that party's, and it is the target."""


def _state_force(key: str, ents: ArticleEntities) -> bool:
    """A state or its national armed forces."""
    return ents.kind_of(key) in (ActorKind.STATE, ActorKind.ARMED_FORCES)


def _holders(o: Token, ents: ArticleEntities) -> list[str]:
    """The party a struck site belongs to ("28 Houthi sites", "army positions")."""
    if o.lower_ not in SITE_WORDS:
        return []
    return [k for c in o.children if c.dep_ in ("compound", "amod", "poss") for k in actors_for(c, ents)]


def _harm_verb(n: Token) -> Token | None:
    """The verb of "killed nine people in an attack" for the attack noun (the "in" may hang on the object)."""
    if n.dep_ != "pobj" or n.head.lower_ != "in":
        return None
    h = n.head.head
    if h.dep_ == "dobj":
        h = h.head
    return h if h.lemma_ in HARM_VERBS else None


def _noun_roles(n: Token, ents: ArticleEntities, op: FoundOperation) -> None:
    owners = [c for c in n.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    op.agents = [k for o in owners for k in actors_for(o, ents)]
    op.agents += [k for _, o in prep_objects(n, {"by"}) for k in actors_for(o, ents)]
    verb = n.head if n.dep_ in ("dobj", "nsubjpass", "attr") else None
    if not op.agents and verb is not None and verb.lemma_ in LAUNCH_VERBS:
        for s in subjects(verb):
            op.agents += _subject_actors(s, ents)
    harm = _harm_verb(n)
    if not op.agents and harm is not None:
        for s in subjects(harm):  # "the group killed nine people in a bomb attack": its attack
            op.agents += _subject_actors(s, ents)
    op.targets = [k for _, o in prep_objects(n, {"against", "on"}) for k in actors_for(o, ents)]
    if op.kind is K.CLASH:
        for _, o in prep_objects(n, {"between"}):
            sides = actors_for(o, ents)
            op.agents += [k for k in sides if k not in op.agents]
        # "X were met by Y, resulting in heavy fighting": the clause's parties fight
        op.agents += [k for k in outcome_sides(n, ents) if k not in op.agents]


def _subject_actors(subject: Token, ents: ArticleEntities) -> list[str]:
    """The actors a subject phrase names: its own, those joined by "and", its backers, its owner.

    "Fighters of the army and the RSF" gives both; "his forces" gives the person's side, that is the
    armed actor named last before it, with the person when the pronoun resolves to one.
    """
    reporter = _reporting_subject(subject)
    if reporter is not None:
        found = _subject_actors(reporter, ents) or _officials_side(reporter, ents)
        # "the forces said they had taken the port": they are the forces; "residents said they fled":
        # they are the residents, no party of the article
        return found
    out = list(actors_for(subject, ents))
    if not out and subject.lower_ in CUES.instruments:  # "a Houthi drone struck": the weapon's side
        out = [
            k
            for c in subject.children
            if c.dep_ in ("compound", "amod", "poss", "nmod")
            for k in actors_for(c, ents)
        ]
    if not out and subject.lower_ in GROUP_ANAPHORS and _bare_definite(subject):
        group = _main_group_before(subject, ents)
        return [group] if group is not None else []  # "the group", "the militants": the story's group
    if subject.lower_ in GROUP_WORDS:
        for _, o in prep_objects(subject, {"of", "from"}):
            out += [k for k in ents.actors_of(o) if k not in out]
        for poss in (c for c in subject.children if c.dep_ == "poss" and c.lower_ in PRONOUNS):
            if out:
                break
            person = resolve_pronoun(poss, ents)
            if person is not None:
                out.append(person)
            side = _armed_before(poss, ents)
            if side is not None and side not in out:
                out.append(side)
    for conj in _conjuncts(subject):
        out += [k for k in actors_for(conj, ents) if k not in out]
    out += [k for k in _backers_of(subject, ents) if k not in out]
    return out


def _officials_side(reporter: Token, ents: ArticleEntities) -> list[str]:
    """ "Malian officials said they took the town": the forces of the state the officials speak for."""
    for mod in reporter.children:
        if mod.dep_ in ("amod", "compound"):
            country = ents.gazetteer.country_of_demonym(mod.text)
            if country is not None and country.forces in ents.entities:
                return [country.forces]
    return []


def _reporting_subject(subject: Token) -> Token | None:
    """For "they" or "it" in "X said they had ...", the subject X of the reporting verb."""
    verb = subject.head
    if subject.lower_ not in ("they", "it", "we") or subject.dep_ != "nsubj" or verb.dep_ != "ccomp":
        return None
    if verb.head.lemma_ not in REPORTING_VERBS:
        return None
    said_by = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    return said_by[0] if said_by else None


def _main_group_before(token: Token, ents: ArticleEntities) -> str | None:
    """The armed group "the group" names: the one named most often before it (the latest on a tie)."""
    seen: dict[str, tuple[int, int]] = {}
    for i in range(token.i):
        m = ents.mention_at(i)
        if m is not None and m.start == i and ents.kind_of(m.key) is ActorKind.ARMED_GROUP and not m.is_place:
            count, _ = seen.get(m.key, (0, 0))
            seen[m.key] = (count + 1, i)
    return max(seen, key=lambda k: seen[k]) if seen else None


def _armed_before(token: Token, ents: ArticleEntities, *kinds: ActorKind) -> str | None:
    """The armed force or group (or an actor of `kinds`) mentioned last before the token."""
    wanted = kinds or (ActorKind.ARMED_FORCES, ActorKind.ARMED_GROUP)
    for i in range(token.i - 1, max(-1, token.i - 400), -1):
        m = ents.mention_at(i)
        if m is not None and not m.is_place and ents.kind_of(m.key) in wanted:
            return m.key
    return None


def _backers_of(subject: Token, ents: ArticleEntities) -> list[str]:
    """Backers named in the subject phrase ("Yemeni troops backed by the coalition") fight beside it."""
    out: list[str] = []
    for t in subject.subtree:
        if t.lemma_ in ("back", "support", "assist", "aid", "join") and t.dep_ in ("acl", "relcl"):
            out += [k for a in passive_agents(t) for k in actors_for(a, ents)]
    return out


def _held_by(v: Token) -> Token | None:
    """The holder in "the rebel-held town": a hyphenated "-held" modifier of the object."""
    for o in objects(v):
        for t in o.subtree:
            if t.lower_ == "held" and t.i >= 2 and t.doc[t.i - 1].text == "-":
                return t.doc[t.i - 2]
    return None


DESTINATION_PREPS = frozenset(["to", "toward", "towards", "into"])


def _locations(t: Token, ents: ArticleEntities, op: FoundOperation) -> list[str]:
    """The places of the operation: its object, a locative phrase, a compound ("Mosul offensive").

    Places joined by "and" or listed after "including" are one operation each ("seized A, B and C").
    """
    candidates: list[Token] = []
    # Fire, strikes and advances come "from" where they start, not where they land.
    preps = LOCATIVE_PREPS - {"from"} if op.kind in (K.SHELLING, K.AIRSTRIKE, K.ADVANCE) else LOCATIVE_PREPS
    if op.kind is K.WITHDRAWAL:
        preps = preps - DESTINATION_PREPS  # a pull-out is placed where it left, not where it went
    if t.pos_ in ("VERB", "AUX"):
        candidates += objects(t)
        candidates += [c for c in t.children if c.dep_ == "nsubjpass"]
        if _fell_to(t):
            candidates += subjects(t)
        candidates += [o for _, o in prep_objects(t, preps)]
        if t.dep_ in ("acl", "relcl") and (
            _passive(t) or _relative_object(t) or any(c.lower_ == "where" for c in t.children)
        ):
            candidates.append(t.head)
    else:
        candidates += [c for c in t.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
        candidates += [o for _, o in prep_objects(t, preps)]
        purpose = _purpose(t, ents) if t.lower_ in CUES.purpose_nouns else None
        if purpose is not None:
            candidates += objects(purpose) + [o for _, o in prep_objects(purpose, preps)]
        verb = _governing_verb(t)
        if verb is not None:
            candidates += [o for _, o in prep_objects(verb, preps)]
    candidates = [c for c in candidates if c.lemma_ not in PURPOSE_WORDS]
    listed = [o for c in [t, *candidates] for _, o in prep_objects(c, {"including"})]
    found = _listed_places(listed, ents)
    if found:
        return found
    for c in candidates:
        for sub in _by_distance(c):
            key = ents.place_at(sub)
            if key and not _border_of(sub) and not _container(sub, ents):
                return _listed_places([sub], ents) or [key]
    for c in candidates:
        for sub in c.subtree:
            named = _named_before(sub, ents)
            if named is not None:
                return [named]
            if sub.lower_ in TOWN_WORDS and sub.pos_ == "NOUN" and ents.focal_place:
                return [ents.focal_place]
    if ents.focal_place and any(_the_town(x) for x in _own_clause(t) + _trailing_participles(t)):
        return [ents.focal_place]  # "forcing residents to flee the village": the town the story is about
    # A place elsewhere in the clause, outside the agent's phrase and outside clauses of their own.
    agent_tokens = {x.i for s in subjects(t) for x in s.subtree} if t.pos_ == "VERB" else set()
    if t.pos_ != "VERB" and t.dep_ in ("dobj", "attr") and t.head.pos_ == "VERB":
        agent_tokens = {
            x.i for s in subjects(t.head) for x in s.subtree
        }  # "X, of Y province, confirmed the takeover"
    agent_tokens |= {x.i for x in _purposes(t)}
    own = _own_clause(t)
    for sub in own:
        if sub.i in agent_tokens or _home_base(sub):
            continue
        key = ents.place_at(sub)
        if (
            key
            and ents.entities[key].kind.value in ("Settlement", "District", "Location", "Region")
            and not _border_of(sub)
        ):
            return [key]
    clause_verb = t if t.pos_ in ("VERB", "AUX") else _governing_verb(t)
    fled = _fled_since(clause_verb, ents)
    if fled:
        return fled
    if clause_verb is not None and _sequenced(clause_verb, {"since"}):
        # "X has been a hub since clashes broke out": the war's start is placed in the country, not at X
        country = ents.focal.place if ents.focal is not None else None
        return [country] if country in ents.entities else []
    for sub in t.sent:
        key = ents.place_at(sub)
        if not key or _reported_by(sub, t) or _home_base(sub):
            continue
        if ents.entities[key].kind.value in ("Settlement", "District") and not _border_of(sub):
            return [key]
    home = _home_of_targets(t, ents, op)
    if home is not None:
        return [home]
    if t.pos_ == "NOUN" and t.tag_ == "NNS":
        # "forces in Mali say ... following air strikes by the French military": strikes across the country
        countries = [
            k
            for sub in t.sent
            if (k := ents.place_at(sub)) and ents.entities[k].kind.value == "Country" and not _border_of(sub)
        ]
        if len(set(countries)) == 1:
            return countries[:1]
    if op.agents and ents.focal_place:
        return [ents.focal_place]
    return []


def _purposes(t: Token) -> list[Token]:
    """The purpose phrases of the operation ("in an attempt to ...", "to disrupt ..."): not its scene."""
    return [x for c in t.children if _purpose_phrase(c) for x in c.subtree]


def _purpose_phrase(c: Token) -> bool:
    if c.dep_ == "prep":
        return any(o.lemma_ in PURPOSE_WORDS for o in c.children)
    return c.dep_ in ("advcl", "xcomp") and any(a.tag_ == "TO" for a in c.children)


def _home_of_targets(t: Token, ents: ArticleEntities, op: FoundOperation) -> str | None:
    """Strikes from abroad on a party's sites land in its home country, when the article names it.

    "The US and UK struck 28 Houthi sites": in Yemen, if Yemen is a place of the article.
    """
    if op.kind not in (K.AIRSTRIKE, K.ATTACK, K.SHELLING) or not op.targets or not op.agents:
        return None
    gaz = ents.gazetteer
    homes = {entry.country for k in op.targets if (entry := gaz.actors.get(k)) is not None and entry.country}
    agents_homes = {entry.country for k in op.agents if (entry := gaz.actors.get(k)) is not None}
    if len(homes) != 1 or homes & agents_homes:
        return None
    country = gaz.countries.get(homes.pop() or "")
    return country.place if country is not None and country.place in ents.entities else None


DEFINITE_PLACES = {
    "region": ("Region",),
    "province": ("Region",),
    "state": ("Region",),
    "enclave": ("Region", "Location"),
    "country": ("Country",),
}
"""A definite "the region", "the country" with nothing after it names the last place of that kind ("the
town" names the story's own town instead)."""
DEFINITE_REACH = 400
"""How far back (in tokens) "the region" looks for the region it names."""


def _named_before(x: Token, ents: ArticleEntities) -> str | None:
    """The place "the region" or "the town" names: the last place of that kind mentioned before it."""
    kinds = DEFINITE_PLACES.get(x.lower_)
    if kinds is None or x.pos_ != "NOUN" or not _bare_definite(x):
        return None
    for i in range(x.i - 1, max(-1, x.i - DEFINITE_REACH), -1):
        m = ents.mention_at(i)
        if m is None or not m.is_place:
            continue
        info = ents.entities.get(m.key)
        if info is not None and info.kind.value in kinds and not _border_of(x.doc[i]):
            return m.key
    return None


def _bare_definite(x: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in x.children) and not any(
        c.dep_ in ("prep", "amod", "compound", "relcl", "acl", "poss") for c in x.children
    )


def _trailing_participles(t: Token) -> list[Token]:
    """ "said the militants attacked, forcing residents to flee": the participle the parser hung on "said"."""
    head = t.head
    if t.dep_ != "ccomp" or head.lemma_ not in REPORTING_VERBS:
        return []
    return [
        x for c in head.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > t.i for x in c.subtree
    ]


def _the_town(x: Token) -> bool:
    """A definite "the town", "the village" with nothing after it: the story's own town."""
    return (
        x.lower_ in TOWN_WORDS - {"area", "stronghold", "bastion"} and x.pos_ == "NOUN" and _bare_definite(x)
    )


def _container(x: Token, ents: ArticleEntities) -> bool:
    """A place named as the owner of another ("Afghanistan's province of Helmand"): not the scene."""
    return x.dep_ == "poss" and ents.place_at(x.head) not in (None, ents.place_at(x))


def _listed_places(tokens: list[Token], ents: ArticleEntities) -> list[str]:
    """The places named by these tokens and the tokens joined to them by "and" or commas.

    A listed item that is not itself a place may name one inside it ("the airport in the city of X"),
    but not in a description of it ("X, a town linking Y to the coast").
    """
    out: list[str] = []
    for tok in tokens:
        items = [tok, *_conjuncts(tok)]
        while items:
            x = items.pop(0)
            at = x
            if ents.place_at(x) is None:
                described = {y.i for c in x.children if c.dep_ in DESCRIPTIONS for y in c.subtree}
                at = next((y for y in _by_distance(x) if y.i not in described and ents.place_at(y)), x)
                items += [c for c in _conjuncts(at) if c not in items and at is not x]
            key = ents.place_at(at)
            if key and key not in out and not _border_of(at):
                out.append(key)
    return out


def _conjuncts(token: Token) -> list[Token]:
    out: list[Token] = []
    stack = [token]
    while stack:
        for child in stack.pop().children:
            listed = child.dep_ == "conj" or (
                child.dep_ == "appos" and child.ent_type_ != "DATE" and _names_place(child)
            )
            if listed and child not in out and child.pos_ in ("PROPN", "NOUN"):
                out.append(child)
                stack.append(child)
    return out


def _names_place(token: Token) -> bool:
    """A list item parsed as an apposition: it names a place of its own ("the palace, the airport")."""
    doc = token.doc
    return any(doc[i].ent_type_ in ("GPE", "LOC", "FAC") for i in range(token.left_edge.i, token.i + 1)) or (
        token.lower_ in FACILITY_WORDS
    )


def _stated_places(t: Token, ents: ArticleEntities) -> set[str]:
    """Places the text attaches to the trigger (or its verb) by a locative preposition."""
    anchors = [t] + ([t.head] if t.dep_ in ("nsubj", "nsubjpass", "dobj") else [])
    erupted = _erupted(t, ents) if t.pos_ == "NOUN" else None
    if erupted is not None:
        anchors.append(erupted)
    out: set[str] = set()
    for a in anchors:
        for _, o in prep_objects(a, LOCATIVE_PREPS):
            out |= {k for x in o.subtree if (k := ents.place_at(x))}
    if erupted is not None:
        out.update(_fled_since(erupted, ents))
    return out


DISPLACEMENT_VERBS = frozenset(["flee", "leave", "escape", "evacuate", "abandon", "displace", "desert"])
"""Verbs of people leaving a place: fighting that made them leave was fought there."""


def _fled_since(verb: Token | None, ents: ArticleEntities) -> list[str]:
    """ "Thousands have fled X since clashes erupted": the places left since the fighting began."""
    if verb is None or verb.dep_ != "advcl" or verb.head.lemma_ not in DISPLACEMENT_VERBS:
        return []
    if not any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children):
        return []
    left = [*objects(verb.head), *(o for _, o in prep_objects(verb.head, {"from", "in", "out"}))]
    return list(dict.fromkeys(k for o in left for x in o.subtree if (k := ents.place_at(x))))


def _own_clause(t: Token) -> list[Token]:
    """The trigger's clause without the clauses nested in it that have subjects of their own."""
    head = t
    while head.dep_ not in ("ROOT",) and head.head is not head and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    nested = {
        y.i
        for x in head.subtree
        if x is not head
        and x is not t
        and x.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in x.children)
        and not x.is_ancestor(t)
        for y in x.subtree
    }
    return [x for x in head.subtree if x.i not in nested]


BASE_VERBS = frozenset(["base", "station", "headquarter", "deploy", "garrison"])


def _home_base(token: Token) -> bool:
    """A place a party comes from or is based in ("fighters from Misrata", "brigades based in X")."""
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep" or prep.head is prep:
        return False
    owner = prep.head
    if prep.lower_ == "from" and owner.pos_ in ("NOUN", "PROPN"):
        return True
    return prep.lower_ in ("in", "at") and owner.lemma_ in BASE_VERBS and owner.dep_ == "acl"


def _reported_by(token: Token, trigger: Token) -> bool:
    """The token sits in the reporting frame, not the report ("told a news conference in Benghazi")."""
    h = token
    for _ in range(6):
        if h.head is h:
            break
        h = h.head
        if h.pos_ in ("VERB", "AUX"):
            return h.lemma_ in REPORTING_VERBS and h is not trigger
    return False


def _border_of(token: Token) -> bool:
    """A place named only as a border or neighbour ("near the border with Lebanon") is not the scene."""
    h = token
    for _ in range(3):
        if h.head is h:
            return False
        h = h.head
        if h.lower_ in ("border", "borders", "frontier", "side", "embassy"):
            return True
    return False


def _by_distance(token: Token) -> list[Token]:
    """The subtree of a token, nearest tokens first (the head of "center of the town of X" last)."""
    return sorted(token.subtree, key=lambda x: (x.i < token.i, abs(x.i - token.i)))


def _date(
    t: Token,
    verb: Token | None,
    ents: ArticleEntities,
    published: date | None,
    explicit: date | None,
    story_date: date | None,
) -> tuple[date | None, int]:
    """The day of the operation and how it was told (`OWN_DAY`, `SENTENCE_DAY`, `STORY_DAY`, 0).

    A date in its clause wins, else a day named elsewhere in the sentence, else the day the story is
    about when it is told as news. A verb joined to another by "and" shares its day ("landed on
    March 27 and surrounded the town"); a clause dated only by a period ("in August", "since last year")
    has no day; an operation told as what came before or after the sentence's event ("withdrew after
    the town was captured") takes no day from the sentence.
    """
    tokens = [t, verb] if verb is not None and verb is not t else [t]
    if verb is not None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        tokens += [c for c in verb.head.children if c.dep_ in ("prep", "npadvmod", "advmod")]
    periods = False
    for ent in _date_ents(tokens, ents):
        found = dates.resolve(ent.text, published, story_date)
        if found is not None:
            return found, OWN_DAY
        periods = periods or dates.is_period(ent.text)
    if periods:
        return None, OWN_DAY
    if t.dep_ in ("pobj", "dobj") and t.head.lower_ in ("following", "after", "before"):
        return None, 0  # "regained the town following air strikes": strikes before the day told
    if explicit is not None and not _sequenced(verb if verb is not None else t):
        return explicit, SENTENCE_DAY
    tense_source = verb if verb is not None else t
    aux = {c.lower_ for c in tense_source.children if c.dep_ in ("aux", "auxpass")}
    if tense_source.tag_ in ("VBD", "VBZ", "VBP") or (
        tense_source.tag_ == "VBN" and aux & {"was", "were", "has", "have"}
    ):
        if aux & {"been"} and tense_source.tag_ == "VBG":
            return None, 0
        return story_date, STORY_DAY
    if tense_source.tag_ == "VBG" and aux & {"was", "were", "is", "are"}:
        return story_date, STORY_DAY
    return None, 0


SEQUENCE_MARKS = frozenset(["after", "before", "since", "until"])


def _sequenced(v: Token, marks: frozenset[str] | set[str] = SEQUENCE_MARKS) -> bool:
    """The clause is told as what came before or after the sentence's own event ("after it was seized")."""
    h = v
    for _ in range(3):
        if h.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in h.children):
            return True
        if h.dep_ not in ("conj", "xcomp") or h.head is h:
            return False
        h = h.head
    return False


def _civil_war(ents: ArticleEntities) -> bool:
    """The article is about a state fighting insurgents at home (air power then belongs to the state)."""
    return any(k.endswith("-rebels") for k in ents.entities)
