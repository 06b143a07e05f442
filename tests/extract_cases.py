"""Matchers for the extraction spec tables: expected facts are named as a reader names them, never by key.

An expected name resolves to an extracted actor or place when, after `norm` (lower case, punctuation
and a leading "the" folded, as the evaluation's scorer does), it equals the entity's label or one of
its aliases. A name may list alternatives ("Israel Defense Forces|Israel") when the text leaves open
which of two entities an extractor should choose, and `ALSO_KNOWN_AS` lists the other names under
which one real-world entity may be labelled (its acronym, its official name, other spellings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest

from kg.extract import extract
from kg.extract.gazetteer import load_gazetteer
from kg.models import ActorKind, Article, Facts, OperationKind, PlaceKind, RelationKind

K = TypeVar("K", ActorKind, PlaceKind, OperationKind)

# Other names one entity may carry as its label or alias. The surface forms a transliteration
# case spells on purpose ("Kharkov", "Hudaydah") are deliberately absent: those cases test that
# the gazetteer maps the variant onto the canonical entry.
ALSO_KNOWN_AS: dict[str, tuple[str, ...]] = {
    # states and their forces
    "United States": ("U.S.", "US", "USA", "United States of America"),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Russian Armed Forces": ("Armed Forces of the Russian Federation",),
    "Ukrainian Armed Forces": ("Armed Forces of Ukraine",),
    "Syrian Armed Forces": ("Syrian Arab Army",),
    "Iraqi Armed Forces": ("Iraqi Security Forces", "Armed Forces of Iraq"),
    "Sudanese Armed Forces": ("Sudan Armed Forces", "SAF"),
    "Malian Armed Forces": ("Armed Forces of Mali", "FAMa"),
    "Nigerian Armed Forces": ("Nigerian Army", "Armed Forces of Nigeria"),
    "Azerbaijani Armed Forces": ("Armed Forces of Azerbaijan", "Azerbaijan Armed Forces"),
    "Armenian Armed Forces": ("Armed Forces of Armenia",),
    "Israel Defense Forces": (
        "IDF",
        "Israel Defence Forces",
        "Israeli Defense Forces",
        "Israeli Armed Forces",
    ),
    "Ethiopian National Defense Force": (
        "Ethiopian National Defence Force",
        "ENDF",
        "Ethiopian Armed Forces",
    ),
    "Tatmadaw": ("Myanmar Armed Forces", "Sit-Tat"),
    "U.S.-led coalition": (
        "US-led coalition",
        "Global Coalition to Defeat ISIS",
        "Combined Joint Task Force - Operation Inherent Resolve",
    ),
    "Government of National Accord": ("GNA",),
    "Russian Defence Ministry": (
        "Russian Defense Ministry",
        "Russian Ministry of Defence",
        "Ministry of Defence of the Russian Federation",
    ),
    "Ukrainian Foreign Ministry": ("Ministry of Foreign Affairs of Ukraine",),
    # armed groups
    "Houthis": ("Houthi movement", "Ansar Allah", "Ansarallah", "Houthi rebels"),
    "Hezbollah": ("Hizbollah", "Hizballah"),
    "Hamas": ("Islamic Resistance Movement",),
    "Palestinian Islamic Jihad": ("Islamic Jihad", "PIJ"),
    "Islamic State": ("ISIS", "ISIL", "Islamic State group", "Islamic State of Iraq and the Levant", "Daesh"),
    "Popular Mobilization Forces": (
        "Popular Mobilisation Forces",
        "Popular Mobilization Units",
        "PMF",
        "Hashd al-Shaabi",
        "al-Hashd al-Shaabi",
    ),
    "Kataib Hezbollah": ("Kata'ib Hezbollah", "Kataeb Hezbollah"),
    "Rapid Support Forces": ("RSF",),
    "JNIM": (
        "Jama'at Nusrat al-Islam wal-Muslimin",
        "Jamaat Nusrat al-Islam wal-Muslimin",
        "Group for the Support of Islam and Muslims",
    ),
    "al-Qaeda": ("al-Qaida", "al Qaeda"),
    "Wagner Group": ("Wagner", "PMC Wagner"),
    "Tigray People's Liberation Front": ("TPLF",),
    "Oromo Liberation Army": ("OLA",),
    "Fano": ("Fano militia",),
    "al-Shabaab": ("al-Shabab", "Harakat al-Shabaab al-Mujahideen", "Shabaab"),
    "M23": ("March 23 Movement", "Mouvement du 23 mars"),
    "Islamic State West Africa Province": ("ISWAP", "Islamic State's West Africa Province"),
    "Boko Haram": ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",),
    "Arakan Army": (),
    "United Wa State Army": ("UWSA",),
    "Libyan National Army": ("LNA", "Libyan Arab Armed Forces"),
    "Hayat Tahrir al-Sham": ("HTS", "Hay'at Tahrir al-Sham"),
    "Syrian Democratic Forces": ("SDF",),
    "Syrian National Army": ("SNA",),
    "Donetsk People's Republic": ("DPR", "DNR"),
    # international organisations
    "United Nations": ("UN", "U.N."),
    "African Union": ("AU",),
    "African Union Transition Mission in Somalia": ("ATMIS",),
    "MONUSCO": ("United Nations Organization Stabilization Mission in the Democratic Republic of the Congo",),
    "ECOWAS": ("Economic Community of West African States",),
    "International Atomic Energy Agency": ("IAEA",),
    # media
    "Associated Press": ("AP",),
    "Agence France-Presse": ("AFP", "Agence France Presse"),
    "Reuters": ("Thomson Reuters",),
    "SANA": ("Syrian Arab News Agency",),
    "TASS": ("TASS news agency", "Russian News Agency TASS"),
    "Al-Masirah": ("Al-Masirah TV", "Al Masirah TV"),
    "Al Jazeera": ("Al Jazeera Media Network",),
    "National News Agency": ("NNA", "Lebanese National News Agency"),
    "Islamic Republic of Iran Broadcasting": ("IRIB",),
    # people (other spellings of the same name)
    "Volodymyr Zelensky": ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
    "Antonio Guterres": ("António Guterres",),
    "Abdel Fattah al-Burhan": ("Abdel-Fattah al-Burhan", "Abdel Fattah Burhan"),
    "Abdel Fattah el-Sisi": ("Abdel Fattah al-Sisi", "Abdel Fattah el-Sissi"),
    "Ibrahim Traore": ("Ibrahim Traoré",),
    "Bashar al-Assad": ("Bashar Assad",),
    "Ayman al-Zawahiri": ("Ayman al-Zawahri",),
    # places
    "Kharkiv Oblast": ("Kharkiv Region", "Kharkiv Province"),
    "Jabalia": ("Jabalia refugee camp", "Jabalia camp", "Jabaliya"),
    "Bahri": ("Khartoum North",),
    "El Fasher": ("Al-Fashir", "El-Fasher", "Al-Fasher"),
    "Marib": ("Ma'rib",),
    "Eastern Ghouta": ("East Ghouta",),
    "Rafah crossing": ("Rafah border crossing",),
    "Kabul airport": ("Hamid Karzai International Airport",),
    "Staromaiorske": ("Staromayorske",),
    "Robotyne": ("Rabotino",),
    "Stepanakert": ("Khankendi",),
    "Benue State": ("Benue",),
    "Yagha Province": ("Yagha",),
    "Salahuddin Governorate": (
        "Salah al-Din Governorate",
        "Saladin Governorate",
        "Salahuddin province",
        "Salahuddin",
        "Salah al-Din",
    ),
    "Shujaiya": ("Shejaiya", "Shujaiyya"),
    "Sheikh Maqsoud": ("Sheikh Maksoud",),
    "North Kivu": ("North Kivu Province", "Nord-Kivu"),
    "Shan State": ("Shan",),
    "Borno State": ("Borno",),
    "Gezira State": ("Al Jazirah State", "Al-Jazira State", "Gezira"),
    "Nagorno-Karabakh": ("Karabakh", "Artsakh"),
    "Wad Madani": ("Wad Medani",),
    "Tuz Khurmatu": ("Tuz Khormato",),
    "Timbuktu": ("Tombouctou",),
    "Kiryat Shmona": ("Qiryat Shemona",),
    "Mykolaiv": ("Mykolayiv",),
    "Misrata": ("Misratah",),
    "Deir ez-Zor": ("Deir Ezzor",),
}


def norm(text: str) -> str:
    """The scorer's normal form: lower case, quotes, hyphens and punctuation folded, no leading "the"."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.lower().replace("-", " ")
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return norm(text).split()


