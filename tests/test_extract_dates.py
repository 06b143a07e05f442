"""Spec for date expressions: the one day a phrase of news copy names, resolved against publication.

Weekdays are the latest such day on or before publication; "four days ago" counts back from
publication; "a day earlier", "the previous night" and "the next day" count from the day the story is
about (the anchor) and name no day without one; "last week", "earlier this month" and "two weeks ago"
are periods and name no day.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import is_period, resolve

PUBLISHED = date(2024, 3, 14)  # a Thursday
ANCHOR = date(2024, 3, 11)  # the day the story is about: a Monday

CASES = [
    pytest.param("on Sunday", "2024-03-10", id="weekday"),
    pytest.param("Thursday", "2024-03-14", id="weekday-is-publication-day"),
    pytest.param("Friday night", "2024-03-08", id="weekday-night"),
    pytest.param("late on March 6", "2024-03-06", id="late-on-month-day"),
    pytest.param("on Nov. 6", "2023-11-06", id="abbreviated-month-after-publication-is-last-year"),
    pytest.param("Mar 6-7", "2024-03-06", id="range-first-day"),
    pytest.param("Jan. 21, 2016", "2016-01-21", id="month-day-year"),
    pytest.param("6 March", "2024-03-06", id="day-month"),
    pytest.param("yesterday", "2024-03-13", id="yesterday"),
    pytest.param("last night", "2024-03-13", id="last-night"),
    pytest.param("the day before yesterday", "2024-03-12", id="day-before-yesterday"),
    pytest.param("four days ago", "2024-03-10", id="words-days-ago"),
    pytest.param("3 days ago", "2024-03-11", id="digits-days-ago"),
    pytest.param("a day earlier", "2024-03-10", id="a-day-earlier-from-the-story-day"),
    pytest.param("just two days later", "2024-03-13", id="days-later-from-the-story-day"),
    pytest.param("the previous night", "2024-03-10", id="previous-night"),
    pytest.param("the following day", "2024-03-12", id="following-day"),
    pytest.param("last Friday", "2024-03-08", id="last-weekday-is-the-latest-before-publication"),
    pytest.param("last Thursday", "2024-03-07", id="last-weekday-of-publication-is-a-week-back"),
    pytest.param("last week", None, id="last-week-is-a-period"),
    pytest.param("earlier this month", None, id="earlier-this-month-is-a-period"),
    pytest.param("two weeks ago", None, id="weeks-ago-is-a-period"),
    pytest.param("in April", None, id="month-is-a-period"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_resolve(text: str, expected: str | None) -> None:
    """Each phrase names the expected day, or none when it names a period."""
    want = date.fromisoformat(expected) if expected else None
    assert resolve(text, PUBLISHED, ANCHOR) == want


@pytest.mark.parametrize("text", ["a day earlier", "the previous night", "the next day"])
def test_story_relative_days_need_an_anchor(text: str) -> None:
    """A day counted from the story's day names no day when the story's day is unknown."""
    assert resolve(text, PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [("last week", True), ("earlier this month", True), ("four days ago", False), ("for five days", False)],
)
def test_is_period(text: str, period: bool) -> None:
    """Periods date by a span; a counted day is no period, nor is a duration."""
    assert is_period(text) is period


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("KHARTOUM, Dec. 19 (Xinhua) -- The army said it had withdrawn.", "2023-12-20", "2023-12-19"),
        ("BEIRUT, Lebanon, Jan 5 (Reuters) - Rebels said they took the town.", "2014-01-06", "2014-01-05"),
        ("Title\n\nShare\n\nKYIV, March 3 (Reuters) - Drones hit the city.", "2024-03-04", "2024-03-03"),
        # no day in the dateline, a day after publication, or long before it: publication counts
        ("KYIV, Ukraine (AP) — Russia struck the city on March 3.", "2024-03-04", None),
        ("KYIV, March 5 (Reuters) - Drones hit the city.", "2024-03-04", None),
        ("KYIV, Feb. 1 (Reuters) - Drones hit the city.", "2024-03-04", None),
        ("Drones hit Kyiv on Dec. 19, officials said.", "2023-12-20", None),
    ],
)
def test_dateline_day(text: str, published: str, expected: str | None) -> None:
    """The dateline's day is the day the story was written, when it lies in the week before publication."""
    from kg.extract.pipeline import dateline_day, load_pipeline

    found = dateline_day(load_pipeline()(text), date.fromisoformat(published))
    assert found == (date.fromisoformat(expected) if expected else None)
