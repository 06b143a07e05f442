"""Direct quotations in a parsed article and the phrase that attributes each one to a speaker.

The quote spans come from the raw text (spaCy's sentence splitting is unreliable around quote
marks); the parse is used only to find the speaker: the subject of the reporting verb that governs
or adjoins the quote, the agent of "a statement carried by X", the object of "according to X" or of
"X quoted Y as saying". Entity resolution is left to the caller.

Choices a caller should know:

- Only double quote marks count (straight ``"``, curly “ ”, guillemets « »). Single quotes are
  apostrophes or nested quotes and are never quote marks.
- A quote never runs past its paragraph (a line of text), with two exceptions: the newspaper
  convention (an unclosed quote whose next paragraph opens with a quote mark continues there; each
  paragraph becomes its own Quote, linked through ``continued``), and a hard line wrap (an unclosed
  quote whose next line's first quote mark is a closing one). An opening mark followed by another
  opening mark in the same paragraph is dropped as stray; an unclosed quote stops at its paragraph end.
- Every quoted stretch is returned, however short: scare quotes around a word or two come back with
  ``speaker=None`` when nothing attributes them. Filtering by length (under five words) is the
  caller's job.
- ``text`` is verbatim but drops a trailing comma (the "...," of an attribution that follows).
- A quote with ``continued=True`` carries the speaker it inherits (its offsets point at the phrase
  attributed to the quote it continues), or None if no earlier quote had one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from spacy.tokens import Doc, Span, Token

__all__ = ["REPORTING_VERBS", "SOURCE_NOUNS", "Quote", "find_quotes"]


@dataclass(frozen=True)
class Quote:
    """One quoted stretch of an article and the phrase that attributes it.

    `start`/`end` are the offsets of `text` in the article; `speaker` those of the speaker's head
    noun phrase (None when nothing attributes the quote); `pronoun` says that phrase is a pronoun or
    a bare anaphor ("the group") the caller must resolve; `continued` that the quote has no
    attribution of its own and inherits one; `sentence_start`/`sentence_end` bound the evidence.
    """

    text: str
    start: int
    end: int
    speaker: tuple[int, int] | None
    speaker_text: str
    pronoun: bool
    continued: bool
    sentence_start: int
    sentence_end: int


REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "warn",
        "insist",
        "claim",
        "note",
        "state",
        "declare",
        "announce",
        "write",
        "tweet",
        "post",
        "report",
        "quote",
        "explain",
        "stress",
        "affirm",
        "reaffirm",
        "confirm",
        "deny",
        "acknowledge",
        "admit",
        "argue",
        "assert",
        "allege",
        "describe",
        "call",
        "urge",
        "demand",
        "accuse",
        "threaten",
        "vow",
        "pledge",
        "promise",
        "predict",
        "ask",
        "reply",
        "respond",
        "answer",
        "complain",
        "boast",
        "repeat",
        "reiterate",
        "recall",
        "observe",
        "comment",
        "remark",
        "conclude",
        "speak",
        "charge",
        "testify",
        "suggest",
        "estimate",
        "mention",
        "shout",
        "proclaim",
        "concede",
        "contend",
        "maintain",
        "emphasize",
        "emphasise",
        "underline",
        "caution",
        "lament",
        "praise",
        "condemn",
        "denounce",
        "criticize",
        "criticise",
        "slam",
        "blast",
        "dismiss",
        "hail",
        "welcome",
        "brand",
        "term",
        "dub",
    }
)
"""Lemmas of verbs that attribute speech (the verb whose subject is the speaker)."""

SOURCE_NOUNS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "report",
        "release",
        "announcement",
        "message",
        "post",
        "tweet",
        "video",
        "broadcast",
        "footage",
        "interview",
        "letter",
        "bulletin",
        "transcript",
        "notice",
        "declaration",
    }
)
"""Nouns that carry someone else's words: the speaker is whoever issued them."""