def in_order_fraction(expected: str, got: str) -> float:
    """Share of the expected quote's words found, in order, in the extracted quote (LCS, as the scorer)."""
    want, have = words(expected), words(got)
    if not want:
        return 0.0
    prev = [0] * (len(have) + 1)
    for w in want:
        cur = [0] * (len(have) + 1)
        for j, h in enumerate(have, 1):
            cur[j] = prev[j - 1] + 1 if w == h else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1] / len(want)


def accepted_names(name: str) -> frozenset[str]:
    """Every normalised name under which `name` (with its `|` alternatives) may be found."""
    out: set[str] = set()
    for alternative in name.split("|"):
        alternative = alternative.strip()
        out.add(norm(alternative))
        out.update(norm(other) for other in ALSO_KNOWN_AS.get(alternative, ()))
    return frozenset(out)


def _names_of(label: str, aliases: Iterable[str], known: Iterable[str] = ()) -> set[str]:
    return {norm(label), *(norm(a) for a in aliases), *(norm(a) for a in known)}


def _known_actor_names(key: str) -> tuple[str, ...]:
    """Curated names the background graph gives an actor (what a SPARQL client sees too)."""
    entry = load_gazetteer().actors.get(key)
    return (entry.label, *entry.aliases) if entry else ()


def _known_place_names(key: str) -> tuple[str, ...]:
    entry = load_gazetteer().place(key)
    return (entry.label, *entry.aliases) if entry else ()


