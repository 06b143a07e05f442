"""Spec for page furniture: credit, sign-off and time-stamp lines are blanked; prose that shares their words
is kept, and every offset stays where it was."""

from __future__ import annotations

import pytest

from kg.extract.boilerplate import clean

BODY = "Russian forces shelled the outskirts of Kharkiv overnight, the regional governor said on Monday."


@pytest.mark.parametrize(
    "line",
    [
        "(Writing and additional reporting by Olena Harmash in Kyiv; Editing by Alex Richardson)",
        "Additional reporting by Pavel Polityuk in Kyiv.",
        "Associated Press writers Jon Gambrell in Dubai and Samy Magdy in Cairo contributed to this report.",
        "CNN\u2019s Caitlin Hu contributed reporting.",
        "Jane Doe contributed reporting from Kyiv.",
        "12 Comments Print E-mail Xinhua, March 3, 2022",
        "CNN \u2014",
        "9:14 a.m. EST March 3, 2022",
        "Thursday, 3 March 2022 09:14 GMT",
        "For the latest updates, follow Kyiv Daily on Twitter.",
        "Follow Sahel Wire on Telegram",
        "More details soon. For updates, follow Sahel Wire on X.",
    ],
)
def test_credit_lines_are_blanked(line: str) -> None:
    text = f"{BODY}\n\n{line}\n"
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert cleaned.startswith(BODY)
    assert cleaned[len(BODY):].strip() == ""


@pytest.mark.parametrize(
    "line",
    [
        "Most of the reporting by state media was false, the army said in a statement on Monday evening.",
        "Residents contributed to the report by sending photos of the burning depot, the governor said.",
        "Local volunteers contributed reporting that the army later disputed in its own statement.",
        "The offensive -- which began in May -- stalled outside the town, officials said.",
        "Residents follow the fighting on Telegram channels run by both sides, officials said.",
    ],
)
def test_prose_that_shares_their_words_is_kept(line: str) -> None:
    text = f"{BODY}\n\n{line}\n"
    assert clean(text) == text


def test_only_the_credit_of_a_caption_is_blanked() -> None:
    caption = "Rescuers search the rubble of a school in Zhytomyr on March 2."
    credit = "(Photo: Viacheslav Ratynskyi, Reuters)"
    text = f"{caption} {credit}\n\n{BODY}\n"
    assert clean(text) == f"{caption} {' ' * len(credit)}\n\n{BODY}\n"


def test_the_agency_above_a_time_stamp_is_blanked_but_not_a_title() -> None:
    text = f"Reuters\n9:14 a.m. EST March 3, 2022\n\n{BODY}\n"
    assert clean(text).strip() == BODY
    titled = f"Kharkiv shelled\n9:14 a.m. EST March 3, 2022\n\n{BODY}\n"
    assert clean(titled, title="Kharkiv shelled").split("\n")[0] == "Kharkiv shelled"


@pytest.mark.parametrize("stamp", ["Thursday, 3 March 2022 09:14 GMT", "March 3, 2022 9:14 a.m. ET"])
def test_a_time_stamp_above_the_body_is_blanked(stamp: str) -> None:
    text = f"by Reuters\n{stamp}\n\n{BODY}\n"
    assert clean(text).strip() == BODY
