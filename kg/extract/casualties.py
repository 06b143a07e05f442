"""Casualty figures of a parsed article: how many were killed, wounded, captured, missing or displaced.

Choices a caller should know:
- A figure is a number in digits or words ("52", "1,500", "five", "1.6 million", "20 to 25"); vague
  amounts ("dozens", "hundreds") are none, nor are dates, times, sums, distances or percentages.
- The kind comes from a cue word (the lexicon `data/casualties.json`): one that follows the people
  counted ("52 people were killed", "42 wounded", "to flee"), or an active verb or noun before the
  figure ("killing five", "the death toll at 94,000"). A part of a figure ("among them 21 rebels",
  "including two") takes the kind of the figure it is part of. A figure for two kinds at once ("killed
  and injured", "casualties") is no figure.
- Figures for equipment, buildings, shells, attacks or animals are not people, and are left out.
- The same figure given twice (same kind and count) is one report: the copy that says most is kept.
- The reporter is whoever the figure is attributed to: the subject of a speech verb governing the
  figure ("the Observatory said"), else the sentence's "according to X"; an unnamed source
  ("a military source", "officials") gives no reporter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.extract import dates
from kg.extract.entities import ArticleEntities
from kg.models import CasualtyKind, CasualtyReport, Evidence, Operation, VictimCategory

__all__ = ["find_casualties", "parse_number"]

LEXICON = Path(__file__).parent / "data" / "casualties.json"

_UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_RANGE = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
_DASHES = frozenset({"-", "–", "—", "‐"})
_NOT_FIGURE_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_RANGE_WORDS = frozenset({"between", "and", "to", "from", "-", "–"})
_NOMINAL = ("NOUN", "PROPN")
_MODIFIED = ("ADJ", "NOUN", "PROPN", "VERB")
_CLAUSE_ENDS = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?", '"', "“", "”"})


@dataclass(frozen=True)
class Lexicon:
    """The cue words of `data/casualties.json`, as lookups."""

    after: dict[str, CasualtyKind]
    before: dict[str, CasualtyKind]
    taken_as: frozenset[str]
    lumped: frozenset[str]
    gap: frozenset[str]
    passing: frozenset[str]
    part_of: frozenset[str]
    not_people: frozenset[str]
    vague: frozenset[str]
    undone: frozenset[str]
    speech_verbs: frozenset[str]
    unnamed_sources: frozenset[str]
    source_of: frozenset[str]
    civilians: frozenset[str]
    combatants: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The lexicon, read once."""
    data = json.loads(LEXICON.read_text(encoding="utf-8"))

    def kinds(table: dict[str, list[str]]) -> dict[str, CasualtyKind]:
        return {w: CasualtyKind(k) for k, words in table.items() if not k.startswith("_") for w in words}

    def words(name: str) -> frozenset[str]:
        value = data[name]
        return frozenset(value["words"] if isinstance(value, dict) else value)

    return Lexicon(
        after=kinds(data["after_figure"]),
        before=kinds(data["before_figure"]),
        taken_as=frozenset(data["taken_as"]["Captured"]),
        lumped=words("lumped"),
        gap=words("gap_before_figure"),
        passing=words("passing"),
        part_of=words("part_of"),
        not_people=words("not_people"),
        vague=words("vague"),
        undone=words("undone"),
        speech_verbs=words("speech_verbs"),
        unnamed_sources=words("unnamed_sources"),
        source_of=words("source_of"),
        civilians=words("civilians"),
        combatants=words("combatants"),
    )


# -- numbers ----------------------------------------------------------------------------------------


def _digits(text: str) -> float | None:
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def _word_value(text: str) -> int | None:
    """"five" -> 5, "twenty-five" -> 25, "Fifty" -> 50; None for anything else."""
    low = text.lower()
    if low in _UNITS:
        return _UNITS[low]
    if low in _TENS:
        return _TENS[low]
    head, _, tail = low.partition("-")
    if head in _TENS and tail in _UNITS and 0 < _UNITS[tail] < 10:
        return _TENS[head] + _UNITS[tail]
    return None


def parse_number(tokens: Sequence[str]) -> tuple[int, int] | None:
    """The number the first tokens spell, and how many tokens it takes; None when they spell none.

    `["1.6", "million", "Syrians"]` -> (1600000, 2); `["twenty", "-", "five"]` -> (25, 3);
    `["dozens"]` -> None.
    """
    if not tokens:
        return None
    first = tokens[0]
    used = 1
    value: float | None = _digits(first)
    if value is None:
        word = _word_value(first)
        if word is None:
            return None
        value = word
        if word in _TENS.values() and len(tokens) > 2 and tokens[1] in _DASHES:
            unit = _word_value(tokens[2])
            if unit is not None and 0 < unit < 10:
                value, used = word + unit, 3
    while used < len(tokens) and tokens[used].lower() in _SCALES:
        value *= _SCALES[tokens[used].lower()]
        used += 1
    if value != int(value):
        return None  # "2.5" people is a measure, not a head count
    return int(value), used