def actor_keys(facts: Facts, name: str) -> set[str]:
    """Keys of the extracted actors that `name` resolves to, through their article and background names."""
    wanted = accepted_names(name)
    return {a.key for a in facts.actors if _names_of(a.label, a.aliases, _known_actor_names(a.key)) & wanted}


def place_keys(facts: Facts, name: str) -> set[str]:
    """Keys of the extracted places that `name` resolves to, through their article and background names."""
    wanted = accepted_names(name)
    return {p.key for p in facts.places if _names_of(p.label, p.aliases, _known_place_names(p.key)) & wanted}


def ancestors(facts: Facts, key: str) -> set[str]:
    """Keys of every place that contains place `key`: stated in the article, then from the gazetteer."""
    parent_of = {p.key: p.parent for p in facts.places}
    seen: set[str] = set()
    current = parent_of.get(key)
    while current is not None and current not in seen:
        seen.add(current)
        current = parent_of.get(current)
    for start in [key, *seen]:
        seen.update(p.key for p in load_gazetteer().ancestors(start))
    return seen


def _kinds(kind: K | tuple[K, ...]) -> tuple[K, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


class Expectation(Protocol):
    """One row's claim about the facts of its text."""

    def problem(self, facts: Facts) -> str | None:
        """Why the facts break this expectation, or None when they satisfy it."""
        ...


@dataclass(frozen=True)
class ActorIs:
    """An actor with this name is extracted, with one of these kinds."""

    name: str
    kind: ActorKind | tuple[ActorKind, ...]

    def problem(self, facts: Facts) -> str | None:
        found = [a for a in facts.actors if a.key in actor_keys(facts, self.name)]
        if not found:
            return f"missing actor {self.name!r}"
        kinds = _kinds(self.kind)
        if any(a.kind in kinds for a in found):
            return None
        got = ", ".join(f"{a.label} [{a.kind.value}]" for a in found)
        return f"actor {self.name!r} should be {'/'.join(k.value for k in kinds)}, got {got}"


@dataclass(frozen=True)
class NoActor:
    """No extracted actor goes by this name (bylines, credit lines, page furniture)."""

    name: str

    def problem(self, facts: Facts) -> str | None:
        if actor_keys(facts, self.name):
            return f"unexpected actor {self.name!r}"
        return None


@dataclass(frozen=True)
class PlaceIs:
    """A place with this name and kind is extracted, inside `parent` (directly or further up) if given."""

    name: str
    kind: PlaceKind | tuple[PlaceKind, ...]
    parent: str | None = None

    def problem(self, facts: Facts) -> str | None:
        found = [p for p in facts.places if p.key in place_keys(facts, self.name)]
        if not found:
            return f"missing place {self.name!r}"
        kinds = _kinds(self.kind)
        typed = [p for p in found if p.kind in kinds]
        if not typed:
            got = ", ".join(f"{p.label} [{p.kind.value}]" for p in found)
            return f"place {self.name!r} should be {'/'.join(k.value for k in kinds)}, got {got}"
        if self.parent is None:
            return None
        wanted = accepted_names(self.parent)
        for p in typed:
            for key in ancestors(facts, p.key):
                entry = load_gazetteer().place(key)
                stated = next((q for q in facts.places if q.key == key), None)
                names = _names_of(stated.label, stated.aliases) if stated else set()
                if entry is not None:
                    names |= _names_of(entry.label, entry.aliases)
                if names & wanted:
                    return None
        return f"place {self.name!r} should lie in {self.parent!r}"


@dataclass(frozen=True)
class NoPlace:
    """No extracted place goes by this name."""

    name: str

    def problem(self, facts: Facts) -> str | None:
        if place_keys(facts, self.name):
            return f"unexpected place {self.name!r}"
        return None


def _relation_found(facts: Facts, kinds: Sequence[RelationKind], a: str, b: str) -> bool:
    sources, targets = actor_keys(facts, a), actor_keys(facts, b)
    for rel in facts.relations:
        if rel.kind not in kinds:
            continue
        if rel.source in sources and rel.target in targets:
            return True
        if rel.kind.symmetric and rel.source in targets and rel.target in sources:
            return True
    return False


@dataclass(frozen=True)
class Rel:
    """`a` supports `b` (directed), or `a` and `b` are allied or opposed (either way round)."""

    kind: str
    a: str
    b: str

    def problem(self, facts: Facts) -> str | None:
        if _relation_found(facts, (RelationKind(self.kind),), self.a, self.b):
            return None
        return f"missing relation {self.a!r} {self.kind} {self.b!r}"


@dataclass(frozen=True)
class NoRel:
    """No relation of this kind (any kind when None) holds between `a` and `b`."""

    kind: str | None
    a: str
    b: str

    def problem(self, facts: Facts) -> str | None:
        kinds = tuple(RelationKind) if self.kind is None else (RelationKind(self.kind),)
        # with no kind given, support in either direction counts too
        found = _relation_found(facts, kinds, self.a, self.b) or (
            self.kind is None and _relation_found(facts, kinds, self.b, self.a)
        )
        if found:
            return f"unexpected relation {self.a!r} {self.kind or 'any'} {self.b!r}"
        return None


def _operation_matches(
    facts: Facts,
    op_index: int,
    kinds: tuple[OperationKind, ...],
    agents: Sequence[str],
    targets: Sequence[str],
    location: str | None,
) -> bool:
    op = facts.operations[op_index]
    if op.kind not in kinds:
        return False
    if OperationKind.CLASH in kinds:
        # in a clash neither side is the target: both may be listed as agents
        sides = set(op.agents) | set(op.targets)
        if not all(actor_keys(facts, n) & sides for n in [*agents, *targets]):
            return False
    elif not (
        all(actor_keys(facts, n) & set(op.agents) for n in agents)
        and all(actor_keys(facts, n) & set(op.targets) for n in targets)
    ):
        return False
    return location is None or op.location in place_keys(facts, location)


@dataclass(frozen=True)
class Op:
    """An operation of this kind, by (at least) these agents against these targets, at `location`,
    on `date` ("YYYY-MM-DD"), or with no date at all when `date` is None."""

    kind: OperationKind | tuple[OperationKind, ...]
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None
    date: str | None = None

    def problem(self, facts: Facts) -> str | None:
        kinds = _kinds(self.kind)
        candidates = [
            i
            for i in range(len(facts.operations))
            if _operation_matches(facts, i, kinds, self.agents, self.targets, self.location)
        ]
        want = date.fromisoformat(self.date) if self.date else None
        if any(facts.operations[i].date == want for i in candidates):
            return None
        if candidates:
            got = ", ".join(str(facts.operations[i].date) for i in candidates)
            return f"operation {self._describe()} should be dated {self.date}, got {got}"
        return f"missing operation {self._describe()}"

    def _describe(self) -> str:
        kinds = "/".join(k.value for k in _kinds(self.kind))
        return f"{kinds} by {list(self.agents)} against {list(self.targets)} at {self.location!r}"


@dataclass(frozen=True)
class NoOp:
    """No operation of this kind (with these agents, targets, location when given) is extracted:
    hypothetical, negated, future or conditional wording reports no operation."""

    kind: OperationKind | tuple[OperationKind, ...]
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None

    def problem(self, facts: Facts) -> str | None:
        kinds = _kinds(self.kind)
        for i in range(len(facts.operations)):
            if _operation_matches(facts, i, kinds, self.agents, self.targets, self.location):
                kind_names = "/".join(k.value for k in kinds)
                return f"unexpected operation {kind_names} by {list(self.agents)} at {self.location!r}"
        return None


@dataclass(frozen=True)
class Quote:
    """A statement by `speaker` whose quote holds at least half of these words, in order."""

    speaker: str
    quote: str

    def problem(self, facts: Facts) -> str | None:
        speakers = actor_keys(facts, self.speaker)
        said = [s for s in facts.statements if in_order_fraction(self.quote, s.quote) >= 0.5]
        if any(s.speaker in speakers for s in said):
            return None
        if said:
            return f"quote {self.quote!r} should be attributed to {self.speaker!r}"
        return f"missing statement by {self.speaker!r}: {self.quote!r}"


@dataclass(frozen=True)
class NoQuote:
    """No statement (by `speaker`, when given) carries these words: unnamed sources, short quotes."""

    quote: str
    speaker: str | None = None

    def problem(self, facts: Facts) -> str | None:
        speakers = actor_keys(facts, self.speaker) if self.speaker else None
        for s in facts.statements:
            if in_order_fraction(self.quote, s.quote) >= 0.5 and (speakers is None or s.speaker in speakers):
                return f"unexpected statement: {self.quote!r}"
        return None


def article(text: str, published: str) -> Article:
    """The article a table row stands for: its text and publication date, no title."""
    return Article(text=text, published=date.fromisoformat(published), title=None)


def problems(facts: Facts, expected: Iterable[Expectation]) -> list[str]:
    """Every expectation the facts break, explained."""
    return [p for e in expected if (p := e.problem(facts)) is not None]


def describe(facts: Facts) -> str:
    """What was extracted, one fact a line, with labels in place of keys."""
    actor = {a.key: a.label for a in facts.actors}
    place = {p.key: p.label for p in facts.places}
    lines = ["extracted:"]
    lines += [f"  actor {a.label} [{a.kind.value}] aka {list(a.aliases)}" for a in facts.actors]
    lines += [
        f"  place {p.label} [{p.kind.value}] in {place.get(p.parent or '', p.parent)} aka {list(p.aliases)}"
        for p in facts.places
    ]
    lines += [
        f"  relation {actor.get(r.source, r.source)} {r.kind.value} {actor.get(r.target, r.target)}"
        for r in facts.relations
    ]
    lines += [
        f"  operation {o.kind.value} by {[actor.get(k, k) for k in o.agents]} "
        f"against {[actor.get(k, k) for k in o.targets]} at {place.get(o.location or '', o.location)} "
        f"on {o.date} ({o.trigger!r})"
        for o in facts.operations
    ]
    lines += [f"  statement {actor.get(s.speaker, s.speaker)}: {s.quote!r}" for s in facts.statements]
    return "\n".join(lines)


def assert_extracts(text: str, published: str, expected: Sequence[Expectation]) -> None:
    """Extract the text (the pipeline is loaded once per process) and check every expectation."""
    facts = extract(article(text, published))
    found = problems(facts, expected)
    assert not found, "\n".join([*found, describe(facts)])


KNOWN_GAPS = Path(__file__).parent / "data" / "extract_known_gaps.txt"


def with_known_gaps(cases: list[Any], table: str) -> list[Any]:
    """The table's cases, those listed in data/extract_known_gaps.txt marked as strict expected failures.

    The list is the extractor's honest to-do: a listed case that starts passing fails the run (strict),
    so the list shrinks as the extractor improves and never hides a regression elsewhere.
    """
    listed = {
        line.split(":", 1)[1].strip()
        for line in KNOWN_GAPS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and line.split(":", 1)[0].strip() == table
    } if KNOWN_GAPS.exists() else set()
    out = []
    for case in cases:
        if case.id in listed:
            gap = pytest.mark.xfail(strict=True, reason="known gap: tests/data/extract_known_gaps.txt")
            case = pytest.param(*case.values, id=case.id, marks=[*case.marks, gap])
        out.append(case)
    return out