_ANAPHOR_DETERMINERS = frozenset(
    {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
)
_SENTENCE_END = frozenset(".!?")
_CUT_PHRASE = frozenset({",", "(", "—", "–", "--", ";", ":"})
_INVERTED_DEPS = frozenset({"dobj", "attr", "npadvmod", "dep", "oprd", "nmod"})
_DROP_DEPS = frozenset({"appos", "relcl", "advcl", "punct", "parataxis", "ccomp", "mark"})


class _Hint(Enum):
    OPEN = 1
    CLOSE = 2
    EITHER = 3


_OPEN_GLYPHS = "“«"
_CLOSE_GLYPHS = "”»"
_MARKS = frozenset('"' + _OPEN_GLYPHS + _CLOSE_GLYPHS)
_MARK = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")
_OPEN_LEFT = frozenset("([{—–-/:")
_CLOSE_RIGHT = frozenset(".,;:!?)]}—–-…")


@dataclass
class _Segment:
    """A quote's content span and the marks and region (paragraph or wrapped lines) around it."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    region: tuple[int, int]
    chain: int
    ending: str  # the last character of the quoted words
    comma_after: bool  # '"...,"' or '"...",': an attribution follows


@dataclass(frozen=True)
class _Attribution:
    verb: Token | None
    speaker: Token


def find_quotes(doc: Doc, text: str | None = None) -> list[Quote]:
    """Every direct quotation in `doc`, in text order, each with its attributed speaker phrase.

    `text` is `doc.text` when the caller has it already (Doc.text is rebuilt on every access).
    """
    if text is None:
        text = doc.text
    segments = list(_segments(text))
    inside = _inside_map(doc, segments)
    found = []
    for n, seg in enumerate(segments):
        context = _stretches(doc, segments, n, inside)
        attribution = _attribute(doc, seg, n, inside, context.before, context.after)
        found.append(_Found(seg, context, attribution))
    _share_within_sentences(found)

    quotes: list[Quote] = []
    for n, item in enumerate(found):
        seg, attribution = item.segment, item.attribution
        continued = False
        speaker: tuple[int, int] | None = None
        pronoun = False
        if attribution is not None:
            lo, hi, pronoun = _phrase(doc, attribution.speaker)
            speaker = (lo, hi)
            continued = n > 0 and _splits(found[n - 1], item)
        else:
            source = _chain_source(doc, found, n)
            if source is not None:
                continued = True
                speaker, pronoun = source
            elif item.context.alone:
                continued = True
                earlier = next((q for q in reversed(quotes) if q.speaker is not None), None)
                if earlier is not None:
                    speaker, pronoun = earlier.speaker, earlier.pronoun
        evidence = _evidence(doc, segments, n, inside, attribution)
        quotes.append(
            Quote(
                text=text[seg.start : seg.end],
                start=seg.start,
                end=seg.end,
                speaker=speaker,
                speaker_text=text[speaker[0] : speaker[1]] if speaker is not None else "",
                pronoun=pronoun,
                continued=continued,
                sentence_start=evidence[0],
                sentence_end=evidence[1],
            )
        )
    return quotes


@dataclass(frozen=True)
class _Context:
    """The words of a quote's sentence outside it, and whether neighbouring quotes share the sentence."""

    before: list[Token]
    after: list[Token]
    quote_before: bool
    quote_after: bool

    @property
    def alone(self) -> bool:
        """The quote is a whole sentence (or more) on its own."""
        return not (self.before or self.after or self.quote_before or self.quote_after)


@dataclass
class _Found:
    segment: _Segment
    context: _Context
    attribution: _Attribution | None


def _share_within_sentences(found: list[_Found]) -> None:
    """Give an unattributed quote the attribution of a quote in the same sentence ("A" and "B", X said)."""
    for n in range(1, len(found)):
        item, previous = found[n], found[n - 1]
        if item.attribution is None and item.context.quote_before and previous.attribution is not None:
            item.attribution = previous.attribution
    for n in range(len(found) - 2, -1, -1):
        item, following = found[n], found[n + 1]
        if item.attribution is None and item.context.quote_after and following.attribution is not None:
            item.attribution = following.attribution


def _splits(previous: _Found, item: _Found) -> bool:
    """Whether `item` is the second half of a split quote: '"...," he said, "..."'.

    The attribution (speaker and verb) must stand between the two quotes; a quote that merely
    follows another under the same verb ('X called it "A" and "B"') has an attribution of its own.
    """
    attribution = item.attribution
    if attribution is None or attribution.verb is None or previous.attribution != attribution:
        return False
    close = previous.segment.close_at if previous.segment.close_at is not None else previous.segment.end
    return all(close <= t.idx < item.segment.open_at for t in (attribution.verb, attribution.speaker))


# --- quote spans from the raw text -------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), surrounding whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((match.start() + lead, match.start() + len(line.rstrip())))
    return spans


def _hint(text: str, i: int) -> _Hint:
    """Whether the mark at `i` opens or closes a quote, by its surroundings first, then its glyph."""
    left = text[i - 1] if i > 0 else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    opens = (left.isspace() or left in _OPEN_LEFT) and not right.isspace()
    closes = not left.isspace() and (right.isspace() or right in _CLOSE_RIGHT)
    if opens and not closes:
        return _Hint.OPEN
    if closes and not opens:
        return _Hint.CLOSE
    if text[i] in _OPEN_GLYPHS:
        return _Hint.OPEN
    if text[i] in _CLOSE_GLYPHS:
        return _Hint.CLOSE
    return _Hint.EITHER


def _starts_with_opener(text: str, para: tuple[int, int]) -> bool:
    start = para[0]
    return text[start] in _MARKS and _hint(text, start) is not _Hint.CLOSE


def _first_mark_closes(text: str, para: tuple[int, int]) -> bool:
    first = _MARK.search(text, para[0], para[1])
    return first is not None and first.start() > para[0] and _hint(text, first.start()) is _Hint.CLOSE


def _segments(text: str) -> Iterator[_Segment]:
    """Quoted stretches of `text`, paired paragraph by paragraph."""
    paras = _paragraphs(text)
    chain = 0
    open_at: int | None = None
    region_start = 0
    carry: str | None = None  # "runover" (next paragraph reopens the quote) or "wrap" (hard line wrap)
    for p, (ps, pe) in enumerate(paras):
        if carry == "runover":
            open_at, region_start = ps, ps
        elif carry is None:
            open_at = None
        # "The statement read:" closing one paragraph introduces the quote that opens the next.
        introduced = p > 0 and text[paras[p - 1][1] - 1] == ":"
        for mark in _MARK.finditer(text, ps, pe):
            i = mark.start()
            if carry == "runover" and i == ps:
                continue
            hint = _hint(text, i)
            if open_at is None:
                if hint is not _Hint.CLOSE:
                    open_at, region_start = i, (paras[p - 1][0] if introduced and i == ps else ps)
            elif hint is _Hint.OPEN:
                open_at, region_start = i, ps  # the earlier opener was a stray mark
                chain += 1
            else:
                segment = _segment(text, open_at, i, i, (region_start, pe), chain)
                if segment is not None:
                    yield segment
                open_at = None
                chain += 1
        carry = None
        if open_at is None:
            continue
        following = paras[p + 1] if p + 1 < len(paras) else None
        # A line that stops mid-sentence and whose quote closes on the next line was hard-wrapped.
        if following is not None and text[pe - 1] not in ".!?" and _first_mark_closes(text, following):
            carry = "wrap"
            continue
        segment = _segment(text, open_at, pe, None, (region_start, pe), chain)
        if segment is not None:
            yield segment
        if following is not None and _starts_with_opener(text, following):
            carry = "runover"
        else:
            open_at = None
            chain += 1


def _segment(
    text: str, open_at: int, end: int, close_at: int | None, region: tuple[int, int], chain: int
) -> _Segment | None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    comma_after = "," in text[end : (close_at if close_at is not None else end) + 2]
    return _Segment(start, end, open_at, close_at, region, chain, text[end - 1], comma_after)


# --- attribution from the parse ----------------------------------------------------------------


def _inside_map(doc: Doc, segments: list[_Segment]) -> list[int]:
    """For each token, the index of the quote (marks included) it lies in, or -1."""
    inside = [-1] * len(doc)
    for n, seg in enumerate(segments):
        for token in _quote_span(doc, seg):
            if inside[token.i] == -1:
                inside[token.i] = n
    return inside


def _quote_span(doc: Doc, seg: _Segment) -> Span | list[Token]:
    """The tokens of a quote, its marks included."""
    last = seg.close_at if seg.close_at is not None else seg.end - 1
    span = doc.char_span(seg.open_at, last + 1, alignment_mode="expand")
    return span if span is not None else []


def _is_sentence_end(token: Token) -> bool:
    # The tag, not the text: the "." of a split abbreviation ("Lt. Col.") is not sentence-final.
    if token.text in _SENTENCE_END:
        return token.tag_ == "."
    return token.text in {"...", "…"} and token.whitespace_ != ""


def _stretches(doc: Doc, segments: list[_Segment], n: int, inside: list[int]) -> _Context:
    """The words of the sentence around quote `n`, up to a sentence end or another quote."""
    seg = segments[n]
    region_lo, region_hi = seg.region
    quote_tokens = [t for t in _quote_span(doc, seg) if inside[t.i] == n]
    if not quote_tokens:
        return _Context([], [], False, False)
    first, last = quote_tokens[0].i, quote_tokens[-1].i
    before: list[Token] = []
    quote_before = False
    i = first - 1
    while i >= 0 and doc[i].idx >= region_lo:
        token = doc[i]
        if inside[token.i] != -1:
            # A quote that ends its own sentence ('..."  "...') does not share this one.
            quote_before = not _ends_sentence(segments[inside[token.i]]) or bool(_words(before))
            break
        if _is_sentence_end(token):
            break
        before.append(token)
        i -= 1
    before.reverse()
    after: list[Token] = []
    quote_after = False
    if seg.close_at is not None and seg.ending != ".":
        i = last + 1
        while i < len(doc) and doc[i].idx < region_hi:
            token = doc[i]
            if inside[token.i] != -1:
                quote_after = True
                break
            if _is_sentence_end(token):
                break
            after.append(token)
            i += 1
    return _Context(_words(before), _words(after), quote_before, quote_after)


def _ends_sentence(seg: _Segment) -> bool:
    return seg.ending in ".!?…"


def _words(tokens: list[Token]) -> list[Token]:
    """The tokens, or none at all if they are only punctuation and spaces."""
    return tokens if any(not (t.is_punct or t.is_space) for t in tokens) else []


def _is_reporting_verb(token: Token) -> bool:
    if token.lemma_.lower() not in REPORTING_VERBS or not token.tag_.startswith("VB"):
        return False
    # "so-called" is a label, not an attribution.
    return not (token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ == "so")


def _attribute(
    doc: Doc, seg: _Segment, n: int, inside: list[int], before: list[Token], after: list[Token]
) -> _Attribution | None:
    """The reporting verb and speaker token that attribute the quote, if its sentence has them."""
    nearby = {t.i for t in before} | {t.i for t in after}
    governing = _governing_verbs(doc, seg, n, inside, nearby)
    # '"...," he said' and '"...?" she asked' put the attribution after the quote.
    after_first = seg.comma_after or seg.ending in "?!"
    before_verbs = [t for t in reversed(before) if _is_reporting_verb(t)]
    after_verbs = [t for t in after if _is_reporting_verb(t)]
    ordered = after_verbs + before_verbs if after_first else before_verbs + after_verbs
    ranked = sorted(governing, key=lambda v: _distance(v, seg)) + [v for v in ordered if v not in governing]
    for verb in ranked:
        speaker = _speaker_of_verb(verb, inside) or _positional_subject(verb, before, after)
        if speaker is not None and inside[speaker.i] != n:
            return _Attribution(verb, _source_of(speaker))
    for token in after + before:
        if token.lower_ == "according":
            target = _according_target(token)
            if target is not None:
                return _Attribution(None, _source_of(target))
    return None


def _distance(token: Token, seg: _Segment) -> int:
    if token.idx < seg.start:
        return seg.start - token.idx
    return token.idx - seg.end


def _governing_verbs(doc: Doc, seg: _Segment, n: int, inside: list[int], nearby: set[int]) -> list[Token]:
    """Reporting verbs near the quote that govern its words, or that hang off them in a bad parse."""
    found: list[Token] = []
    for token in _quote_span(doc, seg):
        if inside[token.i] != n or token.is_punct:
            continue
        head = token.head
        while head.i != token.i and inside[head.i] == n and head.head.i != head.i:
            head = head.head
        steps = 0
        while inside[head.i] != n and steps < 8:
            if head.i in nearby and _is_reporting_verb(head):
                if head not in found:
                    found.append(head)
                break
            if head.head.i == head.i:
                break
            head, steps = head.head, steps + 1
        for child in token.children:
            if child.i in nearby and _is_reporting_verb(child) and child not in found:
                found.append(child)
    return found


def _speaker_of_verb(verb: Token, inside: list[int]) -> Token | None:
    """Who speaks through a reporting verb: its subject, or the object of "quoted Y as saying"."""
    current = verb
    for _ in range(4):
        deps: dict[str, Token] = {}
        # A quoted word is never the speaker ('a fighter nicknamed "Falcon," described ...'); of two
        # subjects in a broken parse, the one nearest the verb is the head of its phrase.
        for child in sorted(current.children, key=lambda c: abs(c.i - current.i), reverse=True):
            if inside[child.i] == -1 and not _cut_title(child):
                deps[child.dep_] = child
        if current.lemma_.lower() == "quote":
            # "X quoted Y as saying", "Y was quoted as saying": Y speaks, X only reports it.
            if "nsubjpass" in deps:
                return deps["nsubjpass"]
            if "dobj" in deps:
                return deps["dobj"]
        subject = deps.get("nsubj")
        if subject is not None and subject.lower_ != "there":
            if subject.tag_ in {"WP", "WDT"} and current.dep_ == "relcl":
                return current.head
            return subject
        if "agent" in deps:
            for pobj in deps["agent"].children:
                if pobj.dep_ == "pobj":
                    return pobj
        if "nsubjpass" in deps and current.lemma_.lower() != "quote":
            return deps["nsubjpass"]
        inverted = _inverted_subject(current, inside)
        if inverted is not None:
            return inverted
        if current.dep_ not in {"advcl", "xcomp", "conj", "pcomp", "dep", "ccomp"}:
            return None
        current = current.head
        if current.pos_ == "ADP":  # "as saying": step over the preposition
            current = current.head
    return None


def _cut_title(token: Token) -> bool:
    """An abbreviated title the tokenizer split from its period ("said Brig. Gen. X": "Brig" is no one)."""
    doc = token.doc
    return (
        token.is_title
        and len(token) <= 5
        and token.i + 2 < len(doc)
        and doc[token.i + 1].text == "."
        and doc[token.i + 2].pos_ == "PROPN"
    )


def _positional_subject(verb: Token, before: list[Token], after: list[Token]) -> Token | None:
    """In a parse that lost the subject, the noun phrase standing between the quote and its verb."""
    between = [t for t in (before if verb in before else after) if t.i < verb.i]
    indices = {t.i for t in between}
    for token in reversed(between):
        if token.pos_ in {"NOUN", "PROPN", "PRON"} and (token.head.i not in indices or token.head == verb):
            return token
    return None


def _inverted_subject(verb: Token, inside: list[int]) -> Token | None:
    """The speaker of '"...," said Ahmed' when the parser did not make it the subject. Only a verb that
    follows its quote inverts: in 'warning Israel that "..."' Israel is who is warned."""
    doc = verb.doc
    if not any(inside[t.i] != -1 for t in doc[max(0, verb.i - 3) : verb.i]):
        return None
    for child in verb.rights:
        if child.dep_ not in _INVERTED_DEPS or child.pos_ not in {"PROPN", "NOUN", "PRON"}:
            continue
        if all(t.pos_ in {"DET", "ADJ", "PROPN", "NOUN", "NUM"} for t in verb.doc[verb.i + 1 : child.i]):
            return child
    return None


def _according_target(token: Token) -> Token | None:
    for prep in token.children:
        if prep.lower_ == "to":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if token.i + 2 < len(token.doc) and token.nbor(1).lower_ == "to":
        nxt = token.nbor(2)
        while nxt.head.i > nxt.i and nxt.head.i - token.i < 10:
            nxt = nxt.head
        return nxt
    return None


def _source_of(token: Token) -> Token:
    """For "a statement carried by X" or "X's statement", the one who issued it; else the token."""
    if token.lemma_.lower() not in SOURCE_NOUNS:
        return token
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
        if child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ in {"by", "from", "on"}):
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    return token