@dataclass(frozen=True)
class _Figure:
    """A number in the text that may count people: tokens [start, end), count and top of a range."""

    start: int
    end: int
    count: int
    count_max: int | None


def _figures(sent: Span) -> Iterator[_Figure]:
    """Every number of the sentence that can be a head count, in text order."""
    doc = sent.doc
    lex = lexicon()
    i = sent.start
    while i < sent.end:
        figure = _figure_at(doc, i, sent.end)
        if figure is None:
            i += 1
            continue
        token = doc[i]
        year_like = re.fullmatch(r"(19|20)\d\d", token.text) is not None
        before = doc[i - 1].text if i > sent.start else ""
        after = doc[figure.end].lower_ if figure.end < sent.end else ""
        if not (
            _in_measure(token)
            or year_like
            or before in {"$", "€", "£", "#", "No", "No."}
            or after in {"%", "percent", "per", "cent"}
            or after in lex.vague
        ):
            yield figure
        i = figure.end


def _in_measure(token: Token) -> bool:
    """True when the named-entity tagger puts the number in a date, time, sum or measure ("12 months",
    "150 meters"); a bare range it calls a date ("between 20 and 25") is still a head count."""
    if token.ent_type_ not in _NOT_FIGURE_ENTITIES:
        return False
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or token.ent_type_ != "DATE":
        return True
    return any(parse_number([t.text]) is None and t.lower_ not in _RANGE_WORDS for t in ent)


def _figure_at(doc: Doc, i: int, end: int) -> _Figure | None:
    first = doc[i].text
    # Most tokens are no number: that is decided on the token alone, before its neighbours are read.
    if _digits(first) is None and _word_value(first) is None and not _RANGE.match(first):
        return None
    texts = [t.text for t in doc[i : min(end, i + 6)]]
    ranged = _RANGE.match(texts[0]) if texts else None
    if ranged:
        lo, hi = _digits(ranged[1]), _digits(ranged[2])
        if lo is not None and hi is not None and lo < hi:
            return _Figure(i, i + 1, int(lo), int(hi))
    parsed = parse_number(texts)
    if parsed is None:
        return None
    value, used = parsed
    j = i + used
    between = i > 0 and doc[i - 1].lower_ == "between" and j < end and doc[j].lower_ == "and"
    if j + 1 < end and (doc[j].text in _DASHES or doc[j].lower_ == "to" or between):
        top = parse_number([t.text for t in doc[j + 1 : min(end, j + 7)]])
        if top is not None and top[0] > value:
            return _Figure(i, j + 1 + top[1], value, top[0])
    return _Figure(i, j, value, None)


# -- the people counted ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """The words after a figure that name who it counts ("Hamas fighters", "of the group's members")."""

    start: int
    end: int
    head: Token | None
    cue: CasualtyKind | None


def _counted(doc: Doc, start: int, end: int) -> _Counted:
    lex = lexicon()
    i, head, cue = start, None, None
    partitive = i < end and doc[i].lower_ == "of"
    if partitive:  # "four of the group's members"
        i += 1
        while i < end and doc[i].pos_ == "DET":
            i += 1
    while i < end:
        t = doc[i]
        nxt = doc[i + 1] if i + 1 < end else None
        if t.pos_ in ("ADJ", "NOUN", "PROPN") and _figure_at(doc, i, end) is None:
            if t.lower_ in lex.after:
                cue = cue or lex.after[t.lower_]
            if t.pos_ in ("NOUN", "PROPN"):
                head = t
        elif t.tag_ == "POS" or (t.text in _DASHES and nxt is not None and nxt.pos_ in _MODIFIED):
            pass
        elif t.tag_ == "VBN" and nxt is not None and nxt.pos_ in _NOMINAL and t.lower_ not in lex.after:
            pass  # "armed men", "GNA-backed brigades"
        else:
            break
        i += 1
    if partitive and head is None:
        return _Counted(start, start, None, None)
    return _Counted(start, i, head, cue)


def _is_people(counted: _Counted) -> bool:
    head = counted.head
    return head is None or head.lower_ not in lexicon().not_people


