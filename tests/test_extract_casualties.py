"""Spec for casualty figures: how many were killed, wounded, captured, missing or displaced, and who said so.

A row lists every figure the text gives (`Figure`) and figures it must not give (`NoFigure`); a figure
matches on kind and count (and the top of a range), then its victims and reporter are checked when the
row names them. The sentences are written for these tables, in the manner of wire copy from several wars.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from extract_cases import actor_keys, article, describe

from kg.extract import extract
from kg.extract.casualties import parse_number
from kg.models import CasualtyKind, CasualtyReport, Facts, VictimCategory

KILLED, WOUNDED, CAPTURED, MISSING, DISPLACED = (
    CasualtyKind.KILLED,
    CasualtyKind.WOUNDED,
    CasualtyKind.CAPTURED,
    CasualtyKind.MISSING,
    CasualtyKind.DISPLACED,
)
NOBODY = ""
"""As `reported_by`: the figure is given in the article's own voice or by an unnamed source."""


@dataclass(frozen=True)
class Figure:
    """A casualty figure of this kind and count; victims (an actor's name or a category) and reporter
    are checked when given."""

    kind: CasualtyKind
    count: int
    count_max: int | None = None
    victims: str | VictimCategory | None = None
    reported_by: str | None = None

    def matches(self, c: CasualtyReport) -> bool:
        return c.kind is self.kind and c.count == self.count and c.count_max == self.count_max

    def problem(self, facts: Facts) -> str | None:
        found = [c for c in facts.casualties if self.matches(c)]
        if not found:
            return f"missing figure {self.kind.value} {self.count}"
        (c,) = found
        what = f"{self.kind.value} {self.count}"
        if isinstance(self.victims, VictimCategory):
            if c.category is not self.victims:
                return f"{what}: victims should be {self.victims.value}, got {c.category}"
        elif isinstance(self.victims, str) and c.victim not in actor_keys(facts, self.victims):
            return f"{self.kind.value} {self.count}: victims should be {self.victims!r}, got {c.victim}"
        if self.reported_by == NOBODY and c.reported_by is not None:
            return f"{self.kind.value} {self.count}: no reporter expected, got {c.reported_by}"
        if self.reported_by and c.reported_by not in actor_keys(facts, self.reported_by):
            return f"{what}: reporter should be {self.reported_by!r}, got {c.reported_by}"
        return None


@dataclass(frozen=True)
class Only:
    """The text gives exactly this many figures (no vague amount, equipment or repeat among them)."""

    count: int

    def problem(self, facts: Facts) -> str | None:
        if len(facts.casualties) != self.count:
            got = [(c.kind.value, c.count) for c in facts.casualties]
            return f"expected {self.count} figures, got {got}"
        return None