# --- the speaker phrase ------------------------------------------------------------------------


def _phrase(doc: Doc, head: Token) -> tuple[int, int, bool]:
    """Character offsets of the head noun phrase around `head`, and whether it needs resolving."""
    lo, hi = _phrase_tokens(doc, head)
    if head.pos_ == "NOUN" and not _names_someone(doc[lo : hi + 1]):
        # "The surgeon, Ahmed Musa, said": the apposition names who the common noun is.
        for child in head.children:
            if child.dep_ == "appos" and _names_someone([child]):
                lo, hi = _phrase_tokens(doc, child)
                break
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text), _is_anaphor(doc[lo : hi + 1])


def _names_someone(tokens: Iterable[Token]) -> bool:
    return any(t.pos_ == "PROPN" or t.ent_type_ for t in tokens)


def _phrase_tokens(doc: Doc, head: Token) -> tuple[int, int]:
    keep = {head.i}
    has_conj = any(c.dep_ == "conj" for c in head.children)
    for child in head.children:
        if child.dep_ in _DROP_DEPS:
            continue
        if child.i > head.i and any(t.text in _CUT_PHRASE for t in doc[head.i : child.i]):
            continue
        keep.update(t.i for t in child.subtree)
    lo, hi = min(keep), max(keep)
    if not has_conj:
        for i in range(head.i + 1, hi + 1):
            if doc[i].text in _CUT_PHRASE or doc[i].is_quote:
                hi = i - 1
                break
    for i in range(head.i - 1, lo - 1, -1):
        if doc[i].is_quote or doc[i].text in {"(", ";", ":"}:
            lo = i + 1
            break
    while lo < head.i and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    # Hyphenated names ("al-Burhan") the parser split apart.
    while lo >= 2 and _hyphen_joined(doc, lo - 2):
        lo -= 2
    while hi + 2 < len(doc) and _hyphen_joined(doc, hi):
        hi += 2
    return lo, hi


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Tokens i and i + 2 form one word around a hyphen."""
    return doc[i + 1].text == "-" and not (doc[i].whitespace_ or doc[i + 1].whitespace_)


def _is_anaphor(phrase: Span) -> bool:
    """A pronoun, or a definite common-noun phrase naming no one ("the group", "its spokesman")."""
    head = phrase.root
    if head.pos_ == "PRON":
        return True
    if head.pos_ != "NOUN" or _names_someone(phrase):
        return False
    return phrase[0].lower_ in _ANAPHOR_DETERMINERS


# --- evidence and continuation -----------------------------------------------------------------


def _evidence(
    doc: Doc, segments: list[_Segment], n: int, inside: list[int], attribution: _Attribution | None
) -> tuple[int, int]:
    """Character offsets of the sentence(s) holding the quote and its own attribution."""
    seg = segments[n]
    region_lo, region_hi = seg.region
    start = seg.open_at
    end = (seg.close_at + 1) if seg.close_at is not None else seg.end
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        i = span.start - 1
        while i >= 0 and doc[i].idx >= region_lo and not _closes_sentence(doc, segments, inside, i):
            start = doc[i].idx
            i -= 1
        if seg.ending != ".":
            j = span.end
            while j < len(doc) and doc[j].idx < region_hi:
                end = doc[j].idx + len(doc[j].text)
                if _closes_sentence(doc, segments, inside, j):
                    break
                j += 1
    if attribution is not None:
        for token in (attribution.verb, attribution.speaker):
            if token is not None and region_lo <= token.idx < region_hi:
                start = min(start, token.idx)
                end = max(end, token.idx + len(token.text))
    return max(start, region_lo), min(end, region_hi)


def _closes_sentence(doc: Doc, segments: list[_Segment], inside: list[int], i: int) -> bool:
    """Token `i` ends a sentence: a full stop outside quotes, or the closing mark of a quote ending in one."""
    m = inside[i]
    if m == -1:
        return _is_sentence_end(doc[i])
    close_at = segments[m].close_at
    return close_at is not None and doc[i].idx == close_at and _ends_sentence(segments[m])


def _chain_source(doc: Doc, found: list[_Found], n: int) -> tuple[tuple[int, int], bool] | None:
    """The speaker of another paragraph of the same run-over quote, nearest first."""
    chain = found[n].segment.chain
    members = [m for m in range(len(found)) if found[m].segment.chain == chain and m != n]
    for m in sorted(members, key=lambda m: (m > n, abs(m - n))):
        attribution = found[m].attribution
        if attribution is not None:
            lo, hi, pronoun = _phrase(doc, attribution.speaker)
            return (lo, hi), pronoun
    return None
