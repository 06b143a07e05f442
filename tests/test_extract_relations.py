"""Spec for relations: who backs, is allied with, or fights whom, as wire copy words it."""

from __future__ import annotations

import pytest
from extract_cases import Expectation, NoRel, Rel, assert_extracts, with_known_gaps

CASES = [
    # backing: "X-backed Y", "Y, backed by X", "Y, supported by X", and their kin
    pytest.param(
        "Iranian-backed Houthi rebels fired missiles at Saudi Arabia on Sunday, the coalition said.",
        "2019-05-20",
        [Rel("supports", "Iran", "Houthis"), Rel("opposes", "Houthis", "Saudi Arabia")],
        id="ye-adjective-backed",
    ),
    pytest.param(
        "Rwandan-backed M23 rebels have seized a string of towns and villages on the roads around Goma.",
        "2024-02-15",
        [Rel("supports", "Rwanda", "M23")],
        id="cd-adjective-backed",
    ),
    pytest.param(
        "The Russian-backed Donetsk People's Republic said its forces had taken the village of Pisky, "
        "on the western edge of Donetsk city.",
        "2022-08-25",
        [Rel("supports", "Russia", "Donetsk People's Republic")],
        id="ua-adjective-backed-separatists",
    ),
    pytest.param(
        "Kataib Hezbollah, an Iran-backed militia, said it would suspend military operations against U.S. "
        "forces in Iraq to avoid embarrassing the Iraqi government.",
        "2024-01-30",
        [Rel("supports", "Iran", "Kataib Hezbollah")],
        id="iq-appositive-backed",
    ),
    pytest.param(
        "The Turkish-backed Government of National Accord regained control of Tarhuna, Haftar's last "
        "stronghold in western Libya.",
        "2020-06-05",
        [Rel("supports", "Turkey", "Government of National Accord")],
        id="ly-nationality-backed",
    ),
    pytest.param(
        "The Kurdish-led Syrian Democratic Forces, backed by the United States, declared victory over "
        "Islamic State in Baghouz on Saturday.",
        "2019-03-23",
        [Rel("supports", "United States", "Syrian Democratic Forces")],
        id="sy-backed-by",
    ),
    pytest.param(
        "The LNA, backed by the United Arab Emirates, Egypt and Russia, has been trying to seize Tripoli "
        "since April.",
        "2019-12-16",
        [
            Rel("supports", "United Arab Emirates", "Libyan National Army"),
            Rel("supports", "Egypt", "Libyan National Army"),
            Rel("supports", "Russia", "Libyan National Army"),
        ],
        id="ly-backed-by-list",
    ),
    pytest.param(
        "Hamas, which is backed by Iran, has ruled the Gaza Strip since 2007.",
        "2023-10-09",
        [Rel("supports", "Iran", "Hamas")],
        id="ps-which-is-backed-by",
    ),
    pytest.param(
        "The Malian army, supported by Russian paramilitaries from the Wagner Group, took control of "
        "Kidal on Tuesday, the junta said.",
        "2023-11-14",
        [Rel("supports", "Wagner Group", "Malian Armed Forces")],
        id="ml-supported-by",
    ),
    pytest.param(
        "Iraqi forces, with help from U.S.-led coalition air strikes, recaptured the government complex "
        "in the centre of Ramadi on Monday.",
        "2015-12-28",
        [Rel("supports", "U.S.-led coalition", "Iraqi Armed Forces")],
        id="iq-with-help-from",
    ),
    pytest.param(
        "The Houthis have fought the Saudi-led coalition since 2015 with military and financial backing "
        "from Iran.",
        "2023-11-20",
        [Rel("supports", "Iran", "Houthis"), Rel("opposes", "Houthis", "Saudi-led coalition")],
        id="ye-fought-with-backing-from",
    ),
    pytest.param(
        "Hamas has run Gaza with heavy military and financial backing from Iran since 2007.",
        "2023-10-09",
        [Rel("supports", "Iran", "Hamas")],
        id="ps-backing-from-hung-on-the-verb",
    ),
    pytest.param(
        "Houthi fighters pushed toward Marib with the support of Iran, officials said.",
        "2024-01-12",
        [Rel("supports", "Iran", "Houthis")],
        id="ye-with-the-support-of",
    ),
    pytest.param(
        "Islamist fighters seized weapons from Malian troops with the help of local smugglers.",
        "2012-04-02",
        [NoRel("supports", "Malian Armed Forces", "Islamist militants")],
        id="ml-taken-from-is-no-help",
    ),
    pytest.param(
        "Hundreds of Wagner fighters have been fighting alongside Malian government forces in "
        "the central Mopti region, according to local officials.",
        "2022-04-06",
        [Rel("supports", "Wagner Group", "Malian Armed Forces")],
        id="ml-fighting-alongside",
    ),
    pytest.param(
        "Yevgeny Prigozhin said Wagner fighters fighting for Russia in Bakhmut were running out of "
        "ammunition.",
        "2023-05-05",
        [Rel("supports", "Wagner Group", "Russia")],
        id="ua-fighting-for",
    ),
    pytest.param(
        "Turkey has armed and trained the Syrian National Army, a coalition of rebel factions that has "
        "fought Kurdish forces in northern Syria.",
        "2019-10-14",
        [Rel("supports", "Turkey", "Syrian National Army")],
        id="sy-armed",
    ),
    pytest.param(
        "The Arakan Army has received weapons from the United Wa State Army, the country's largest "
        "ethnic armed group, analysts say.",
        "2024-01-19",
        [Rel("supports", "United Wa State Army", "Arakan Army")],
        id="mm-received-weapons-from",
    ),
    # alliances
    pytest.param(
        "Chechen leader Ramzan Kadyrov, a close ally of Russian President Vladimir Putin, said his fighters "
        "were ready to move on Bakhmut.",
        "2023-05-06",
        [Rel("alliedWith", "Ramzan Kadyrov", "Vladimir Putin")],
        id="ru-an-ally-of",
    ),
    pytest.param(
        "Moscow's ally Belarus has allowed Russian troops to use its territory to attack Ukraine from "
        "the north.",
        "2022-02-28",
        [Rel("alliedWith", "Russia", "Belarus"), Rel("opposes", "Russian Armed Forces|Russia", "Ukraine")],
        id="by-possessive-ally",
    ),
    pytest.param(
        "The Oromo Liberation Army said it had formed an alliance with the Tigray People's Liberation "
        "Front and that the two groups were sharing intelligence.",
        "2021-08-11",
        [Rel("alliedWith", "Oromo Liberation Army", "Tigray People's Liberation Front")],
        id="et-alliance-with",
    ),
    # hostility: attacks, fights, battles, seeks to overthrow
    pytest.param(
        "Al-Shabaab militants attacked an African Union base in Buulo Mareer, southwest of Mogadishu, "
        "before dawn on Friday.",
        "2023-05-27",
        [Rel("opposes", "al-Shabaab", "African Union")],
        id="so-attacked",
    ),
    pytest.param(
        "The RSF has been fighting Sudan's army for control of the country since April 15.",
        "2023-06-01",
        [Rel("opposes", "Rapid Support Forces", "Sudanese Armed Forces")],
        id="sd-fighting",
    ),
    pytest.param(
        "Fano militiamen have been battling Ethiopian federal forces across the Amhara region since August.",
        "2023-11-20",
        [Rel("opposes", "Fano", "Ethiopian National Defense Force")],
        id="et-battling",
    ),
    pytest.param(
        "Boko Haram fighters clashed with rival ISWAP militants on islands in Lake Chad, killing dozens "
        "on both sides.",
        "2022-04-04",
        [Rel("opposes", "Boko Haram", "Islamic State West Africa Province")],
        id="ng-rivals-clashed",
    ),
    pytest.param(
        "Azerbaijani forces attacked Armenian positions near the town of Jermuk overnight, Armenia's "
        "defence ministry said.",
        "2022-09-13",
        [Rel("opposes", "Azerbaijani Armed Forces", "Armenian Armed Forces|Armenia")],
        id="nk-attacked-positions",
    ),
    pytest.param(
        "Hezbollah fired dozens of rockets at northern Israel on Sunday in retaliation for the killing of "
        "one of its field commanders.",
        "2024-06-16",
        [Rel("opposes", "Hezbollah", "Israel")],
        id="lb-fired-rockets-at",
    ),
    pytest.param(
        "The Taliban, who are fighting to overthrow the Western-backed government in Kabul, have "
        "captured dozens of districts since May.",
        "2021-07-06",
        [Rel("opposes", "Taliban", "Afghanistan|Afghan government|Islamic Republic of Afghanistan")],
        id="af-overthrow",
    ),
    pytest.param(
        "ISWAP, which seeks to overthrow the Nigerian government and impose its rule across the Lake "
        "Chad basin, has grown stronger since the death of Boko Haram leader Abubakar Shekau.",
        "2022-01-18",
        [
            Rel(
                "opposes",
                "Islamic State West Africa Province",
                "Nigeria|Nigerian government|Federal Government of Nigeria",
            )
        ],
        id="ng-seeks-to-overthrow",
    ),
    pytest.param(
        "Hayat Tahrir al-Sham, which has long sought to topple President Bashar al-Assad, led the lightning "
        "offensive on Aleppo.",
        "2024-11-30",
        [Rel("opposes", "Hayat Tahrir al-Sham", "Bashar al-Assad")],
        id="sy-seeks-to-topple",
    ),
    # descriptions that stand for a named party ("the group", "the rebels", "the two countries")
    pytest.param(
        "Hezbollah fired dozens of rockets into northern Israel on Sunday. The Iranian-backed movement "
        "said the barrage answered an Israeli strike on a village in southern Lebanon.",
        "2024-06-09",
        [Rel("supports", "Iran", "Hezbollah"), Rel("opposes", "Hezbollah", "Israel")],
        id="lb-backed-movement-description",
    ),
    pytest.param(
        "Hayat Tahrir al-Sham fighters overran the town of Saraqeb on Monday. The al-Qaeda-linked group "
        "has held most of Idlib province since 2019.",
        "2020-02-24",
        [Rel("alliedWith", "al-Qaeda", "Hayat Tahrir al-Sham")],
        id="sy-linked-group-description",
    ),
    pytest.param(
        "ADF rebels killed at least 20 villagers near Beni on Friday, local officials said. Congolese "
        "troops later pursued the rebels into the Rwenzori forest.",
        "2023-03-10",
        [Rel("opposes", "Armed Forces of the Democratic Republic of the Congo", "Allied Democratic Forces")],
        id="cd-the-rebels-are-named-before",
    ),
    pytest.param(
        "Chad and Niger deployed troops against Boko Haram in February. The two countries were supported "
        "by France and the United States, which shared intelligence.",
        "2015-03-09",
        [Rel("supports", "France", "Chad"), Rel("supports", "United States", "Niger")],
        id="td-the-two-countries",
    ),
    pytest.param(
        "An Emirati-backed alliance of southern militias seized the presidential palace in Aden on "
        "Wednesday.\n\nThe Southern Transitional Council said its fighters controlled every district of "
        "the city after four days of clashes.",
        "2019-08-10",
        [Rel("supports", "United Arab Emirates", "Southern Transitional Council")],
        id="ye-opening-description-named-next",
    ),
    # a truce is between the two sides of a fight
    pytest.param(
        "Russia brokered a truce between Armenia and Azerbaijan on November 10 after six weeks of war.",
        "2020-11-12",
        [Rel("opposes", "Armenia", "Azerbaijan"), NoRel("opposes", "Russia", "Armenia")],
        id="am-truce-between",
    ),
    pytest.param(
        "Turkey agreed a ceasefire with the Syrian Democratic Forces on Thursday, days into its offensive.",
        "2019-10-18",
        [Rel("opposes", "Turkey", "Syrian Democratic Forces")],
        id="co-ceasefire-with",
    ),
    # help said the ordinary ways
    pytest.param(
        "Rwanda deployed 1,000 soldiers to Cabo Delgado province in support of Mozambique's army, "
        "the defence ministry in Kigali said.",
        "2021-07-10",
        [Rel("supports", "Rwanda", "Armed Defence Forces of Mozambique")],
        id="mz-in-support-of",
    ),
    pytest.param(
        "Iraqi forces retook the town of Tal Afar from Islamic State with American air support.",
        "2017-08-31",
        [
            Rel("supports", "United States", "Iraqi Armed Forces"),
            Rel("opposes", "Iraqi Armed Forces", "Islamic State"),
        ],
        id="iq-with-national-support",
    ),
    pytest.param(
        "Witnesses said Russian instructors were helping Malian soldiers prepare an assault on Kidal.",
        "2023-11-10",
        [Rel("supports", "Russian Armed Forces", "Malian Armed Forces")],
        id="ml-helping-x-do",
    ),
    pytest.param(
        "Kataib Hezbollah, a militia aligned with Iran, claimed the drone attack on the base.",
        "2024-01-29",
        [Rel("alliedWith", "Kataib Hezbollah", "Iran")],
        id="iq-aligned-with",
    ),
    pytest.param(
        "The army accused the United Arab Emirates of arming the Rapid Support Forces, a charge Abu Dhabi "
        "rejects.",
        "2024-06-19",
        [Rel("supports", "United Arab Emirates", "Rapid Support Forces")],
        id="sd-accused-of-arming",
    ),
    pytest.param(
        "Kyiv accused Belarusian units of supporting Russia's offensive on Chernihiv.",
        "2022-03-05",
        [Rel("supports", "Armed Forces of Belarus", "Russia")],
        id="ua-supporting-x-offensive",
    ),
    pytest.param(
        "Fighters from the U.N.-backed Government of National Accord drove the militants out of Sabratha.",
        "2020-04-14",
        [Rel("supports", "United Nations", "Government of National Accord")],
        id="ly-backed-as-one-word",
    ),
    pytest.param(
        "Militias from Zintan, backed by the United Arab Emirates, shelled the airport on Sunday.",
        "2014-07-20",
        [Rel("supports", "United Arab Emirates", "Zintan militias")],
        id="ly-units-named-by-town",
    ),
    # hostility said the ordinary ways
    pytest.param(
        "Nigerien troops pursued Islamic State fighters across the border into Mali on Tuesday.",
        "2022-05-17",
        [Rel("opposes", "Niger Armed Forces", "Islamic State")],
        id="ne-pursued",
    ),
    pytest.param(
        "Ukrainian air defences downed a Russian helicopter near Bakhmut, the general staff said.",
        "2023-01-14",
        [Rel("opposes", "Armed Forces of Ukraine", "Russian Armed Forces")],
        id="ua-downed-helicopter",
    ),
    pytest.param(
        "Israeli jets struck Hezbollah sites in southern Lebanon overnight, the military said.",
        "2024-02-20",
        [Rel("opposes", "Israel Defense Forces", "Hezbollah")],
        id="lb-struck-sites",
    ),
    pytest.param(
        "The Ethiopian army regained the town of Lalibela from Tigrayan forces on Sunday.",
        "2021-12-01",
        [Rel("opposes", "Ethiopian National Defense Force", "Tigray Defense Forces")],
        id="et-regained-from",
    ),
    pytest.param(
        "Al-Shabaab held on to the town of El Wak as heavy fighting with Kenyan troops continued.",
        "2023-05-02",
        [Rel("opposes", "al-Shabaab", "Kenya Defence Forces")],
        id="so-fighting-with-in-clause-of-time",
    ),
    pytest.param(
        "Haftar's forces and their allies from the Wagner Group shelled the southern suburbs of Tripoli.",
        "2019-12-23",
        [Rel("alliedWith", "Libyan National Army", "Wagner Group")],
        id="ly-forces-and-their-allies",
    ),
    pytest.param(
        "The Houthis, in coalition with forces loyal to former president Ali Abdullah Saleh, seized Sanaa "
        "in September 2014.",
        "2015-03-26",
        [Rel("alliedWith", "Houthis", "Ali Abdullah Saleh")],
        id="ye-in-coalition-with",
    ),
    pytest.param(
        "The United States has provided Ukraine with more than 40 billion dollars in military aid.",
        "2023-06-01",
        [Rel("supports", "United States", "Ukraine")],
        id="ua-provided-x-with-aid",
    ),
    pytest.param(
        "Turkey has backed rebel factions in northern Syria against the Kurdish YPG militia since 2016.",
        "2019-10-09",
        [Rel("opposes", "Turkey", "YPG")],
        id="sy-backed-against",
    ),
    pytest.param(
        "The SDF, the main U.S. ally in Syria, said it had detained 200 Islamic State fighters.",
        "2019-03-01",
        [Rel("alliedWith", "Syrian Democratic Forces", "United States")],
        id="sy-national-modifier-ally",
    ),
    pytest.param(
        "Israeli forces raided the Jenin refugee camp, killing three Palestinian Islamic Jihad militants.",
        "2023-05-02",
        [Rel("opposes", "Israel Defense Forces", "Palestinian Islamic Jihad")],
        id="ps-named-group-militants",
    ),
    pytest.param(
        "The Sudanese army has been at war with the Rapid Support Forces since April.",
        "2023-09-01",
        [Rel("opposes", "Sudanese Armed Forces", "Rapid Support Forces")],
        id="sd-at-war-with",
    ),
    pytest.param(
        "M23 fighters pushed into the mining town of Rubaya, forcing Congolese troops to withdraw.",
        "2024-04-30",
        [
            Rel(
                "opposes",
                "M23",
                "Armed Forces of the Democratic Republic of the Congo",
            )
        ],
        id="cd-forced-to-withdraw",
    ),
    pytest.param(
        "Ukrainian forces repelled a Russian assault on Avdiivka overnight, the general staff said.",
        "2023-10-11",
        [Rel("opposes", "Armed Forces of Ukraine", "Russian Armed Forces")],
        id="ua-repelled-national-assault",
    ),
    pytest.param(
        "Fighting erupted between the army and the Rapid Support Forces in Khartoum on Saturday.",
        "2023-04-15",
        [Rel("opposes", "Sudanese Armed Forces", "Rapid Support Forces")],
        id="sd-fighting-erupted-between",
    ),
    pytest.param(
        "Al-Shabaab has been waging an insurgency against the Somali government since 2007.",
        "2022-08-21",
        [Rel("opposes", "al-Shabaab", "Somali Armed Forces")],
        id="so-waging-insurgency",
    ),
    pytest.param(
        "Hezbollah has sent thousands of fighters to Syria to fight on behalf of President Bashar al-Assad.",
        "2015-10-05",
        [Rel("supports", "Hezbollah", "Bashar al-Assad")],
        id="sy-sent-to-fight-on-behalf-of",
    ),
    pytest.param(
        "The United Arab Emirates has been accused of supplying weapons to the RSF, which it denies.",
        "2024-04-25",
        [Rel("supports", "United Arab Emirates", "Rapid Support Forces")],
        id="sd-passive-accused-of-supplying",
    ),
    pytest.param(
        "The Israeli military said it had killed a senior Hamas commander in an airstrike in Khan Younis.",
        "2024-03-11",
        [Rel("opposes", "Israel Defense Forces", "Hamas")],
        id="ps-killed-group-commander",
    ),
    pytest.param(
        "Burkina Faso has relied on Russia for military support since its second coup in 2022.",
        "2024-01-25",
        [Rel("supports", "Russia", "Burkina Faso")],
        id="bf-relied-on-for-support",
    ),
    pytest.param(
        "The offensive by Ethiopian troops against the Tigray People's Liberation Front began in November.",
        "2020-12-01",
        [Rel("opposes", "Ethiopian National Defense Force", "Tigray People's Liberation Front")],
        id="et-offensive-by-against",
    ),
    pytest.param(
        "Hamas fired a barrage of rockets at the Israeli city of Ashkelon on Saturday.",
        "2023-10-07",
        [Rel("opposes", "Hamas", "Israel")],
        id="ps-fired-at-national-city",
    ),
    pytest.param(
        "Fighters loyal to the Government of National Accord repelled an attack by the Libyan National Army.",
        "2019-04-20",
        [Rel("opposes", "Government of National Accord", "Libyan National Army")],
        id="ly-repelled-attack-by",
    ),
    pytest.param(
        "Russia's invasion of Ukraine has displaced millions, the U.N. refugee agency said.",
        "2023-02-24",
        [Rel("opposes", "Russia", "Ukraine")],
        id="ua-invasion-of",
    ),
    pytest.param(
        "A drone strike by the Turkish military killed three SDF fighters near Qamishli on Sunday.",
        "2023-07-16",
        [Rel("opposes", "Turkish Armed Forces", "Syrian Democratic Forces")],
        id="sy-strike-by-killed",
    ),
    pytest.param(
        "Hezbollah, Iran's most powerful proxy, fired dozens of rockets at northern Israel on Sunday.",
        "2024-08-25",
        [Rel("supports", "Iran", "Hezbollah"), Rel("opposes", "Hezbollah", "Israel")],
        id="lb-patron-proxy",
    ),
    pytest.param(
        "JNIM, al-Qaeda's affiliate in the Sahel, claimed the attack on the Malian army base at Boulkessi.",
        "2022-08-08",
        [Rel("alliedWith", "JNIM", "al-Qaeda"), Rel("opposes", "JNIM", "Malian Armed Forces")],
        id="ml-affiliate-claimed-attack-on",
    ),
    pytest.param(
        "Islamic State claimed responsibility for the attack on Russian troops near Palmyra.",
        "2017-03-02",
        [Rel("opposes", "Islamic State", "Russian Armed Forces")],
        id="sy-claimed-responsibility-for-attack-on",
    ),
    pytest.param(
        "The Kremlin said its troops had repelled attacks by Ukrainian forces near Kupiansk.",
        "2023-08-18",
        [Rel("opposes", "Russian Armed Forces", "Armed Forces of Ukraine")],
        id="ru-its-troops-are-the-speakers",
    ),
    pytest.param(
        "The Rapid Support Forces said its fighters had taken the army's headquarters in Nyala.",
        "2023-10-26",
        [Rel("opposes", "Rapid Support Forces", "Sudanese Armed Forces")],
        id="sd-took-army-headquarters",
    ),
    # hostility in agentless passives, mutual blame, threats, and fights that result from a clash
    pytest.param(
        "Islamic State fighters keep up hit-and-run attacks across the desert of eastern Syria. "
        "Kurdish-led Syrian Democratic Forces patrols are often targeted.",
        "2021-03-02",
        [Rel("opposes", "Islamic State", "Syrian Democratic Forces")],
        id="sy-agentless-passive-targeted",
    ),
    pytest.param(
        "JNIM militants launched a wave of raids in central Mali last month. Malian army outposts near "
        "Mopti were attacked repeatedly.",
        "2022-07-10",
        [Rel("opposes", "JNIM", "Malian Armed Forces")],
        id="ml-agentless-passive-attacked",
    ),
    pytest.param(
        "Armenian troops and Azerbaijani forces clashed along the border on Tuesday. Both sides accused each "
        "other of breaking the truce.",
        "2021-11-16",
        [Rel("opposes", "Armenia", "Azerbaijan")],
        id="am-both-sides-accused-each-other",
    ),
    pytest.param(
        "Sudan's army and the Rapid Support Forces blamed each other for the shelling of a market in "
        "Omdurman.",
        "2023-09-11",
        [
            Rel("opposes", "Sudanese Armed Forces", "Rapid Support Forces"),
            NoRel(None, "Sudan", "Rapid Support Forces"),
        ],
        id="sd-blamed-each-other",
    ),
    pytest.param(
        "Israel and Hamas traded accusations over the collapse of the truce on Friday.",
        "2023-12-01",
        [Rel("opposes", "Israel", "Hamas")],
        id="ps-traded-accusations",
    ),
    pytest.param(
        "The Ethiopian government accused the TPLF of attacking a federal army base in Mekelle.",
        "2020-11-04",
        [NoRel(None, "Ethiopia", "Tigray People's Liberation Front")],
        id="no-one-sided-accusation",
    ),
    pytest.param(
        "Moldova threatened to retake Transnistria, and Transnistria's army said it was ready to fight.",
        "2022-03-01",
        [Rel("opposes", "Moldova", "Transnistria army")],
        id="md-threatens-to-retake",
    ),
    pytest.param(
        "Russia threatened to strike Ukrainian supply lines near the Polish border.",
        "2022-03-13",
        [Rel("opposes", "Russia", "Ukrainian Armed Forces")],
        id="ru-threatened-to-strike",
    ),
    pytest.param(
        "The Houthis did not threaten to attack Saudi Arabia, a spokesman said.",
        "2022-04-05",
        [NoRel(None, "Houthis", "Saudi Arabia")],
        id="no-negated-threat",
    ),
    pytest.param(
        "Israeli troops crossed into southern Lebanon late on Friday. They were met by Hezbollah fighters "
        "who fired anti-tank missiles, resulting in heavy fighting.",
        "2024-10-05",
        [Rel("opposes", "Israel Defense Forces", "Hezbollah")],
        id="lb-resulting-in-fighting",
    ),
    # denials, talks and mediation state no relation
    pytest.param(
        "Iran has repeatedly denied backing the Houthis, who have fired missiles and drones at Saudi Arabia.",
        "2019-09-16",
        [NoRel("supports", "Iran", "Houthis"), Rel("opposes", "Houthis", "Saudi Arabia")],
        id="no-denied-backing",
    ),
    pytest.param(
        "Rwanda has denied supporting the M23 rebels, despite a report by U.N. experts.",
        "2022-12-21",
        [NoRel("supports", "Rwanda", "M23")],
        id="no-denied-supporting",
    ),
    pytest.param(
        "Talks between Russia and Ukraine in Istanbul ended without a ceasefire agreement.",
        "2022-03-29",
        [NoRel(None, "Russia", "Ukraine")],
        id="no-talks-between",
    ),
    pytest.param(
        "U.N. envoy Hans Grundberg met Houthi negotiators and Saudi officials in Muscat on Thursday.",
        "2023-04-14",
        [NoRel(None, "Houthis", "Saudi Arabia"), NoRel(None, "Hans Grundberg", "Houthis")],
        id="no-envoy-met",
    ),
    pytest.param(
        "Saudi Arabia and the United States brokered talks between the army and the RSF in Jeddah.",
        "2023-05-12",
        [
            NoRel(None, "Saudi Arabia", "Rapid Support Forces"),
            NoRel(None, "United States", "Rapid Support Forces"),
        ],
        id="no-brokered-talks",
    ),
    pytest.param(
        "Hamas said it had no alliance with Islamic State and rejected its ideology.",
        "2017-08-18",
        [NoRel("alliedWith", "Hamas", "Islamic State")],
        id="no-negated-alliance",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), with_known_gaps(CASES, "relations"))
def test_relations(text: str, published: str, expected: list[Expectation]) -> None:
    """Each stated relation is found (supports in its direction); denials and talks give none."""
    assert_extracts(text, published, expected)
