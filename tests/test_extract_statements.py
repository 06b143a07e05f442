"""Spec for statements: direct quotes of five words or more by a named person or organisation.

A row passes when some extracted statement by the speaker holds at least half of the expected words
in order (the evaluation's rule), so an extractor may quote more or less than the stretch given here.
"""

from __future__ import annotations

import pytest
from extract_cases import Expectation, NoQuote, Quote, assert_extracts, with_known_gaps

CASES = [
    pytest.param(
        'U.N. Secretary-General Antonio Guterres told reporters in New York: "Gaza is becoming a '
        'graveyard for children."',
        "2023-11-06",
        [Quote("Antonio Guterres", "Gaza is becoming a graveyard for children")],
        id="un-speaker-before-colon",
    ),
    pytest.param(
        "Houthi spokesman Yahya Saree said in a televised speech that the group would fight on, "
        "warning the United States that \u201cthe Red Sea will be your grave.\u201d",
        "2024-01-12",
        [Quote("Houthis", "the Red Sea will be your grave"),
         NoQuote("the Red Sea will be your grave", "United States")],
        id="ye-warned-one-is-no-speaker",
    ),
    pytest.param(
        '"The situation in El Fasher is catastrophic and getting worse by the hour," said Clementine '
        "Nkweta-Salami, the U.N. humanitarian coordinator for Sudan.",
        "2024-06-14",
        [Quote("Clementine Nkweta-Salami", "The situation in El Fasher is catastrophic")],
        id="sd-said-then-speaker",
    ),
    pytest.param(
        '"We will not stop until the military dictatorship is uprooted," said Khaing Thukha, a spokesman '
        "for the Arakan Army.",
        "2024-02-05",
        [Quote("Khaing Thukha", "We will not stop until the military dictatorship is uprooted")],
        id="mm-said-then-speaker-appositive",
    ),
    pytest.param(
        '"We will not relent until al-Shabaab is eliminated from our country," Somali President Hassan '
        "Sheikh Mohamud told a rally in Mogadishu.",
        "2022-10-31",
        [Quote("Hassan Sheikh Mohamud", "We will not relent until al-Shabaab is eliminated")],
        id="so-titled-speaker-after",
    ),
    pytest.param(
        '"Boko Haram has been degraded, but ISWAP remains a serious threat to our communities," Borno '
        "state Governor Babagana Zulum said on Tuesday.",
        "2023-03-08",
        [Quote("Babagana Zulum", "Boko Haram has been degraded, but ISWAP remains a serious threat")],
        id="ng-governor",
    ),
    pytest.param(
        '"The Libyan National Army will not stop until Tripoli is liberated from the militias," LNA '
        "spokesman Ahmed al-Mismari told a news conference in Benghazi.",
        "2019-04-09",
        [Quote("Ahmed al-Mismari", "will not stop until Tripoli is liberated from the militias")],
        id="ly-spokesman",
    ),
    pytest.param(
        '"We are playing with fire, and something very, very catastrophic could take place," IAEA chief '
        "Rafael Grossi told reporters in Vienna.",
        "2022-08-12",
        [Quote("Rafael Grossi", "We are playing with fire, and something very, very catastrophic")],
        id="ua-iaea-chief",
    ),
    pytest.param(
        'WHO Director-General Tedros Adhanom Ghebreyesus wrote on X: "The health system in Gaza is on '
        'its knees."',
        "2023-11-10",
        [Quote("Tedros Adhanom Ghebreyesus", "The health system in Gaza is on its knees")],
        id="who-wrote-on-x",
    ),
    pytest.param(
        '"Justice has been delivered. And this terrorist leader is no more," President Joe Biden said in a '
        "televised address from the White House.",
        "2022-08-01",
        [Quote("Joe Biden", "Justice has been delivered. And this terrorist leader is no more")],
        id="af-two-sentence-quote",
    ),
    pytest.param(
        "Ukrainian President Volodymyr Zelensky turned down an American offer to evacuate him from Kyiv. "
        '"The fight is here; I need ammunition, not a ride," he said, according to a senior U.S. '
        "intelligence official with direct knowledge of the conversation.",
        "2022-02-26",
        [Quote("Volodymyr Zelensky", "The fight is here; I need ammunition, not a ride")],
        id="ua-he-said",
    ),
    pytest.param(
        "Kremlin spokesman Dmitry Peskov told reporters on Wednesday that Moscow remained open to talks. "
        '"There are no preconditions for negotiations at the moment," he said.',
        "2023-07-19",
        [Quote("Dmitry Peskov", "There are no preconditions for negotiations at the moment")],
        id="ru-he-said-next-sentence",
    ),
    pytest.param(
        "Mohammed Abdulsalam, the Houthis' chief negotiator, told Reuters the talks with Saudi officials "
        'in Riyadh had been "serious and positive". "We discussed the opening of roads, the airport and '
        'the payment of salaries," he said.',
        "2023-09-20",
        [
            Quote(
                "Mohammed Abdulsalam",
                "We discussed the opening of roads, the airport and the payment of salaries",
            ),
            NoQuote("serious and positive"),
        ],
        id="ye-he-said-not-the-agency",
    ),
    pytest.param(
        "Israeli Prime Minister Benjamin Netanyahu addressed the nation hours after the attack began. "
        '"Citizens of Israel, we are at war, not in an operation, not in rounds, at war," Netanyahu said '
        "in a video statement.",
        "2023-10-07",
        [Quote("Benjamin Netanyahu", "we are at war, not in an operation, not in rounds")],
        id="il-surname-after-full-name",
    ),
    pytest.param(
        '"Units of the Southern group of forces liberated the settlement of Andriivka," Defence Ministry '
        'spokesman Igor Konashenkov said, "inflicting heavy losses on the enemy."',
        "2023-09-15",
        [
            Quote("Igor Konashenkov", "Units of the Southern group of forces liberated the settlement"),
            Quote("Igor Konashenkov", "inflicting heavy losses on the enemy"),
        ],
        id="ru-quote-split-by-attribution",
    ),
    pytest.param(
        "Houthi military spokesman Yahya Saree said the group had seized the Galaxy Leader because it was "
        '"owned by an Israeli businessman" and vowed to target "all ships belonging to the Israeli '
        'enemy".',
        "2023-11-20",
        [
            Quote("Yahya Saree", "owned by an Israeli businessman"),
            Quote("Yahya Saree", "all ships belonging to the Israeli enemy"),
        ],
        id="ye-partial-quotes-in-reported-speech",
    ),
    pytest.param(
        "Hezbollah said in a statement that its fighters had targeted an Israeli army post near Metula "
        '"with guided missiles, achieving a direct hit".',
        "2023-11-02",
        [Quote("Hezbollah", "with guided missiles, achieving a direct hit")],
        id="lb-group-statement-partial",
    ),
    pytest.param(
        'The Israeli military said in a statement that "a terrorist cell was identified launching rockets '
        'from the area" and that its aircraft had struck the cell.',
        "2023-10-20",
        [Quote("Israel Defense Forces|Israel", "a terrorist cell was identified launching rockets")],
        id="il-military-said-that",
    ),
    pytest.param(
        "Ukraine's Foreign Ministry condemned the strike on the children's hospital. \"This is another war "
        'crime by the Russian Federation, which must be held accountable," the ministry said in a '
        "statement.",
        "2024-07-08",
        [
            Quote(
                "Ukrainian Foreign Ministry|Ukraine's Foreign Ministry|Ukraine",
                "This is another war crime by the Russian Federation",
            )
        ],
        id="ua-the-ministry-said",
    ),
    pytest.param(
        '"Air defence systems destroyed 29 Ukrainian drones over the Belgorod and Kursk regions '
        "overnight,\" Russia's Defence Ministry said in a statement.",
        "2024-03-16",
        [
            Quote(
                "Russian Defence Ministry|Russia's Defence Ministry|Russian Armed Forces",
                "Air defence systems destroyed 29 Ukrainian drones",
            )
        ],
        id="ru-ministry-statement",
    ),
    pytest.param(
        '"Our air defences intercepted hostile missiles over the southern suburbs of Damascus," the state '
        "news agency SANA reported.",
        "2023-03-22",
        [Quote("SANA", "Our air defences intercepted hostile missiles over the southern suburbs")],
        id="sy-state-agency-reported",
    ),
    pytest.param(
        '"Three drones were shot down over Isfahan and there has been no damage," Iranian state TV '
        "reported on Friday.",
        "2024-04-19",
        [
            Quote(
                "Islamic Republic of Iran Broadcasting|Iranian state TV",
                "Three drones were shot down over Isfahan",
            )
        ],
        id="ir-state-tv-reported",
    ),
    pytest.param(
        '"Russian forces have recently made marginal, confirmed gains northwest of Avdiivka," the '
        "Institute for the Study of War said in its daily update.",
        "2024-01-26",
        [
            Quote(
                "Institute for the Study of War",
                "Russian forces have recently made marginal, confirmed gains",
            )
        ],
        id="ua-think-tank",
    ),
    pytest.param(
        "Sudan's army chief, Gen. Abdel Fattah al-Burhan, addressed troops at a base in Omdurman on "
        'Sunday. "We will not negotiate with those who destroyed the country and killed our people.\n\n'
        '"The army will fight until the rebellion is crushed," al-Burhan said.',
        "2024-05-27",
        [
            Quote("Abdel Fattah al-Burhan", "We will not negotiate with those who destroyed the country"),
            Quote("Abdel Fattah al-Burhan", "The army will fight until the rebellion is crushed"),
        ],
        id="sd-quote-across-paragraphs",
    ),
    pytest.param(
        'Armenian Prime Minister Nikol Pashinyan told parliament on Tuesday: "Azerbaijan has attacked our '
        'sovereign territory in several directions.\n\n"We are ready to defend the sovereignty of Armenia '
        'by all means."',
        "2022-09-13",
        [
            Quote("Nikol Pashinyan", "Azerbaijan has attacked our sovereign territory"),
            Quote("Nikol Pashinyan", "We are ready to defend the sovereignty of Armenia"),
        ],
        id="nk-colon-quote-across-paragraphs",
    ),
    # unnamed sources and quotes under five words give no statement
    pytest.param(
        '"The Taliban have taken everything from us, even our hope," a resident of Kunduz told Reuters.',
        "2021-08-09",
        [NoQuote("The Taliban have taken everything from us")],
        id="no-unnamed-resident",
    ),
    pytest.param(
        '"The enemy suffered heavy losses in the fighting near Avdiivka," a military source told TASS.',
        "2023-10-13",
        [NoQuote("The enemy suffered heavy losses in the fighting")],
        id="no-military-source",
    ),
    pytest.param(
        'A senior Western official, speaking on condition of anonymity, said: "Wagner has lost thousands '
        'of fighters in Bakhmut."',
        "2023-02-17",
        [NoQuote("Wagner has lost thousands of fighters in Bakhmut")],
        id="no-anonymous-official",
    ),
    pytest.param(
        '"They came on motorcycles and started shooting at everyone," said one survivor, who asked not to '
        "be named for fear of reprisals.",
        "2021-06-07",
        [NoQuote("They came on motorcycles and started shooting")],
        id="no-survivor-not-named",
    ),
    pytest.param(
        'Ukrainian President Volodymyr Zelensky called the attack on the railway station "a deliberate '
        'strike".',
        "2022-04-08",
        [NoQuote("a deliberate strike", speaker="Volodymyr Zelensky")],
        id="no-three-word-quote",
    ),
    pytest.param(
        'The RSF dismissed the accusations as "baseless lies".',
        "2023-07-14",
        [NoQuote("baseless lies")],
        id="no-two-word-quote",
    ),
    # the speaker after the quote, a title and a description in between
    pytest.param(
        '"We have pushed the enemy back from the northern approaches to the city," Col. Olena '
        "Kovalenko, a spokeswoman for the Ukrainian army, told reporters.",
        "2023-06-12",
        [Quote("Olena Kovalenko", "We have pushed the enemy back from the northern approaches")],
        id="ua-colonel-spokeswoman-after",
    ),
    pytest.param(
        '"The militants were driven out of the town after heavy fighting," Maj. Gen. Ahmed Ali, the '
        "commander of Somali army forces in the region, said on Monday.",
        "2022-09-12",
        [Quote("Ahmed Ali", "The militants were driven out of the town after heavy fighting")],
        id="so-general-commander-after",
    ),
    # a document as the speaker: the statement speaks for whoever issued it
    pytest.param(
        "A statement from the Sudanese army on Monday said the town had been retaken. "
        '"Our forces are now clearing the remaining pockets of resistance in the area," the statement '
        "said.",
        "2024-09-30",
        [Quote("Sudanese Armed Forces", "Our forces are now clearing the remaining pockets of resistance")],
        id="sd-the-statement-said",
    ),
    pytest.param(
        "The Syrian Observatory for Human Rights, a Britain-based war monitor, said 30 fighters had died. "
        "The Islamic State group said it had repelled the attack. "
        '"Regime forces have lost control of most of the villages west of the city," the war monitor '
        "said.",
        "2016-03-20",
        [
            Quote(
                "Syrian Observatory for Human Rights",
                "Regime forces have lost control of most of the villages",
            )
        ],
        id="sy-description-names-the-monitor",
    ),
    # abbreviated military titles before the speaker's name end no sentence
    pytest.param(
        '"The militants were driven out of the town by dawn," said Brig. Gen. Oumarou Namata, the '
        "regional commander in Tillaberi.",
        "2021-03-22",
        [Quote("Oumarou Namata", "The militants were driven out of the town by dawn")],
        id="ne-said-brig-gen",
    ),
    pytest.param(
        '"We have no plans to withdraw from the base," said Lt. Col. Arsene Diarra, a spokesman for the '
        "Malian army.",
        "2022-02-18",
        [Quote("Arsene Diarra", "We have no plans to withdraw from the base")],
        id="ml-said-lt-col",
    ),
    pytest.param(
        "In a video statement, Maj. Gen. Yahya Rasool, a spokesman for the Iraqi military, said the "
        'militants "fled toward the desert after losing dozens of fighters."',
        "2017-07-02",
        [Quote("Yahya Rasool", "fled toward the desert after losing dozens of fighters")],
        id="iq-maj-gen-partial-quote",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), with_known_gaps(CASES, "statements"))
def test_statements(text: str, published: str, expected: list[Expectation]) -> None:
    """Each named speaker's quote is found; unnamed sources and short fragments give none."""
    assert_extracts(text, published, expected)