# -- the kind of each figure ----------------------------------------------------------------------------


def _cue_after(doc: Doc, start: int, end: int) -> tuple[CasualtyKind, int] | None:
    """The cue that follows the people counted ("were killed", "to flee"), and where it stands."""
    lex = lexicon()
    j, stop = start, min(end, start + 10)
    while j < stop:
        t = doc[j]
        low = t.lower_
        if t.text in _CLAUSE_ENDS or _figure_at(doc, j, end) is not None:
            return None
        if low in lex.after and (t.tag_ != "VBG" or low in ("fleeing", "missing")):
            if low == "taken" and not (j + 1 < end and doc[j + 1].lower_ in lex.taken_as):
                return None
            if low == "held" and t.tag_ != "VBN":
                return None
            return lex.after[low], j
        if low in lex.passing or t.pos_ in ("AUX", "ADV", "PART") or low in ("who", "that", "which"):
            j += 1
            continue
        if low in ("from", "in", "of", "at", "with"):
            j += 1  # a short qualifier: "fighters from the GNA-backed brigades have been killed"
            while j < stop and (doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN") or doc[j].text in _DASHES
                                or doc[j].tag_ in ("VBN", "POS")) and doc[j].lower_ not in lex.after:
                j += 1
            continue
        return None
    return None


def _cue_before(doc: Doc, figure: _Figure, start: int) -> CasualtyKind | None:
    """The active cue before the figure ("killing five", "killed at least 20", "the toll at 94,000")."""
    lex = lexicon()
    k = figure.start - 1
    while k >= max(start, figure.start - 7):
        t = doc[k]
        low = t.lower_
        if low in lex.before and (t.tag_ != "VBN" or _active(t)):
            return lex.before[low]
        if low not in lex.gap:
            break
        k -= 1
    return _toll(doc[figure.start])


def _toll(token: Token) -> CasualtyKind | None:
    """Killed, when the figure is what a death toll rose to or stands at ("the toll ... rose to 31")."""
    node = token
    for _ in range(3):
        if node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() == "toll" or any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() == "toll" for c in node.children
        ):
            return CasualtyKind.KILLED
    return None


def _active(token: Token) -> bool:
    """True for a participle of an active perfect ("have killed"), not of a passive ("were killed")."""
    return token.tag_ == "VBN" and not any(c.dep_ == "auxpass" for c in token.children) and any(
        c.dep_ == "aux" for c in token.children
    )


def _part_of(doc: Doc, figure: _Figure, start: int, previous: _Found | None) -> bool:
    """True when the figure is a part of the figure before it ("among them 21", "21 rebels and three")."""
    if previous is None:
        return False
    lex = lexicon()
    k = figure.start - 1
    while k >= start and doc[k].lower_ in lex.gap - {"of"}:
        k -= 1
    if k < start:
        return False
    low = doc[k].lower_
    if low in lex.part_of or (low in ("them", "whom") and k > start and doc[k - 1].lower_ in lex.part_of):
        return True
    return low in ("and", ",") and k == previous.counted.end


@dataclass(frozen=True)
class _Found:
    """A figure with its kind and the people it counts, before attribution."""

    figure: _Figure
    kind: CasualtyKind
    counted: _Counted
    cue: int | None
    part_of: _Found | None = None


def _figures_of(sent: Span) -> Iterator[_Found]:
    """Every casualty figure of one sentence, with its kind."""
    doc = sent.doc
    lex = lexicon()
    previous: _Found | None = None
    for figure in _figures(sent):
        counted = _counted(doc, figure.end, sent.end)
        if not _is_people(counted) or (counted.head is not None and counted.head.lower_ in lex.lumped):
            continue
        kind, cue = counted.cue, None
        if kind is not None and _undone(doc, counted.end, sent.end):
            continue
        if kind is None:
            after = _cue_after(doc, counted.end, sent.end)
            if after is not None:
                kind, cue = after
                if _lumped(doc, cue, sent.end, kind):
                    continue
        found: _Found | None = None
        if kind is not None:
            found = _Found(figure, kind, counted, cue)
        elif (before := _cue_before(doc, figure, sent.start)) is not None:
            found = _Found(figure, before, counted, None)
        elif previous is not None and _part_of(doc, figure, sent.start, previous):
            found = _Found(figure, previous.kind, counted, previous.cue, previous)
        if found is not None:
            previous = found
            yield found


def _undone(doc: Doc, start: int, end: int) -> bool:
    """True when a verb right after the people counted ends their plight ("the hostages were freed")."""
    lex = lexicon()
    for t in doc[start : min(end, start + 4)]:
        if t.lower_ in lex.undone:
            return True
        if not (t.pos_ in ("AUX", "ADV", "PART") or t.lower_ in lex.passing):
            return False
    return False


