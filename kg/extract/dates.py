"""Date expressions of news copy resolved against the article's publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(?:'s|’s)?\b", re.I)
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1, "overnight": 0, "last night": -1}
_RELATIVE_RE = re.compile(r"\b(day before yesterday|" + "|".join(_RELATIVE) + r")\b", re.I)
_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_DAYS_AGO = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+days?\s+ago\b", re.I)
_ANCHORED = re.compile(
    r"\b(?:(?:a|one|\d{1,2}|" + "|".join(_NUMBERS) + r")\s+days?\s+(earlier|later|before|after)"
    r"|the\s+(previous|next|following)\s+(?:day|night|morning|evening)"
    r"|the\s+(?:day|night)\s+(before|after)(?!\s+yesterday))\b",
    re.I,
)
"""Days counted from the day the story is about, not from publication ("a day earlier", "the next day")."""
_VAGUE = re.compile(
    r"\b(last|next|past|coming|every|each)\s+(week|month|year|" + "|".join(WEEKDAYS) + r")", re.I
)
_LAST_WEEKDAY = re.compile(r"\blast\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)
"""'last Friday': the latest Friday before the day of publication (news copy's usage), a day, not a period."""


def weekday_before(published: date, weekday: int) -> date:
    """The most recent day with this weekday on or before `published` (news copy's "on Sunday")."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _month_day(month: int, day: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        # "December 30" in a January article is last year's.
        if (month, day) > (published.month, published.day) and month - published.month > 6:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(text: str, published: date | None, anchor: date | None = None) -> date | None:
    """The one day `text` names, or None when it names none (or only a vague period).

    Explicit dates win over weekdays ("Sunday, May 19"); weekdays, "yesterday" and "four days ago" need
    the publication date; "a day earlier", "the previous night" and "the next day" count from `anchor`,
    the day the story is about, and name no day without it. "Last week", "earlier this month" and
    "two weeks ago" are periods, not days.
    """
    found = explicit_day(text, published)
    if found is not None:
        return found
    shift = day_shift(text)
    if shift is not None:
        return None if anchor is None else anchor + timedelta(days=shift)
    if published is None:
        return None
    m = _LAST_WEEKDAY.search(text)
    if m:
        return weekday_before(published - timedelta(days=1), WEEKDAYS.index(m[1].lower()))
    if _VAGUE.search(text):
        return None
    m = _DAYS_AGO.search(text)
    if m:
        return published - timedelta(days=_count(m[1]))
    m = _WEEKDAY.search(text)
    if m:
        return weekday_before(published, WEEKDAYS.index(m[1].lower()))
    m = _RELATIVE_RE.search(text)
    if m:
        word = " ".join(m[1].lower().split())
        return published + timedelta(days=-2 if word == "day before yesterday" else _RELATIVE[word])
    return None


def explicit_day(text: str, published: date | None) -> date | None:
    """The day `text` names by month and day ("Dec. 19", "19 December 2023", "2023-12-19"), if any."""
    m = _ISO.search(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    m = _MONTH_DAY.search(text)
    if m:
        found = _month_day(MONTHS[m[1].lower()], int(m[2]), int(m[3]) if m[3] else None, published)
        if found:
            return found
    m = _DAY_MONTH.search(text)
    if m:
        return _month_day(MONTHS[m[2].lower()], int(m[1]), int(m[3]) if m[3] else None, published)
    return None


def day_shift(text: str) -> int | None:
    """The days "a day earlier", "the previous night" or "two days later" count from the story's event."""
    m = _ANCHORED.search(text)
    if m is None:
        return None
    count = _count(text[m.start() : m.end()].split()[0])
    back = (m[1] or m[2] or m[3] or "").lower() in ("earlier", "before", "previous")
    return -count if back else count


def _count(word: str) -> int:
    """ "four" or "4" as a number; "the" (as in "the previous day") is one."""
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PERIOD = re.compile(
    rf"\b({_MONTH}|since|last|this|earlier|ago|past|recent|weeks|months|years|\d{{4}})\b", re.I
)


def year_of(text: str) -> int | None:
    """The year a date expression names ("in June 2014", "the 2003 invasion"), if any."""
    m = _YEAR.search(text)
    return int(m[1]) if m else None


def is_period(text: str) -> bool:
    """True when `text` dates something by a month, a year or a span ("in August", "since last year").

    Durations ("for five days", "30 hours") are not periods: they say how long, not when.
    """
    names_day = any(
        rx.search(text) for rx in (_ISO, _MONTH_DAY, _DAY_MONTH, _WEEKDAY, _RELATIVE_RE, _DAYS_AGO, _ANCHORED)
    )
    return not names_day and bool(_PERIOD.search(text))