CASES = [
    pytest.param(
        "At least 14 civilians were killed on Tuesday when shells hit a market in Donetsk, the city's "
        "mayor said.",
        "2022-08-03",
        [Figure(KILLED, 14, victims=VictimCategory.CIVILIANS), Only(1)],
        id="ua-digits-at-least",
    ),
    pytest.param(
        "Four Ukrainian soldiers were wounded in the shelling near Bakhmut, according to the General Staff "
        "of the Ukrainian Armed Forces.",
        "2023-01-12",
        [Figure(WOUNDED, 4, victims="Ukrainian Armed Forces"), Only(1)],
        id="ua-words-victims-actor",
    ),
    pytest.param(
        "The Syrian Observatory for Human Rights said that 38 people were killed in air strikes on Idlib, "
        "among them 11 children.",
        "2019-05-20",
        [
            Figure(KILLED, 38, reported_by="Syrian Observatory for Human Rights"),
            Figure(KILLED, 11, reported_by="Syrian Observatory for Human Rights"),
            Only(2),
        ],
        id="sy-part-of-a-figure",
    ),
    pytest.param(
        "More than 1.2 million people have fled their homes since the fighting began, the United Nations "
        "said on Friday.",
        "2023-06-02",
        [Figure(DISPLACED, 1_200_000, reported_by="United Nations"), Only(1)],
        id="sd-million-fled",
    ),
    pytest.param(
        "Between 20 and 25 militants were killed in the raid on their camp in Kunduz province, a military "
        "source said.",
        "2016-10-04",
        [Figure(KILLED, 20, 25, reported_by=NOBODY), Only(1)],
        id="af-range-unnamed-source",
    ),
    pytest.param(
        "Rebels shot down two helicopters and destroyed five tanks outside Goma on Sunday.",
        "2012-11-19",
        [Only(0)],
        id="cd-equipment-is-no-figure",
    ),
    pytest.param(
        "Dozens of people were killed and hundreds wounded in the clashes in Tripoli.",
        "2018-09-01",
        [Only(0)],
        id="ly-vague-amounts",
    ),
    pytest.param(
        "Three rockets fired from Gaza struck Sderot, wounding two people, the Israeli police said.",
        "2014-07-10",
        [Figure(WOUNDED, 2, reported_by="Israel Police|Israel"), Only(1)],
        id="ps-rockets-are-not-people",
    ),
    pytest.param(
        "Boko Haram fighters abducted 110 schoolgirls from their school in Dapchi. The 110 girls were "
        "taken away in trucks, and the attack on Dapchi was condemned by the president.",
        "2018-02-23",
        [Figure(CAPTURED, 110), Only(1)],
        id="ng-repeated-figure-is-one-report",
    ),
    pytest.param(
        "A spokesman said 60 Houthi fighters were killed and 45 others wounded in the battle for the port.",
        "2018-06-15",
        [Figure(KILLED, 60, victims="Houthis"), Figure(WOUNDED, 45), Only(2)],
        id="ye-two-kinds-one-sentence",
    ),
    pytest.param(
        "About 200 soldiers were killed or wounded in the ambush near Menaka.",
        "2019-11-02",
        [Only(0)],
        id="ml-lumped-kinds-are-no-figure",
    ),
    pytest.param(
        "Seven people are still missing after the airstrike on the village of Tsitsernavank.",
        "2020-10-20",
        [Figure(MISSING, 7), Only(1)],
        id="am-missing",
    ),
    pytest.param(
        "The death toll from the bombing in Mogadishu rose to 31, officials said.",
        "2017-10-16",
        [Figure(KILLED, 31, reported_by=NOBODY), Only(1)],
        id="so-death-toll-rose-to",
    ),
    pytest.param(
        "The group said its fighters had captured 12 soldiers and killed nine in the attack, the 12 "
        "prisoners being held in the hills.",
        "2021-07-09",
        [Figure(CAPTURED, 12), Figure(KILLED, 9), Only(2)],
        id="mz-captured-and-killed",
    ),
    pytest.param(
        "The offensive lasted 12 days and involved some 3,000 troops backed by 40 tanks.",
        "2016-04-08",
        [Only(0)],
        id="iq-no-cue-no-figure",
    ),
    pytest.param(
        "Clashes in the Sirte district left twenty-five fighters dead, a local commander said.",
        "2016-07-01",
        [Figure(KILLED, 25, victims=VictimCategory.COMBATANTS), Only(1)],
        id="ly-hyphenated-words",
    ),
    pytest.param(
        "According to the International Committee of the Red Cross, around 4,000 people remain missing "
        "from the war.",
        "2021-03-01",
        [Figure(MISSING, 4000, reported_by="International Committee of the Red Cross"), Only(1)],
        id="xk-according-to",
    ),
    pytest.param(
        "Nine Azerbaijani servicemen were wounded, including three in serious condition, the defence "
        "ministry in Baku said.",
        "2020-09-28",
        [
            Figure(WOUNDED, 9, victims="Azerbaijani Armed Forces"),
            Figure(WOUNDED, 3, victims="Azerbaijani Armed Forces"),
            Only(2),
        ],
        id="az-including-inherits-victims",
    ),
    pytest.param(
        "Al-Shabaab said it had killed more than 60 soldiers in the assault on the base at El Adde.",
        "2016-01-16",
        [Figure(KILLED, 60, reported_by="al-Shabaab"), Only(1)],
        id="so-group-claims",
    ),
    pytest.param(
        "The fighting has forced nearly 90,000 people to flee across the border into Chad.",
        "2023-05-05",
        [Figure(DISPLACED, 90_000), Only(1)],
        id="sd-forced-to-flee",
    ),
    pytest.param(
        "Israel closed the crossings after rockets struck Ashkelon. Seven Israelis were lightly wounded.",
        "2021-05-11",
        [Figure(WOUNDED, 7, victims="Israel"), Only(1)],
        id="il-plural-demonym-is-the-state",
    ),
    pytest.param(
        "Two of the hostages were freed on Monday after 40 days in captivity.",
        "2019-03-12",
        [Only(0)],
        id="ng-days-are-no-figure",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_casualty_figures(text: str, published: str, expected: list[Figure | Only]) -> None:
    facts = extract(article(text, published))
    found = [p for e in expected if (p := e.problem(facts)) is not None]
    figures = [
        f"  figure {c.kind.value} {c.count}-{c.count_max} victims {c.victim or c.category} by {c.reported_by}"
        for c in facts.casualties
    ]
    assert not found, "\n".join([*found, describe(facts), *figures])


@pytest.mark.parametrize(
    ("tokens", "value"),
    [
        (["52"], (52, 1)),
        (["1,500", "people"], (1500, 1)),
        (["1.6", "million", "Syrians"], (1_600_000, 2)),
        (["five"], (5, 1)),
        (["Fifty", "Hamas"], (50, 1)),
        (["twenty", "-", "five"], (25, 3)),
        (["twenty-five"], (25, 1)),
        (["two", "thousand"], (2000, 2)),
        (["dozens"], None),
        (["hundreds"], None),
        (["2.5"], None),
        (["several"], None),
    ],
)
def test_parse_number(tokens: list[str], value: tuple[int, int] | None) -> None:
    assert parse_number(tokens) == value