def _lumped(doc: Doc, cue: int, end: int, kind: CasualtyKind) -> bool:
    """True when the cue is joined to a cue of another kind ("killed and injured")."""
    lex = lexicon()
    if cue + 2 < end and doc[cue + 1].lower_ in ("and", "or", "/", "&"):
        other = lex.after.get(doc[cue + 2].lower_)
        return other is not None and other is not kind
    return False


# -- who gave the figure, and who suffered it ------------------------------------------------------------


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp") and verb.head is not verb:
        head = verb.head
        if head.lemma_.lower() in lexicon().speech_verbs or verb.dep_ in ("conj", "xcomp"):
            return _subject(head)
    return None


def _named_in(tokens: Iterable[Token], ents: ArticleEntities) -> str | None:
    for t in tokens:
        key = ents.actor_at(t)
        if key is not None:
            return key
    return None


def _source(subject: Token, ents: ArticleEntities) -> str | None:
    """The actor a speech verb's subject names: "the Observatory", "researchers at Johns Hopkins"."""
    lex = lexicon()
    key = ents.actor_at(subject)
    if key is not None and subject.lower_ not in lex.unnamed_sources:
        return key
    for child in subject.children:
        if child.dep_ == "prep" and child.lower_ in lex.source_of:
            return _named_in((t for c in child.children if c.dep_ == "pobj" for t in c.subtree), ents)
        if child.dep_ == "appos":
            named = _named_in(child.subtree, ents)
            if named is not None:
                return named
    if subject.lower_ in lex.unnamed_sources:
        return None
    return key


def _according(sent: Span, ents: ArticleEntities, anchor: Token | None = None) -> tuple[bool, str | None]:
    """Whether "according to X" attributes the figure, and X's actor."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "to":
            if anchor is not None and t.head != anchor and t.head.head != anchor:
                continue
            to = t.doc[t.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if not objects and t.i + 2 < sent.end:
                objects = [t.doc[t.i + 2]]
            tokens = [x for o in objects for x in o.subtree]
            return True, _named_in(tokens, ents)
    return False, None


def _reporter(token: Token, sent: Span, ents: ArticleEntities) -> str | None:
    """Who the figure at `token` is attributed to, None in the article's own voice or an unnamed source's."""
    lex = lexicon()
    node = token
    for _ in range(12):
        stated, key = _according(sent, ents, anchor=node)
        if stated:
            return key
        if node.lemma_.lower() in lex.speech_verbs and node.pos_ in ("VERB", "AUX"):
            subject = _subject(node)
            if subject is not None and subject.lower_ in _ORGANISATION_PRONOUNS:
                return _earlier_speaker(sent, ents)
            if subject is not None:
                return _source(subject, ents)
            return _actor_before(node, sent, ents)
        if node.head is node:
            break
        node = node.head
    return _according(sent, ents)[1]


_ORGANISATION_PRONOUNS = frozenset({"it", "they"})


def _actor_before(verb: Token, sent: Span, ents: ArticleEntities) -> str | None:
    """The nearest actor named before a speech verb the parser left without a subject."""
    for t in reversed(sent.doc[sent.start : verb.i]):
        key = ents.actor_at(t)
        if key is not None:
            return key
    return None


def _earlier_speaker(sent: Span, ents: ArticleEntities) -> str | None:
    """Who "it" or "they" stands for as a speech verb's subject: the named subject of a speech verb in
    one of the two sentences before (the ministry that "said" first and "said in a statement" next)."""
    lex = lexicon()
    doc = sent.doc
    start = sent.start
    for _ in range(2):
        if start == 0:
            return None
        before = doc[start - 1].sent
        for t in before:
            if t.lemma_.lower() in lex.speech_verbs and t.pos_ == "VERB":
                subject = _subject(t)
                if subject is not None and subject.lower_ not in _ORGANISATION_PRONOUNS:
                    return _source(subject, ents)
        start = before.start
    return None


def _victims(counted: _Counted, ents: ArticleEntities) -> tuple[str | None, VictimCategory | None]:
    lex = lexicon()
    doc = ents.doc
    for i in range(counted.start, counted.end):
        key = ents.actor_at(doc[i])
        if key is not None:
            return key, None
    people = _nationals(counted.head, ents)
    if people is not None:
        return people, None
    words = {doc[i].lower_ for i in range(counted.start, counted.end)}
    if words & lex.civilians:
        return None, VictimCategory.CIVILIANS
    if counted.head is not None and counted.head.lower_ in lex.combatants:
        return None, VictimCategory.COMBATANTS
    return None, None


def _nationals(head: Token | None, ents: ArticleEntities) -> str | None:
    """The state whose people a plural demonym names ("30 Israelis"), when the article names that state."""
    if head is None or head.tag_ != "NNPS" and not (head.tag_ == "NNS" and head.text[:1].isupper()):
        return None
    country = ents.gazetteer.country_of_demonym(head.text[:-1]) if head.text.endswith("s") else None
    if country is None or country.state not in ents.entities:
        return None
    return country.state


def _place_in(sent: Span, ents: ArticleEntities) -> str | None:
    """The place the sentence says things happened in ("in Qusayr", "near Bunagana")."""
    for t in sent:
        if t.lower_ in ("in", "near", "around", "outside", "inside") and t.i + 1 < sent.end:
            for obj in t.children:
                if obj.dep_ == "pobj":
                    for x in obj.subtree:
                        key = ents.place_at(x)
                        if key is not None:
                            return key
    return None


# -- the article ------------------------------------------------------------------------------------


def _evidence(sent: Span) -> Evidence:
    raw = sent.text
    text = raw.strip()
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return Evidence(text, start, start + len(text), 0.6)


_FOLLOWING_SENTENCES = 2
"""How many sentences after an operation a figure stated on its own is taken as that operation's toll."""


