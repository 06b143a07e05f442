"""Spec for operations: kind, agents, targets, place and day, relative days resolved against publication.

"on Sunday" is the latest Sunday on or before the publication date (the day itself when published on
a Sunday); "January 15" falls in the year of publication unless that would put it after publication;
with no day in the text, an operation has no date. Hypothetical, negated, future and conditional
wording reports no operation.
"""

from __future__ import annotations

import pytest
from extract_cases import Expectation, NoActor, NoOp, Op, assert_extracts, with_known_gaps

from kg.models import OperationKind as K

CASES = [
    pytest.param(
        "Russian forces launched a ground offensive in the Kharkiv region on Friday, attacking Ukrainian "
        "positions around the border town of Vovchansk.",
        "2024-05-10",
        [Op(K.OFFENSIVE, agents=("Russian Armed Forces",), location="Kharkiv Oblast", date="2024-05-10")],
        id="ua-offensive-same-day",
    ),
    pytest.param(
        "Sudan's army launched a major offensive in Khartoum on Thursday, pounding RSF positions with "
        "artillery as troops crossed bridges over the Nile.",
        "2024-09-26",
        [Op(K.OFFENSIVE, agents=("Sudanese Armed Forces",), location="Khartoum", date="2024-09-26")],
        id="sd-offensive",
    ),
    pytest.param(
        "Syrian government forces launched a ground assault on rebel-held Eastern Ghouta on Sunday after "
        "a week of intense bombardment.",
        "2018-02-26",
        [
            Op(
                (K.OFFENSIVE, K.ATTACK),
                agents=("Syrian Armed Forces",),
                location="Eastern Ghouta",
                date="2018-02-25",
            )
        ],
        id="sy-ground-assault",
    ),
    pytest.param(
        "Israeli airstrikes hit the Jabalia refugee camp in northern Gaza on Tuesday, killing dozens of "
        "people, according to the territory's health ministry.",
        "2023-10-31",
        [Op(K.AIRSTRIKE, agents=("Israel Defense Forces|Israel",), location="Jabalia", date="2023-10-31")],
        id="ps-airstrike-weekday-is-publication-day",
    ),
    pytest.param(
        "A Saudi-led coalition air strike hit a school bus in Dahyan, in northern Saada province, on "
        "Thursday, killing dozens of children.",
        "2018-08-10",
        [Op(K.AIRSTRIKE, agents=("Saudi-led coalition",), location="Dahyan", date="2018-08-09")],
        id="ye-air-strike",
    ),
    pytest.param(
        "A U.S. drone strike on Sunday killed al-Qaeda leader Ayman al-Zawahiri at a safe house in Kabul, "
        "President Joe Biden said.",
        "2022-08-01",
        [
            Op(
                K.AIRSTRIKE,
                agents=("United States",),
                targets=("Ayman al-Zawahiri",),
                location="Kabul",
                date="2022-07-31",
            )
        ],
        id="af-drone-strike",
    ),
    pytest.param(
        "Sudanese army warplanes bombed RSF positions in Bahri, across the Nile from Khartoum, on Monday.",
        "2023-05-02",
        [
            Op(
                (K.AIRSTRIKE, K.BOMBING),
                agents=("Sudanese Armed Forces",),
                targets=("Rapid Support Forces",),
                location="Bahri",
                date="2023-05-01",
            )
        ],
        id="sd-warplanes-bombed",
    ),
    pytest.param(
        "Azerbaijani forces shelled Stepanakert, the main city in Nagorno-Karabakh, on Sunday, Armenian "
        "officials said.",
        "2020-10-04",
        [Op(K.SHELLING, agents=("Azerbaijani Armed Forces",), location="Stepanakert", date="2020-10-04")],
        id="nk-shelled",
    ),
    pytest.param(
        "Russian artillery pounded Bakhmut throughout Wednesday as Wagner fighters tried to cut the last "
        "supply road into the city.",
        "2022-12-08",
        [Op(K.SHELLING, agents=("Russian Armed Forces",), location="Bakhmut", date="2022-12-07")],
        id="ua-pounded",
    ),
    pytest.param(
        "Marib city was shelled by Houthi forces on Saturday, the Yemeni government said.",
        "2021-02-15",
        [Op(K.SHELLING, agents=("Houthis",), location="Marib", date="2021-02-13")],
        id="ye-passive-shelled-by",
    ),
    pytest.param(
        "At least 56 people were killed on Saturday when a crowded market in Omdurman was shelled by the "
        "Rapid Support Forces, the health ministry said.",
        "2025-02-02",
        [Op(K.SHELLING, agents=("Rapid Support Forces",), location="Omdurman", date="2025-02-01")],
        id="sd-passive-market-shelled",
    ),
    pytest.param(
        "Ukrainian shelling of Belgorod on Dec. 30 killed 25 people, Russian officials said.",
        "2024-01-03",
        [Op(K.SHELLING, agents=("Ukrainian Armed Forces|Ukraine",), location="Belgorod", date="2023-12-30")],
        id="ru-month-day-previous-year",
    ),
    pytest.param(
        "Hezbollah fired a barrage of rockets at the Israeli town of Kiryat Shmona on Wednesday, setting "
        "several buildings on fire.",
        "2024-06-06",
        [Op((K.ATTACK, K.SHELLING), agents=("Hezbollah",), location="Kiryat Shmona", date="2024-06-05")],
        id="lb-rocket-barrage",
    ),
    pytest.param(
        "Al-Shabaab gunmen stormed the Hayat Hotel in Mogadishu on Friday evening, setting off two car "
        "bombs before opening fire on guests.",
        "2022-08-20",
        [Op(K.ATTACK, agents=("al-Shabaab",), location="Hayat Hotel|Mogadishu", date="2022-08-19")],
        id="so-stormed",
    ),
    pytest.param(
        "Suspected jihadists from JNIM ambushed an army supply convoy near Djibo on Monday, killing 11 "
        "soldiers, Burkina Faso's government said.",
        "2022-09-28",
        [Op(K.ATTACK, agents=("JNIM",), location="Djibo", date="2022-09-26")],
        id="bf-ambushed",
    ),
    pytest.param(
        "Two car bombs exploded at a busy junction in Mogadishu on Saturday, killing at least 100 people; "
        "al-Shabaab claimed responsibility.",
        "2022-10-30",
        [Op(K.BOMBING, agents=("al-Shabaab",), location="Mogadishu", date="2022-10-29")],
        id="so-car-bombs-claimed",
    ),
    pytest.param(
        "An Islamic State suicide bomber struck crowds outside Kabul airport on Thursday, killing 13 U.S. "
        "service members and scores of Afghans.",
        "2021-08-27",
        [Op(K.BOMBING, agents=("Islamic State",), location="Kabul airport|Kabul", date="2021-08-26")],
        id="af-suicide-bombing",
    ),
    pytest.param(
        "M23 rebels captured the town of Bunagana on the Ugandan border on Monday, forcing Congolese "
        "soldiers to flee into Uganda.",
        "2022-06-13",
        [Op(K.CAPTURE, agents=("M23",), location="Bunagana", date="2022-06-13")],
        id="cd-captured",
    ),
    pytest.param(
        "Islamic State militants seized the city of Ramadi on Sunday, driving Iraqi government forces "
        "from the capital of Anbar province.",
        "2015-05-18",
        [Op(K.CAPTURE, agents=("Islamic State",), location="Ramadi", date="2015-05-17")],
        id="iq-seized",
    ),
    pytest.param(
        "Israeli tanks seized the Palestinian side of the Rafah crossing on Tuesday, cutting off a vital "
        "route for aid into Gaza.",
        "2024-05-07",
        [
            Op(
                K.CAPTURE,
                agents=("Israel Defense Forces|Israel",),
                location="Rafah crossing|Rafah",
                date="2024-05-07",
            )
        ],
        id="ps-tanks-seized",
    ),
    pytest.param(
        "Ukrainian troops retook the village of Robotyne in the southern Zaporizhzhia region, "
        "Deputy Defence Minister Hanna Maliar said.",
        "2023-08-28",
        [Op(K.CAPTURE, agents=("Ukrainian Armed Forces",), location="Robotyne", date=None)],
        id="ua-retook-no-date",
    ),
    pytest.param(
        "The village of Staromaiorske in the Donetsk region was recaptured by Ukrainian troops on "
        "Thursday, officials said.",
        "2023-07-28",
        [Op(K.CAPTURE, agents=("Ukrainian Armed Forces",), location="Staromaiorske", date="2023-07-27")],
        id="ua-passive-recaptured-by",
    ),
    pytest.param(
        "The Arakan Army said it captured the town of Paletwa in Chin state on January 15 after weeks of "
        "fighting with junta troops.",
        "2024-01-16",
        [Op(K.CAPTURE, agents=("Arakan Army",), location="Paletwa", date="2024-01-15")],
        id="mm-month-day",
    ),
    pytest.param(
        "Hayat Tahrir al-Sham fighters advanced into the western districts of Aleppo on Friday, meeting "
        "little resistance from government troops.",
        "2024-11-30",
        [Op(K.ADVANCE, agents=("Hayat Tahrir al-Sham",), location="Aleppo", date="2024-11-29")],
        id="sy-advanced",
    ),
    pytest.param(
        "Ethiopian federal troops fled Mekelle on Monday as Tigrayan forces entered the regional capital.",
        "2021-06-29",
        [
            Op(
                K.WITHDRAWAL,
                agents=("Ethiopian National Defense Force",),
                location="Mekelle",
                date="2021-06-28",
            )
        ],
        id="et-fled",
    ),
    pytest.param(
        "Russian troops withdrew from Kherson on Friday, and Ukrainian soldiers entered the city within "
        "hours, residents said.",
        "2022-11-12",
        [Op(K.WITHDRAWAL, agents=("Russian Armed Forces",), location="Kherson", date="2022-11-11")],
        id="ua-withdrew",
    ),
    pytest.param(
        "The RSF, which has besieged El Fasher since May, shelled the city's last functioning hospital "
        "overnight.",
        "2024-09-20",
        [Op(K.SIEGE, agents=("Rapid Support Forces",), location="El Fasher", date=None)],
        id="sd-besieged-no-day",
    ),
    pytest.param(
        "Mariupol, besieged by Russian forces since early March, has been without water or electricity "
        "for weeks.",
        "2022-04-05",
        [Op(K.SIEGE, agents=("Russian Armed Forces",), location="Mariupol", date=None)],
        id="ua-passive-besieged-by",
    ),
    pytest.param(
        "Armenian and Azerbaijani troops clashed along the border near Jermuk on Tuesday, Armenia's "
        "defence ministry said.",
        "2022-09-13",
        [
            Op(
                K.CLASH,
                agents=("Armenian Armed Forces", "Azerbaijani Armed Forces"),
                location="Jermuk",
                date="2022-09-13",
            )
        ],
        id="nk-clashed",
    ),
    pytest.param(
        "Fighters of the Sudanese army and the RSF clashed in El Obeid on Saturday, residents said.",
        "2023-04-17",
        [
            Op(
                K.CLASH,
                agents=("Sudanese Armed Forces", "Rapid Support Forces"),
                location="El Obeid",
                date="2023-04-15",
            )
        ],
        id="sd-clashed",
    ),
    # nominal and idiomatic operations (cues from data/operation_cues.tsv)
    pytest.param(
        "The Rapid Support Forces took control of Nyala, the capital of South Darfur, on Thursday after "
        "weeks of fighting, residents said.",
        "2023-10-27",
        [Op(K.CAPTURE, agents=("Rapid Support Forces",), location="Nyala", date="2023-10-26")],
        id="sd-took-control-of",
    ),
    pytest.param(
        "Ukrainian forces pulled out of Avdiivka on Saturday to avoid being encircled, the army's new "
        "commander said.",
        "2024-02-17",
        [Op(K.WITHDRAWAL, agents=("Ukrainian Armed Forces",), location="Avdiivka", date="2024-02-17")],
        id="ua-pulled-out-of",
    ),
    pytest.param(
        "Mosul fell to Islamic State fighters on Tuesday as Iraqi soldiers dropped their weapons and fled.",
        "2014-06-11",
        [Op(K.CAPTURE, agents=("Islamic State",), location="Mosul", date="2014-06-10")],
        id="iq-fell-to",
    ),
    pytest.param(
        "Ukrainian soldiers abandoned their positions in Soledar on Tuesday after days of heavy Russian "
        "shelling.",
        "2023-01-18",
        [Op(K.WITHDRAWAL, agents=("Ukrainian Armed Forces",), location="Soledar", date="2023-01-17")],
        id="ml-abandoned-positions",
    ),
    pytest.param(
        "The Iraqi army's campaign to recapture Mosul began on October 17 with air support from the "
        "U.S.-led coalition.",
        "2016-10-20",
        [Op(K.OFFENSIVE, agents=("Iraqi Armed Forces",), location="Mosul", date="2016-10-17")],
        id="iq-campaign-to-recapture",
    ),
    pytest.param(
        "Houthi fighters were threatening on Sunday to capture the city of Marib, the government's last "
        "stronghold in the north.",
        "2021-02-15",
        [Op(K.OFFENSIVE, agents=("Houthis",), location="Marib", date="2021-02-14")],
        id="ye-threatening-to-capture",
    ),
    pytest.param(
        "Boko Haram fighters opened fire on worshippers in Gwoza on Sunday, witnesses said.",
        "2014-06-02",
        [Op(K.ATTACK, agents=("Boko Haram",), location="Gwoza", date="2014-06-01")],
        id="ng-opened-fire",
    ),
    pytest.param(
        "Tigrayan forces reached the town of Debre Sina on Sunday, about 190 km from Addis Ababa, a "
        "spokesman said.",
        "2021-11-23",
        [Op(K.ADVANCE, location="Debre Sina", date="2021-11-21")],
        id="et-reached",
    ),
    pytest.param(
        "On Friday, the United States and Britain struck 16 Houthi sites in an attempt to stop the "
        "group's missile attacks on shipping in the Red Sea. The strikes hit radar installations across "
        "Yemen, U.S. officials said.",
        "2024-01-13",
        [
            Op(
                K.AIRSTRIKE,
                agents=("United States",),
                targets=("Houthis",),
                location="Yemen",
                date="2024-01-12",
            )
        ],
        id="ye-state-struck-sites-in-the-home-country",
    ),
    pytest.param(
        "Israeli troops have launched an all-out ground incursion into the Gaza Strip, the military said "
        "on Saturday.",
        "2023-10-28",
        [Op(K.OFFENSIVE, agents=("Israel Defense Forces|Israel",), location="Gaza Strip", date="2023-10-28")],
        id="ps-ground-incursion-is-an-offensive",
    ),
    pytest.param(
        "Boko Haram fighters stormed the town of Baga on Saturday, residents said. Two days later, the "
        "group killed at least 30 people in a suicide bomb attack on a market in Maiduguri.",
        "2015-01-06",
        [Op(K.BOMBING, agents=("Boko Haram",), location="Maiduguri", date="2015-01-05")],
        id="ng-the-group-killed-in-a-bomb-attack-days-later",
    ),
    pytest.param(
        "Government forces said on Monday they had retaken Mosul's airport. More than 300 soldiers "
        "have been killed since the campaign to recapture Mosul began in October.",
        "2017-02-27",
        [Op(K.OFFENSIVE, agents=("Iraqi Armed Forces|Iraq",), location="Mosul")],
        id="iq-the-campaign-is-the-capturers",
    ),
    pytest.param(
        "Brigades largely made up of fighters from Zintan advanced on Tripoli from the south on Sunday, "
        "a spokesman said.",
        "2019-04-08",
        [NoOp(K.ADVANCE, location="Zintan")],
        id="no-scene-where-the-fighters-come-from",
    ),
    pytest.param(
        "Government forces in Somalia say they have regained territory from the militants following air "
        "strikes by the U.S. military.",
        "2019-04-02",
        [Op(K.AIRSTRIKE, agents=("United States|United States Armed Forces",), location="Somalia")],
        id="so-strikes-across-the-country",
    ),
    # relative and abbreviated days
    pytest.param(
        "Azerbaijani forces captured Shusha late on November 8, President Ilham Aliyev said.",
        "2020-11-10",
        [Op(K.CAPTURE, agents=("Azerbaijani Armed Forces",), location="Shusha", date="2020-11-08")],
        id="nk-late-on-month-day",
    ),
    pytest.param(
        "Israeli troops encircled Gaza City on Nov. 5, the military said.",
        "2023-11-07",
        [Op(K.SIEGE, agents=("Israel Defense Forces|Israel",), location="Gaza City", date="2023-11-05")],
        id="ps-abbreviated-month",
    ),
    pytest.param(
        "M23 rebels entered the town of Rubaya four days ago, residents told reporters on Friday.",
        "2024-05-03",
        [Op(K.ADVANCE, agents=("M23",), location="Rubaya", date="2024-04-29")],
        id="cd-days-ago",
    ),
    pytest.param(
        "Al-Shabaab fighters have captured the town of Mahas, residents said. The militants attacked on "
        "Thursday morning, forcing government soldiers to flee the town.",
        "2023-03-11",
        [Op(K.CAPTURE, agents=("al-Shabaab",), location="Mahas", date="2023-03-09")],
        id="so-day-from-the-event-at-the-place",
    ),
    pytest.param(
        "The Sudanese army said on Wednesday its troops had withdrawn from Wad Madani after the town was "
        "overrun by the Rapid Support Forces.",
        "2023-12-21",
        [Op(K.WITHDRAWAL, agents=("Sudanese Armed Forces",), location="Wad Madani", date="2023-12-20")],
        id="sd-reported-day",
    ),
    pytest.param(
        "Tatmadaw troops have abandoned the town of Lashio, residents said on Monday. Soldiers "
        "surrounded in Lashio left the town on Saturday night, a resident said.",
        "2024-08-05",
        [Op(K.WITHDRAWAL, agents=("Tatmadaw",), location="Lashio", date="2024-08-03")],
        id="mm-day-of-the-event-not-of-the-report",
    ),
    pytest.param(
        "DONETSK, Aug. 29 (Xinhua) -- Ukrainian forces shelled the city of Horlivka four days ago, local "
        "officials said.",
        "2015-08-30",
        [Op(K.SHELLING, agents=("Ukrainian Armed Forces",), location="Horlivka", date="2015-08-25")],
        id="ua-days-ago-from-the-dateline-day",
    ),
    pytest.param(
        "GOMA, Oct. 30 (Reuters) - Fighting between the army and M23 rebels resumed near Rutshuru. More "
        "than 20,000 people have fled Rutshuru since the clashes erupted three days ago, the U.N. said.",
        "2022-10-31",
        [Op(K.CLASH, location="Rutshuru", date="2022-10-27")],
        id="cd-fled-the-place-since-clashes",
    ),
    pytest.param(
        "Israeli jets struck Hezbollah positions near Nabatieh on Monday, the military said. "
        "Israeli jets struck Hezbollah positions near Nabatieh again on Wednesday.",
        "2024-09-26",
        [
            Op(K.AIRSTRIKE, agents=("Israel Defense Forces|Israel",), location="Nabatieh", date="2024-09-23"),
            Op(K.AIRSTRIKE, agents=("Israel Defense Forces|Israel",), location="Nabatieh", date="2024-09-25"),
        ],
        id="lb-strikes-on-two-days-are-two",
    ),
    pytest.param(
        "Syrian troops and rebels fought for days around Homs. Syrian officials said on Sunday they had "
        "retaken the town of Talbiseh, which rebels had seized two days earlier.",
        "2012-06-11",
        [
            Op(K.CAPTURE, agents=("Syrian Armed Forces",), location="Talbiseh", date="2012-06-10"),
            Op(K.CAPTURE, agents=("Free Syrian Army|Syrian rebels",), location="Talbiseh", date="2012-06-08"),
        ],
        id="sy-officials-said-they-and-the-day-counted-from-the-recapture",
    ),
    pytest.param(
        "Syrian rebels captured the town of Maaret al-Numan on Tuesday. On Saturday the army used warplanes "
        "to bombard Maaret al-Numan, killing at least two civilians.",
        "2012-10-13",
        [
            Op(
                (K.SHELLING, K.AIRSTRIKE),
                agents=("Syrian Armed Forces",),
                location="Maaret al-Numan",
                date="2012-10-13",
            ),
            NoActor("Maaret al-Numan"),
        ],
        id="sy-used-warplanes-to-bombard-the-town-named-before",
    ),
    pytest.param(
        "Government troops retook the village of Tal Hamis on Monday, state media said. Rebels attacked an "
        "army post in Hasakah on Wednesday. Army artillery shelled Tal Hamis, a monitor said.",
        "2014-02-27",
        [Op(K.SHELLING, location="Tal Hamis", date="2014-02-26")],
        id="sy-a-shelling-keeps-its-own-day-not-the-capture-s",
    ),
    pytest.param(
        "Rebels said on Saturday they had seized the town of Kombolcha. A resident said he had seen "
        "Ethiopian soldiers retreating from the town on Saturday morning towards Dessie.",
        "2021-11-01",
        [
            Op(
                K.WITHDRAWAL,
                agents=("Ethiopian National Defense Force",),
                location="Kombolcha",
                date="2021-10-30",
            )
        ],
        id="et-withdrew-from-the-town-towards-another",
    ),
    pytest.param(
        "The Ethiopian National Defence Forces captured the town of Dessie on Monday, the government said. "
        "The Ethiopian Defence Forces shelled the town of Kombolcha on Tuesday.",
        "2021-12-22",
        [
            Op(K.CAPTURE, agents=("Ethiopian National Defense Force",), location="Dessie", date="2021-12-20"),
            Op(
                K.SHELLING,
                agents=("Ethiopian National Defense Force",),
                location="Kombolcha",
                date="2021-12-21",
            ),
        ],
        id="et-a-state-s-forces-spelled-another-way",
    ),
    pytest.param(
        "Russia-backed separatists shelled Mariupol.",
        "2015-01-24",
        [Op(K.SHELLING, location="Mariupol", date="2015-01-24"), NoActor("Mariupol")],
        id="ua-a-town-the-model-calls-an-organisation-is-what-was-shelled",
    ),
    pytest.param(
        "The TNLA has captured eight army camps, including one artillery position, in Kyaukme township.",
        "2024-06-27",
        [Op(K.CAPTURE, agents=("Ta'ang National Liberation Army",), location="Kyaukme", date="2024-06-27")],
        id="mm-camps-taken-are-ground",
    ),
    pytest.param(
        "Myanmar's military has lost ground across the north. Allied resistance armies seized the town of "
        "Kawlin on Monday. Last Friday, clashes began at Kawlin with attacks by a combined force of three "
        "local resistance groups.",
        "2023-11-07",
        [
            Op(K.CAPTURE, agents=("Burmese rebels",), location="Kawlin", date="2023-11-06"),
            NoOp(K.CAPTURE, agents=("Tatmadaw",)),
            NoOp(K.ATTACK, agents=("Tatmadaw",)),
        ],
        id="mm-resistance-armies-are-no-state-army",
    ),
    pytest.param(
        "Fighting has spread across Myanmar since the coup. Resistance fighters attacked and captured a "
        "junta outpost in Kawlin on Sunday, residents said.",
        "2023-11-07",
        [Op(K.CAPTURE, agents=("Burmese rebels",), location="Kawlin", date="2023-11-05")],
        id="mm-resistance-fighters-took-an-outpost",
    ),
    # datelines without a dash: the place is no party
    pytest.param(
        "GOMA Fighters of the M23 seized the town of Rubaya on Tuesday, residents said.",
        "2024-05-01",
        [Op(K.CAPTURE, agents=("M23",), location="Rubaya", date="2024-04-30")],
        id="cd-dateline-without-dash",
    ),
    pytest.param(
        "BAKU/YEREVAN Fighting broke out in the Nagorno-Karabakh region on Saturday. Azerbaijani "
        "forces said they had taken several villages, while Armenian forces said they repelled the "
        "attack. Azerbaijani forces also shelled Stepanakert, Armenian forces said.",
        "2016-04-02",
        [
            Op(
                K.CLASH,
                agents=("Azerbaijani Armed Forces", "Armenian Armed Forces"),
                location="Nagorno-Karabakh",
                date="2016-04-02",
            )
        ],
        id="nk-fighting-broke-out-sides-of-the-article",
    ),
    # hypothetical, negated, future, conditional: no operation
    pytest.param(
        "If Kherson falls, Russian forces would control the mouth of the Dnipro River and could push on "
        "toward Mykolaiv and Odesa, analysts said.",
        "2022-03-01",
        [NoOp(K.CAPTURE, location="Kherson"), NoOp(K.ADVANCE, agents=("Russian Armed Forces",))],
        id="no-if-kherson-falls",
    ),
    pytest.param(
        "Israeli officials warned that the air campaign could turn into a ground assault on the Gaza "
        "Strip within days.",
        "2023-10-12",
        [NoOp((K.OFFENSIVE, K.ATTACK, K.ADVANCE))],
        id="no-could-turn-into",
    ),
    pytest.param(
        "Rwanda denied attacking Congolese army positions near Goma, calling the accusation baseless.",
        "2022-05-28",
        [NoOp(K.ATTACK, agents=("Rwanda",)), NoOp(K.ATTACK, location="Goma")],
        id="no-denied-attacking",
    ),
    pytest.param(
        "Turkish President Recep Tayyip Erdogan threatened to launch a new offensive against Kurdish "
        "fighters in northern Syria.",
        "2022-05-24",
        [NoOp(K.OFFENSIVE)],
        id="no-threatened-offensive",
    ),
    pytest.param(
        "The Malian army will launch an offensive to retake Kidal from separatist rebels in the coming "
        "weeks, a military spokesman said.",
        "2023-10-05",
        [NoOp(K.OFFENSIVE), NoOp(K.CAPTURE, location="Kidal")],
        id="no-future-offensive",
    ),
    pytest.param(
        "Houthi leader Abdul-Malik al-Houthi said the group would attack any ship bound for Israel if the "
        "war in Gaza continued.",
        "2023-11-14",
        [NoOp(K.ATTACK)],
        id="no-conditional-attack",
    ),
    pytest.param(
        "The Israeli military said it had not carried out any airstrike in the area of the hospital on "
        "Tuesday.",
        "2023-10-18",
        [NoOp(K.AIRSTRIKE)],
        id="no-negated-airstrike",
    ),
    pytest.param(
        "U.N. officials fear the M23 may try to seize Goma, a city of two million people on the Rwandan "
        "border.",
        "2024-02-10",
        [NoOp(K.CAPTURE, location="Goma")],
        id="no-may-try-to-seize",
    ),
    pytest.param(
        "Ukraine is preparing a counteroffensive in the south, but officials declined to say when it "
        "would begin.",
        "2023-04-20",
        [NoOp(K.OFFENSIVE)],
        id="no-preparing-counteroffensive",
    ),
    pytest.param(
        "The militants said they had seized weapons and vehicles from the army base.",
        "2016-01-22",
        [NoOp(K.CAPTURE)],
        id="no-seized-weapons",
    ),
    pytest.param(
        "Al-Shabaab has stepped up its attacks in the south of the country, analysts say.",
        "2019-07-12",
        [NoOp(K.ATTACK)],
        id="no-stepped-up-attacks",
    ),
    # a weapon fired at a vessel, or at sea, is an attack whatever the weapon
    pytest.param(
        "The Houthis fired two anti-ship ballistic missiles at a Greek-owned tanker in the Red Sea on "
        "Tuesday, the U.S. military said.",
        "2023-12-27",
        [Op(K.ATTACK, agents=("Houthis",), location="Red Sea", date="2023-12-26"), NoOp(K.SHELLING)],
        id="ye-missiles-fired-at-tanker",
    ),
    pytest.param(
        "A Houthi drone struck a Liberian-flagged container ship in the Gulf of Aden on Sunday.",
        "2024-02-05",
        [Op(K.ATTACK, agents=("Houthis",), location="Gulf of Aden", date="2024-02-04"), NoOp(K.AIRSTRIKE)],
        id="ye-drone-struck-ship",
    ),
    pytest.param(
        "Ukrainian sea drones attacked a Russian warship near Sevastopol on Friday, Ukraine's military "
        "intelligence said.",
        "2024-02-05",
        [
            Op(K.ATTACK, agents=("Ukrainian Armed Forces",), location="Sevastopol", date="2024-02-02"),
            NoOp(K.AIRSTRIKE),
        ],
        id="ua-sea-drones-attacked-warship",
    ),
    pytest.param(
        "Russian drones struck Kharkiv overnight, the mayor said.",
        "2024-02-05",
        [
            Op(K.AIRSTRIKE, agents=("Russian Armed Forces",), location="Kharkiv", date="2024-02-05"),
            NoOp(K.ATTACK),
        ],
        id="ua-drones-struck-city-stay-airstrike",
    ),
    # fighting reached through "resulting in": the clause's parties fight
    pytest.param(
        "Israeli troops crossed into southern Lebanon late on Friday. They were met by Hezbollah fighters "
        "who fired anti-tank missiles near the village of Maroun al-Ras, resulting in heavy fighting.",
        "2024-10-05",
        [Op(K.CLASH, agents=("Israel Defense Forces", "Hezbollah"), location="Maroun al-Ras")],
        id="lb-resulting-in-heavy-fighting",
    ),
    # a dateline's city is where the reporter files from, not where the story happens
    pytest.param(
        "BAKU, Azerbaijan (Reuters) - Armenian forces downed an Azerbaijani helicopter on Saturday, "
        "officials in Nagorno-Karabakh said. Fighting in Nagorno-Karabakh was the worst since 1994.",
        "2016-04-03",
        [
            Op(K.ATTACK, agents=("Armenian Armed Forces",), location="Nagorno-Karabakh", date="2016-04-02"),
            NoOp(K.ATTACK, location="Baku"),
        ],
        id="am-dateline-city-is-no-scene",
    ),
    # "They" goes on with the sentence's subject before: a party described but not named is no one known
    pytest.param(
        "Al-Shabaab fighters lost the port last week. A clan militia that guards the coastal road has "
        "pushed al-Shabaab back from the south. They reached Harardhere, a town 40 km north, on Friday.",
        "2023-01-21",
        [NoOp(K.ADVANCE, agents=("al-Shabaab",), location="Harardhere")],
        id="so-they-after-described-party",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), with_known_gaps(CASES, "operations"))
def test_operations(text: str, published: str, expected: list[Expectation]) -> None:
    """Each reported operation is found with its kind, parties, place and day; none that did not happen."""
    assert_extracts(text, published, expected)
