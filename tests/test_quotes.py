"""The quotation finder: quoted words and the phrase that attributes them, as a table of wire copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.pipeline import load_pipeline
from kg.extract.quotes import Quote, find_quotes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Q:
    """An expected quote: a verbatim stretch of its text, its speaker phrase, and its flags."""

    words: str
    speaker: str | None
    pronoun: bool = False
    continued: bool = False


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


ATTRIBUTED = [
    pytest.param(
        "“We will not surrender Mariupol,” Denis Prokopenko said on Sunday.",
        [Q("We will not surrender Mariupol", "Denis Prokopenko")],
        id="curly-speaker-after",
    ),
    pytest.param(
        '"The city is surrounded on three sides," said Oleksandr Motuzyanyk, a defence ministry spokesman.',
        [Q("surrounded on three sides", "Oleksandr Motuzyanyk")],
        id="said-before-name-with-apposition",
    ),
    pytest.param(
        "Heavy fighting continued near Kherson.\n\n"
        '"We hear explosions every night," he told reporters in Mykolaiv.',
        [Q("We hear explosions every night", "he", pronoun=True)],
        id="pronoun-told-reporters",
    ),
    pytest.param(
        'Houthi spokesman Yahya Saree said: "Our forces targeted the Aramco facility in Jeddah with drones."',
        [Q("Our forces targeted the Aramco facility in Jeddah with drones.", "Houthi spokesman Yahya Saree")],
        id="speaker-before-colon",
    ),
    pytest.param(
        'She said, "The shelling has not stopped since dawn."',
        [Q("The shelling has not stopped since dawn.", "She", pronoun=True)],
        id="speaker-before-comma",
    ),
    pytest.param(
        '"The airport is now under our full control," according to a statement from the Rapid Support '
        "Forces.",
        [Q("The airport is now under our full control", "the Rapid Support Forces")],
        id="according-to-a-statement-from",
    ),
    pytest.param(
        'According to the Palestinian health ministry, "at least 40 people were killed" in the strike.',
        [Q("at least 40 people were killed", "the Palestinian health ministry")],
        id="according-to-before",
    ),
    pytest.param(
        '"Dozens of bodies are still under the rubble," a civil defence official told AFP.',
        [Q("Dozens of bodies are still under the rubble", "a civil defence official")],
        id="told-afp",
    ),
    pytest.param(
        '"Our units repelled the attack," a military source told state news agency SANA.',
        [Q("Our units repelled the attack", "a military source")],
        id="military-source-told-state-media",
    ),
    pytest.param(
        '"The operation achieved all its objectives," the Israeli military said in a statement.',
        [Q("The operation achieved all its objectives", "the Israeli military")],
        id="said-in-a-statement",
    ),
    pytest.param(
        '"Terrorist groups were driven out of the old city," a statement carried by the official news '
        "agency said.",
        [Q("driven out of the old city", "the official news agency", pronoun=True)],
        id="statement-carried-by",
    ),
    pytest.param(
        'A statement from the Kurdistan Workers Party said: "Our guerrillas struck the base."',
        [Q("Our guerrillas struck the base.", "the Kurdistan Workers Party")],
        id="statement-from-said",
    ),
    pytest.param(
        'Interfax quoted Sergei Shoigu as saying: "Our troops have completed the task."',
        [Q("Our troops have completed the task.", "Sergei Shoigu")],
        id="quoted-y-as-saying-before",
    ),
    pytest.param(
        '"The enemy lost two battalions," the agency quoted the commander as saying.',
        [Q("The enemy lost two battalions", "the commander", pronoun=True)],
        id="quoted-y-as-saying-after",
    ),
    pytest.param(
        "Taliban spokesman Zabihullah Mujahid was quoted as saying that the fighters had "
        '"cleared the valley of enemies".',
        [Q("cleared the valley of enemies", "Taliban spokesman Zabihullah Mujahid")],
        id="was-quoted-as-saying",
    ),
    pytest.param(
        '"We pushed them back to the river," the commander said, "but they keep coming back at night."',
        [
            Q("We pushed them back to the river", "the commander", pronoun=True),
            Q("but they keep coming back at night.", "the commander", pronoun=True, continued=True),
        ],
        id="split-quote",
    ),
    pytest.param(
        '"The road is cut. Nothing gets in or out. Children are starving," said Amina Yusuf, a nurse in '
        "El Fasher.",
        [Q("The road is cut. Nothing gets in or out. Children are starving", "Amina Yusuf")],
        id="multi-sentence",
    ),
    pytest.param(
        'The governor said the army had "restored full control" over the district by Friday.',
        [Q("restored full control", "The governor", pronoun=True)],
        id="partial-quote-in-reported-speech",
    ),
    pytest.param(
        'He claimed that "more than 200 militants were eliminated" in the raid.',
        [Q("more than 200 militants were eliminated", "He", pronoun=True)],
        id="partial-quote-claimed-that",
    ),
    pytest.param(
        'The rebel commander insisted the group had "never targeted civilians" in the province.',
        [Q("never targeted civilians", "The rebel commander", pronoun=True)],
        id="insisted",
    ),
    pytest.param(
        'Al Jazeera reported that the strikes had "flattened entire neighbourhoods" in Khan Younis.',
        [Q("flattened entire neighbourhoods", "Al Jazeera")],
        id="reported-that",
    ),
    pytest.param(
        'The army said it had "neutralised" the cell and "seized large quantities" of explosives.',
        [Q("neutralised", "The army", pronoun=True), Q("seized large quantities", "The army", pronoun=True)],
        id="two-partial-quotes-one-verb",
    ),
    pytest.param(
        "The Ethiopian government announced in a televised address that its troops had "
        '"liberated" Mekelle.',
        [Q("liberated", "The Ethiopian government")],
        id="announced-one-word",
    ),
    pytest.param(
        'Witnesses included Maria Lopez, who said "the soldiers fired at the crowd without warning".',
        [Q("the soldiers fired at the crowd without warning", "Maria Lopez")],
        id="relative-clause-who-said",
    ),
    pytest.param(
        '"Reinforcements have arrived," the spokesman added.',
        [Q("Reinforcements have arrived", "the spokesman", pronoun=True)],
        id="added",
    ),
    pytest.param(
        '"Any attack on our ships will be met with force," the commander warned.',
        [Q("Any attack on our ships will be met with force", "the commander", pronoun=True)],
        id="warned",
    ),
    pytest.param(
        'Zelensky tweeted: "The occupiers will be driven out of every city."',
        [Q("The occupiers will be driven out of every city.", "Zelensky")],
        id="tweeted",
    ),
    pytest.param(
        '"The enemy suffered heavy losses near Bakhmut," Prigozhin wrote on Telegram.',
        [Q("The enemy suffered heavy losses near Bakhmut", "Prigozhin")],
        id="wrote-on-telegram",
    ),
    pytest.param(
        '"Who will protect us now?" she asked.',
        [Q("Who will protect us now?", "she", pronoun=True)],
        id="question-asked",
    ),
    pytest.param(
        '"Where are we supposed to go?" asked Fatima Ali, who fled Rafah with her children.',
        [Q("Where are we supposed to go?", "Fatima Ali")],
        id="question-asked-name-after",
    ),
    pytest.param(
        '"The siege must end now," the Syrian Observatory for Human Rights, a Britain-based monitor, said.',
        [Q("The siege must end now", "the Syrian Observatory for Human Rights")],
        id="head-np-without-apposition",
    ),
    pytest.param(
        '"This is a clear violation of the ceasefire," the Pentagon\'s press secretary, John Kirby, '
        "told reporters.",
        [Q("This is a clear violation of the ceasefire", "the Pentagon's press secretary")],
        id="possessive-head-np",
    ),
    pytest.param(
        'The commander, Abdul Rahman Haqqani, said: "The valley is ours."',
        [Q("The valley is ours.", "Abdul Rahman Haqqani")],
        id="apposition-names-the-anaphor",
    ),
    pytest.param(
        'A resident, Mohammed Saleh, told AFP: "The militia looted everything."',
        [Q("The militia looted everything.", "Mohammed Saleh")],
        id="apposition-names-the-common-noun",
    ),
    pytest.param(
        '"Haftar\'s forces will enter Tripoli within days," said Ahmed al-Mismari, spokesman for the '
        "self-styled Libyan National Army.",
        [Q("Haftar's forces will enter Tripoli within days", "Ahmed al-Mismari")],
        id="hyphenated-name",
    ),
    pytest.param(
        '"We have lost contact with the convoy," the UN World Food Programme\'s country director said.',
        [Q("We have lost contact with the convoy", "the UN World Food Programme's country director")],
        id="long-subject",
    ),
    pytest.param(
        '"Our fighters destroyed three armoured vehicles," the group said on Telegram.',
        [Q("Our fighters destroyed three armoured vehicles", "the group", pronoun=True)],
        id="bare-anaphor-group",
    ),
    pytest.param(
        '"The strikes targeted weapons depots," the ministry said.',
        [Q("The strikes targeted weapons depots", "the ministry", pronoun=True)],
        id="bare-anaphor-ministry",
    ),
    pytest.param(
        '"We have no water and no electricity," they said.',
        [Q("We have no water and no electricity", "they", pronoun=True)],
        id="pronoun-they",
    ),
    pytest.param(
        '"They shouted \'God is great\' and opened fire," the witness said.',
        [Q("They shouted 'God is great' and opened fire", "the witness", pronoun=True)],
        id="nested-single-quotes-kept",
    ),
    pytest.param(
        'The 5" rain fell. "The trenches flooded overnight," a soldier said.',
        [Q("The trenches flooded overnight", "a soldier")],
        id="stray-closing-mark-ignored",
    ),
]

CONTINUED = [
    pytest.param(
        '"The bridge is gone," Lt. Col. Mark Evans said. "We will need weeks to rebuild it."',
        [
            Q("The bridge is gone", "Lt. Col. Mark Evans"),
            Q("We will need weeks to rebuild it.", "Lt. Col. Mark Evans", continued=True),
        ],
        id="next-sentence-is-only-a-quote",
    ),
    pytest.param(
        "The Somali army commander, Ahmed Nur, said troops were advancing.\n\n"
        '"The Shabaab fighters fled before dawn," Nur said.\n\n'
        '"We found their camp empty and burned."',
        [
            Q("The Shabaab fighters fled before dawn", "Nur"),
            Q("We found their camp empty and burned.", "Nur", continued=True),
        ],
        id="paragraph-that-is-only-a-quote",
    ),
    pytest.param(
        '"Today the enemy will learn a lesson," Deif said.\n\n'
        "An hour later the first rockets were fired.\n\n"
        '"This is only the beginning."',
        [
            Q("Today the enemy will learn a lesson", "Deif"),
            Q("This is only the beginning.", "Deif", continued=True),
        ],
        id="bare-quote-after-narration",
    ),
    pytest.param(
        '"We were hit from the air three times in one hour.\n\n'
        '"Then the tanks came from the east," said Ali Hassan, a fighter with the militia.',
        [
            Q("We were hit from the air three times in one hour.", "Ali Hassan", continued=True),
            Q("Then the tanks came from the east", "Ali Hassan"),
        ],
        id="run-over-paragraph-attributed-last",
    ),
    pytest.param(
        'The minister said: "Our soldiers are holding the line.\n\n"They will not retreat one metre."',
        [
            Q("Our soldiers are holding the line.", "The minister", pronoun=True),
            Q("They will not retreat one metre.", "The minister", pronoun=True, continued=True),
        ],
        id="run-over-paragraph-attributed-first",
    ),
    pytest.param(
        "The army chief of staff told troops on Monday:\n\n"
        '"The militants have nowhere to run. We will finish this within days."',
        [Q("The militants have nowhere to run.", "The army chief of staff", pronoun=True)],
        id="paragraph-ending-in-colon-introduces-the-quote",
    ),
    pytest.param(
        'A fighter who gave only his nickname, "Falcon," described the battle as "hell on earth."',
        [Q("Falcon", "A fighter"), Q("hell on earth.", "A fighter")],
        id="second-quote-under-the-same-verb-is-not-a-split-quote",
    ),
    pytest.param(
        "A local official, Omar Khalid, described the night.\n"
        '"The shells fell on the market and\nthe school at the same time," he said.',
        [Q("The shells fell on the market and\nthe school at the same time", "he", pronoun=True)],
        id="hard-wrapped-line",
    ),
]

EDGE_CASES = [
    # Scare quotes are returned (the caller drops quotes under five words) but nothing attributes them.
    pytest.param(
        'The so-called "Islamic State" seized Mosul in June 2014.',
        [Q("Islamic State", None)],
        id="scare-quote-so-called",
    ),
    pytest.param(
        'The rebels used "technicals" mounted with heavy machine guns in the desert.',
        [Q("technicals", None)],
        id="scare-quote-term",
    ),
    pytest.param(
        '"We have nothing left."',
        [Q("We have nothing left.", None, continued=True)],
        id="bare-quote-with-no-earlier-speaker",
    ),
    pytest.param(
        'The 12" guns fired all night.\n\nThe army said the town was taken.',
        [],
        id="inch-mark-is-not-a-quote",
    ),
    pytest.param(
        "The 'green zone' was shelled, officials said.",
        [],
        id="single-quotes-are-not-quote-marks",
    ),
    pytest.param(
        "Troops advanced into the city on Tuesday, officials said.",
        [],
        id="no-quotes",
    ),
    pytest.param(
        'Rebels called the raid "a massacre.\n\nThe army denied any civilian deaths on Monday.',
        [Q("a massacre.", "Rebels")],
        id="unclosed-quote-stops-at-its-paragraph",
    ),
    pytest.param(
        'The monitor said "the rebels were retreating at dusk. "We will return," a commander told AFP.',
        [Q("We will return", "a commander")],
        id="opener-followed-by-opener-is-stray",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTED + CONTINUED + EDGE_CASES)
def test_quotes(nlp: Language, text: str, expected: list[Q]) -> None:
    quotes = find_quotes(nlp(text))
    got = [Q(q.text, q.speaker_text or None, q.pronoun, q.continued) for q in quotes]
    assert len(got) == len(expected), got
    for want, quote in zip(expected, got, strict=True):
        assert want.words in quote.words, got
        assert (quote.speaker, quote.pronoun, quote.continued) == (want.speaker, want.pronoun, want.continued)


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert quote.text == quote.text.strip() and not quote.text.endswith(",")
        assert "\n\n" not in quote.text
        assert quote.sentence_start <= quote.start < quote.end <= quote.sentence_end
        if quote.speaker is None:
            assert quote.speaker_text == "" and not quote.pronoun
            continue
        lo, hi = quote.speaker
        assert text[lo:hi] == quote.speaker_text
        assert hi <= quote.start - 1 or lo >= quote.end + 1, "the speaker lies outside the quote"
        if not quote.continued:
            assert quote.sentence_start <= lo and hi <= quote.sentence_end


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTED + CONTINUED + EDGE_CASES)
def test_offsets_point_into_the_text(nlp: Language, text: str, expected: list[Q]) -> None:
    _check_offsets(text, find_quotes(nlp(text)))


def test_a_stray_mark_does_not_swallow_the_article(nlp: Language) -> None:
    text = (
        'The council described the strike as "unacceptable and called for an inquiry.\n\n'
        "Fighting resumed at dawn on Wednesday near the airport, residents said.\n\n"
        "Aid convoys were turned back at two checkpoints.\n\n"
        '"Nobody can reach the wounded," said Leila Haddad, a Red Crescent volunteer.'
    )
    quotes = find_quotes(nlp(text))
    assert [q.text for q in quotes] == [
        "unacceptable and called for an inquiry.",
        "Nobody can reach the wounded",
    ]
    assert quotes[1].speaker_text == "Leila Haddad"


def test_evidence_is_the_sentence_of_the_quote_and_its_attribution(nlp: Language) -> None:
    text = (
        "Shelling continued overnight. "
        '"We counted forty explosions," said Ivan Petrenko, a local official. Power was cut later.'
    )
    (quote,) = find_quotes(nlp(text))
    assert text[quote.sentence_start : quote.sentence_end] == (
        '"We counted forty explosions," said Ivan Petrenko, a local official.'
    )


def test_no_marks_no_quotes(nlp: Language) -> None:
    assert find_quotes(nlp("")) == []
    assert find_quotes(nlp('" "')) == []


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_articles_keep_their_offsets(nlp: Language, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quotes = find_quotes(nlp(text))
    assert quotes, "every seed article quotes someone"
    _check_offsets(text, quotes)