def _told_before(sent: Span, operations: Sequence[Operation]) -> int | None:
    """The operation told of in one of the sentences just before, the nearest first: a toll is often
    given in the sentence after the attack ("An airstrike hit the market. Twelve people were killed.")."""
    earlier = sent
    for _ in range(_FOLLOWING_SENTENCES):
        if earlier.start == 0:
            return None
        earlier = sent.doc[earlier.start - 1].sent
        start = earlier.start_char
        told = [n for n, op in enumerate(operations, 1) if start <= op.evidence.start < earlier.end_char]
        if told:
            return told[-1]
    return None


def _sentence_reports(
    sent: Span, ents: ArticleEntities, published: date | None, operations: Sequence[Operation]
) -> Iterator[CasualtyReport]:
    figures = list(_figures_of(sent))
    if not figures:
        return  # most sentences give none: their operation, day and place are not worth looking for
    doc = sent.doc
    evidence = _evidence(sent)
    told = (n for n, op in enumerate(operations, 1) if op.evidence.start <= evidence.start < op.evidence.end)
    op_no = next(told, None)
    op = operations[op_no - 1] if op_no is not None else None
    if op_no is None:
        op_no = _told_before(sent, operations)
    day = op.date if op is not None and op.date else None
    if day is None and not dates.is_period(sent.text):
        day = dates.resolve(sent.text, published)
    place = op.location if op is not None and op.location else _place_in(sent, ents)
    victims: dict[int, tuple[str | None, VictimCategory | None]] = {}
    for found in figures:
        figure = found.figure
        victim, category = _victims(found.counted, ents)
        if victim is None and category is None and found.part_of is not None and found.counted.head is None:
            victim, category = victims.get(found.part_of.figure.start, (None, None))
        victims[figure.start] = (victim, category)
        anchor = doc[found.cue] if found.cue is not None else doc[figure.start]
        yield CasualtyReport(
            kind=found.kind,
            count=figure.count,
            evidence=evidence,
            count_max=figure.count_max,
            victim=victim,
            category=category,
            reported_by=_reporter(anchor, sent, ents),
            operation=op_no,
            location=place,
            date=day,
            figure=doc[figure.start : figure.end].text,
        )


def _detail(report: CasualtyReport) -> int:
    """How much a report says beyond its figure: a repeated figure keeps the copy that says most."""
    named = 4 * (report.reported_by is not None) + 2 * (report.victim is not None)
    return named + (report.category is not None)


def find_casualties(
    ents: ArticleEntities, published: date | None = None, operations: Sequence[Operation] = ()
) -> Iterator[CasualtyReport]:
    """Every casualty figure of the article once, in text order; `operations` are its operations, for
    the operation, place and day a figure's sentence tells of."""
    kept: dict[tuple[CasualtyKind, int, int | None], CasualtyReport] = {}
    for sent in ents.doc.sents:
        for report in _sentence_reports(sent, ents, published, operations):
            key = (report.kind, report.count, report.count_max)
            first = kept.get(key)
            if first is None or _detail(report) > _detail(first):
                kept[key] = report
    yield from sorted(kept.values(), key=lambda r: r.evidence.start)
