"""Spec for actors: every party a wire story names, with its kind; none made of bylines or page furniture."""

from __future__ import annotations

import pytest
from extract_cases import ActorIs, Expectation, NoActor, NoPlace, PlaceIs, assert_extracts, with_known_gaps

from kg.models import ActorKind as K
from kg.models import PlaceKind as PK

CASES = [
    pytest.param(
        "Russian troops pushed into the outskirts of Vovchansk on Friday after crossing the border from "
        "the Belgorod region, Ukrainian officials said.",
        "2024-05-10",
        [ActorIs("Russian Armed Forces", K.ARMED_FORCES)],
        id="ua-russian-troops",
    ),
    pytest.param(
        "Ukrainian President Volodymyr Zelenskyy cancelled all his foreign trips on Monday as his forces "
        "struggled to hold the line north of Kharkiv.",
        "2024-05-13",
        [ActorIs("Volodymyr Zelensky", K.PERSON)],
        id="ua-president-title",
    ),
    pytest.param(
        "Kremlin spokesman Dmitry Peskov told reporters that Moscow saw no basis for talks with Kyiv "
        "while Ukrainian troops remained in the Kursk region.",
        "2024-08-20",
        [ActorIs("Dmitry Peskov", K.PERSON), ActorIs("Russia", K.STATE)],
        id="ru-capital-for-state",
    ),
    pytest.param(
        "Russian Defence Minister Sergei Shoigu inspected troops of the Dnipro group in the Zaporizhzhia "
        "region, the TASS news agency reported.",
        "2023-06-08",
        [ActorIs("Sergei Shoigu", K.PERSON), ActorIs("TASS", K.MEDIA)],
        id="ru-minister-tass",
    ),
    pytest.param(
        "Rafael Grossi, the head of the International Atomic Energy Agency (IAEA), said the Zaporizhzhia "
        "nuclear plant had lost its last remaining external power line for the eighth time.",
        "2023-05-22",
        [ActorIs("Rafael Grossi", K.PERSON), ActorIs("International Atomic Energy Agency", K.INTL_ORG)],
        id="ua-iaea-grossi",
    ),
    pytest.param(
        '"We have received no new proposal from the Israeli side," a senior Hamas official told Reuters '
        "on Wednesday, speaking on condition of anonymity.",
        "2024-02-07",
        [ActorIs("Reuters", K.MEDIA), ActorIs("Hamas", (K.ARMED_GROUP, K.POLITICAL_ORG))],
        id="ps-told-reuters",
    ),
    pytest.param(
        "U.N. Secretary-General Antonio Guterres called for an immediate humanitarian ceasefire, warning "
        "that Gaza was becoming a graveyard for children.",
        "2023-11-06",
        [ActorIs("Antonio Guterres", K.PERSON), ActorIs("United Nations", K.INTL_ORG)],
        id="un-secretary-general",
    ),
    pytest.param(
        "The Israeli military said it had killed a senior commander of Palestinian Islamic Jihad in an "
        "airstrike on an apartment in Rafah.",
        "2023-05-11",
        [
            ActorIs("Israel Defense Forces", K.ARMED_FORCES),
            ActorIs("Palestinian Islamic Jihad", K.ARMED_GROUP),
        ],
        id="ps-israeli-military",
    ),
    pytest.param(
        "An Israeli strike on a tent camp for displaced people in Rafah killed at least 45 people, Gaza "
        "health officials told Al Jazeera.",
        "2024-05-27",
        [ActorIs("Al Jazeera", K.MEDIA)],
        id="ps-told-al-jazeera",
    ),
    pytest.param(
        "Lebanon's state-run National News Agency said an Israeli drone struck a car near the southern "
        "town of Nabatieh, killing two Hezbollah members.",
        "2024-03-14",
        [ActorIs("National News Agency", K.MEDIA), ActorIs("Hezbollah", K.ARMED_GROUP)],
        id="lb-state-agency",
    ),
    pytest.param(
        "A little-known group calling itself the Saraya Awliya al-Dam claimed responsibility for "
        "Monday's rocket attack on Erbil airport, which killed a foreign contractor.",
        "2021-02-16",
        [ActorIs("Saraya Awliya al-Dam", K.ARMED_GROUP)],
        id="iq-unknown-group",
    ),
    pytest.param(
        "The Popular Mobilisation Forces, an umbrella of mostly Shi'ite paramilitary groups, said three "
        "of its fighters were killed in an Islamic State ambush near Tarmiyah, north of Baghdad.",
        "2021-05-03",
        [ActorIs("Popular Mobilization Forces", K.ARMED_GROUP), ActorIs("Islamic State", K.ARMED_GROUP)],
        id="iq-pmf-umbrella",
    ),
    pytest.param(
        "The Houthi-run Al-Masirah TV said U.S. and British warplanes had struck the airport in Sanaa "
        "and a military base in Hodeidah overnight.",
        "2024-01-12",
        [ActorIs("Al-Masirah", K.MEDIA), ActorIs("Houthis", K.ARMED_GROUP)],
        id="ye-houthi-run-channel",
    ),
    pytest.param(
        "Houthi military spokesman Yahya Saree said the group had targeted a British oil tanker in the "
        "Gulf of Aden with anti-ship missiles.",
        "2024-01-27",
        [ActorIs("Yahya Saree", K.PERSON), ActorIs("Houthis", K.ARMED_GROUP)],
        id="ye-spokesman",
    ),
    pytest.param(
        "The paramilitary Rapid Support Forces (RSF) said on Thursday it had seized the headquarters of "
        "the army's 16th Infantry Division in Nyala, the capital of South Darfur.",
        "2023-10-26",
        [ActorIs("Rapid Support Forces", K.ARMED_GROUP)],
        id="sd-rsf-acronym",
    ),
    pytest.param(
        "Sudan's army chief, Gen. Abdel Fattah al-Burhan, flew to El Alamein on Tuesday for talks with "
        "Egyptian President Abdel Fattah el-Sisi, his first trip abroad since the war began.",
        "2023-08-29",
        [
            ActorIs("Abdel Fattah al-Burhan", K.PERSON),
            ActorIs("Abdel Fattah el-Sisi", K.PERSON),
            ActorIs("Sudanese Armed Forces", K.ARMED_FORCES),
        ],
        id="sd-army-chief",
    ),
    pytest.param(
        "JNIM, al-Qaeda's affiliate in the Sahel, claimed Tuesday's attacks on a military police school "
        "and an air base in Bamako.",
        "2024-09-18",
        [ActorIs("JNIM", K.ARMED_GROUP), ActorIs("al-Qaeda", K.ARMED_GROUP)],
        id="ml-jnim-affiliate",
    ),
    pytest.param(
        "Malian troops and Russian mercenaries from the Wagner Group killed about 500 people in the "
        "village of Moura over five days in March 2022, a U.N. report said.",
        "2023-05-12",
        [
            ActorIs("Wagner Group", K.ARMED_GROUP),
            ActorIs("Malian Armed Forces", K.ARMED_FORCES),
            ActorIs("United Nations", K.INTL_ORG),
        ],
        id="ml-wagner-mercenaries",
    ),
    pytest.param(
        "Burkina Faso's junta leader, Capt. Ibrahim Traore, said the army would recruit 50,000 "
        "volunteers to fight the jihadists who control much of the country.",
        "2022-10-28",
        [ActorIs("Ibrahim Traore", K.PERSON)],
        id="bf-captain-title",
    ),
    pytest.param(
        "The Economic Community of West African States (ECOWAS) gave Niger's junta, led by Gen. "
        "Abdourahamane Tiani, one week to reinstate President Mohamed Bazoum.",
        "2023-07-31",
        [
            ActorIs("ECOWAS", K.INTL_ORG),
            ActorIs("Abdourahamane Tiani", K.PERSON),
            ActorIs("Mohamed Bazoum", K.PERSON),
        ],
        id="ne-ecowas-junta",
    ),
    pytest.param(
        '"The attackers came on motorcycles and set the market on fire," a local official in Djibo told '
        "AFP by telephone.",
        "2022-09-06",
        [ActorIs("Agence France-Presse", K.MEDIA)],
        id="bf-told-afp",
    ),
    pytest.param(
        "Forces loyal to the Tigray People's Liberation Front (TPLF) have begun handing over heavy "
        "weapons under the peace deal signed in Pretoria, the African Union said.",
        "2023-01-11",
        [
            ActorIs("Tigray People's Liberation Front", (K.ARMED_GROUP, K.POLITICAL_ORG)),
            ActorIs("African Union", K.INTL_ORG),
        ],
        id="et-tplf-au",
    ),
    pytest.param(
        "Fano militiamen briefly took control of Lalibela, the town famed for its rock-hewn churches, "
        "before pulling out, residents said.",
        "2023-08-10",
        [ActorIs("Fano", K.ARMED_GROUP)],
        id="et-fano-militia",
    ),
    pytest.param(
        "Al-Shabaab fighters overran a base of the African Union Transition Mission in Somalia (ATMIS) "
        "at Buulo Mareer, killing 54 Ugandan peacekeepers, Uganda's president said.",
        "2023-06-04",
        [
            ActorIs("al-Shabaab", K.ARMED_GROUP),
            ActorIs("African Union Transition Mission in Somalia", K.INTL_ORG),
        ],
        id="so-shabaab-atmis",
    ),
    pytest.param(
        "M23 rebels, whom U.N. experts accuse Rwanda of backing, fired on a MONUSCO patrol near Sake, the "
        "peacekeeping mission said.",
        "2024-02-08",
        [ActorIs("M23", K.ARMED_GROUP), ActorIs("Rwanda", K.STATE), ActorIs("MONUSCO", K.INTL_ORG)],
        id="cd-m23-monusco",
    ),
    pytest.param(
        "Fighters from Islamic State West Africa Province (ISWAP), which split from Boko Haram in 2016, "
        "overran a military base in Borno state, the Nigerian army said.",
        "2021-03-24",
        [
            ActorIs("Islamic State West Africa Province", K.ARMED_GROUP),
            ActorIs("Boko Haram", K.ARMED_GROUP),
            ActorIs("Nigerian Armed Forces", K.ARMED_FORCES),
        ],
        id="ng-iswap-boko-haram",
    ),
    pytest.param(
        "Taliban spokesman Zabihullah Mujahid said the group's fighters had entered Kunduz city and "
        "taken the police headquarters.",
        "2021-08-08",
        [ActorIs("Zabihullah Mujahid", K.PERSON), ActorIs("Taliban", K.ARMED_GROUP)],
        id="af-taliban-spokesman",
    ),
    pytest.param(
        "Myanmar's military, known as the Tatmadaw, has lost dozens of outposts to the Arakan Army in "
        "Rakhine state since November, according to the ethnic armed group.",
        "2024-03-12",
        [ActorIs("Tatmadaw", K.ARMED_FORCES), ActorIs("Arakan Army", K.ARMED_GROUP)],
        id="mm-tatmadaw",
    ),
    pytest.param(
        "Senior General Min Aung Hlaing, the head of Myanmar's junta, met Chinese Foreign Minister Wang "
        "Yi in Naypyitaw on Wednesday.",
        "2024-08-15",
        [ActorIs("Min Aung Hlaing", K.PERSON), ActorIs("Wang Yi", K.PERSON)],
        id="mm-senior-general",
    ),
    pytest.param(
        "Armenian Prime Minister Nikol Pashinyan accused Azerbaijani forces of deliberately targeting "
        "civilians in Stepanakert.",
        "2020-10-04",
        [ActorIs("Nikol Pashinyan", K.PERSON), ActorIs("Azerbaijani Armed Forces", K.ARMED_FORCES)],
        id="nk-prime-minister",
    ),
    pytest.param(
        "Forces loyal to eastern commander Khalifa Haftar, who leads the self-styled Libyan National "
        "Army (LNA), pulled back from the southern outskirts of Tripoli.",
        "2020-06-04",
        [
            ActorIs("Khalifa Haftar", K.PERSON),
            ActorIs("Libyan National Army", (K.ARMED_GROUP, K.ARMED_FORCES)),
        ],
        id="ly-haftar-lna",
    ),
    pytest.param(
        "Turkey has sent armed drones and air defence systems to help the U.N.-recognised Government of "
        "National Accord (GNA) in Tripoli.",
        "2020-05-20",
        [ActorIs("Government of National Accord", (K.STATE, K.POLITICAL_ORG)), ActorIs("Turkey", K.STATE)],
        id="ly-gna",
    ),
    pytest.param(
        "Hayat Tahrir al-Sham, the former al-Qaeda affiliate that controls Idlib, and the Kurdish-led "
        "Syrian Democratic Forces have both denied involvement in the blast.",
        "2023-04-14",
        [ActorIs("Hayat Tahrir al-Sham", K.ARMED_GROUP), ActorIs("Syrian Democratic Forces", K.ARMED_GROUP)],
        id="sy-hts-sdf",
    ),
    pytest.param(
        "At least 14 soldiers were killed when two bombs hit an army bus in Damascus, Syrian state news "
        "agency SANA reported, while the Britain-based Syrian Observatory for Human Rights put the toll "
        "at 15.",
        "2021-10-20",
        [ActorIs("SANA", K.MEDIA), ActorIs("Syrian Observatory for Human Rights", K.OTHER)],
        id="sy-sana-observatory",
    ),
    # bylines, credit lines, datelines and page furniture name no actor
    pytest.param(
        "By Samy Magdy\nThe Associated Press\n\nCAIRO (AP) — Fighting between Sudan's military and a "
        "powerful paramilitary force raged in the capital, Khartoum, for a second day on Sunday.",
        "2023-04-16",
        [
            NoActor("Samy Magdy"),
            NoActor("Associated Press"),
            ActorIs("Sudanese Armed Forces", K.ARMED_FORCES),
        ],
        id="no-byline-or-credit",
    ),
    pytest.param(
        "KHARTOUM (Reuters) - Sudan's army carried out air strikes on Rapid Support Forces positions in "
        "the capital on Saturday, residents said.",
        "2023-05-06",
        [NoActor("Reuters"), ActorIs("Rapid Support Forces", K.ARMED_GROUP)],
        id="no-reuters-credit-line",
    ),
    pytest.param(
        "Ukraine's air force said it shot down 22 of the 25 drones Russia launched overnight.\n\n"
        "Reporting by Pavel Polityuk; Editing by Gareth Jones",
        "2024-03-02",
        [NoActor("Pavel Polityuk"), NoActor("Gareth Jones")],
        id="no-reporting-signoff",
    ),
    pytest.param(
        "Russian forces shelled Kharkiv overnight, the regional governor said.\n\n"
        "(Writing and additional reporting by Olena Harmash in Kyiv and Mark Trevelyan in London; "
        "Editing by Alex Richardson)",
        "2024-05-20",
        [NoActor("Olena Harmash"), NoActor("Mark Trevelyan"), NoActor("Alex Richardson"),
         NoPlace("London"), ActorIs("Russian Armed Forces", K.ARMED_FORCES)],
        id="no-parenthesised-signoff",
    ),
    pytest.param(
        "Houthi rebels fired two missiles at a tanker in the Gulf of Aden, the U.S. military said.\n\n"
        "Associated Press writer Jon Gambrell in Dubai contributed to this report.\n"
        "CNN\u2019s Caitlin Hu and Sana Noor Haq contributed reporting.",
        "2024-02-10",
        [NoActor("Jon Gambrell"), NoActor("Associated Press"), NoActor("CNN"), NoActor("Caitlin Hu"),
         NoActor("Sana Noor Haq"), NoPlace("Dubai"), ActorIs("Houthis", K.ARMED_GROUP)],
        id="no-contributor-line",
    ),
    pytest.param(
        "Reuters\n9:14 a.m. EST March 3, 2022\n\n"
        "Rescuers search the rubble of a school hit by a missile in Zhytomyr on March 2. "
        "(Photo: Viacheslav Ratynskyi, Reuters)\n\n"
        "KYIV (Reuters) - Russian missiles struck a school in the northern city of Zhytomyr, officials said.",
        "2022-03-03",
        [NoActor("Reuters"), NoActor("Viacheslav Ratynskyi"), PlaceIs("Zhytomyr", PK.SETTLEMENT)],
        id="no-agency-over-time-stamp-or-picture-credit",
    ),
    pytest.param(
        "BBC \u2014\n\n0 Comment(s) Print E-mail BBC, 3 March 2022\n\n"
        "Ukrainian troops pushed Russian forces back from the outskirts of Mykolaiv on Thursday.",
        "2022-03-03",
        [NoActor("BBC"), ActorIs("Armed Forces of Ukraine", K.ARMED_FORCES)],
        id="no-outlet-before-a-dash-or-comment-counter",
    ),
    pytest.param(
        "Mali: Army Retakes Desert Garrison From Coalition of Tuareg Separatists\n\n"
        "Malian troops retook the garrison town of Anefis on Friday, the army said.",
        "2023-10-07",
        [NoPlace("Army Retakes Desert Garrison"), NoPlace("Coalition"), PlaceIs("Anefis", PK.SETTLEMENT),
         ActorIs("Malian Armed Forces", K.ARMED_FORCES)],
        id="no-name-made-of-headline-capitals",
    ),
    pytest.param(
        "Sudan: Fighters Capture Town\n\n"
        "The Rapid Support Forces captured the town of Um Rawaba on Saturday, witnesses said.",
        "2023-12-30",
        [ActorIs("Rapid Support Forces", K.ARMED_GROUP)],
        id="known-name-read-as-a-force-phrase",
    ),
    pytest.param(
        "\u201cVessels are advised to keep clear of the area,\u201d the British navy's monitoring agency "
        "said after Houthi forces fired a missile at a tanker.\n\nTankers were later seen turning back.",
        "2024-01-26",
        [NoActor("Vessels"), NoActor("Tankers"), ActorIs("Houthis", K.ARMED_GROUP)],
        id="no-name-made-of-a-sentence-capital",
    ),
    pytest.param(
        "The M/V Sea Falcon, a Liberia-flagged bulk carrier, was struck by a missile fired by the Houthis "
        "on Monday. The attack against the Sea Falcon was the first on a Greek-owned ship this month, and "
        "the tanker Nordic Crest was hit a day later. The USS Mason, a destroyer, shot down two drones.",
        "2024-02-12",
        [NoActor("Sea Falcon"), NoActor("Nordic Crest"), NoActor("USS Mason"), NoActor("Mason"),
         NoPlace("Falcon"), ActorIs("Houthis", K.ARMED_GROUP)],
        id="no-party-named-by-a-ship",
    ),
    pytest.param(
        "Commandos boarded the tanker Iran seized last week, the U.S. Navy said.",
        "2023-05-04",
        [ActorIs("Iran", (K.STATE, K.ARMED_FORCES))],
        id="a-known-name-after-a-vessel-noun-is-no-ship",
    ),
    pytest.param(
        "General Sylvain Ekenge, the spokesman for the army in North Kivu, said M23 rebels had been pushed "
        "back. The General Security Directorate said the town was calm.",
        "2022-06-13",
        [ActorIs("Sylvain Ekenge", K.PERSON), NoActor("Security Directorate")],
        id="person-after-a-title-the-model-missed",
    ),
    pytest.param(
        "Fighters of the Koral Liberation Army ambushed a convoy near the border, and the Sanaga United "
        "Front said it had joined the offensive, the military said.",
        "2024-03-10",
        [ActorIs("Koral Liberation Army", K.ARMED_GROUP), ActorIs("Sanaga United Front", K.ARMED_GROUP)],
        id="insurgents-named-army-or-united-front",
    ),
    pytest.param(
        "The tanker is owned by British company Halvard Shipping, according to Reuters.",
        "2024-02-06",
        [ActorIs("Halvard Shipping", K.OTHER), NoActor("Halvard")],
        id="firm-the-model-took-for-a-person",
    ),
    pytest.param(
        "A French frigate was targeted by the Libya-based rebels, the French navy said.",
        "2024-02-06",
        [ActorIs("Libyan rebels", K.ARMED_GROUP), NoActor("French rebels")],
        id="rebels-of-the-country-they-are-based-in",
    ),
    pytest.param(
        "Mohammad Karimi, the deputy spokesman for the Ministry of Defense, said Taliban fighters attacked "
        "an army post in Afghanistan's Kunduz province.",
        "2017-05-04",
        [NoActor("Ministry of"), ActorIs("Afghan Armed Forces", K.ARMED_FORCES)],
        id="ministry-of-defense-is-the-states",
    ),
    pytest.param(
        "South Sudanese rebels loyal to Riek Machar clashed with South Sudanese troops near Yei, and North "
        "Korean troops fought alongside Russian forces in Kursk.",
        "2024-11-05",
        [ActorIs("South Sudanese rebels", K.ARMED_GROUP), NoActor("Sudanese rebels"),
         NoActor("Sudanese Armed Forces"), ActorIs("Korean People's Army", K.ARMED_FORCES)],
        id="two-word-demonyms",
    ),
    pytest.param(
        "Gunmen attacked a police post near Maiduguri on Friday, according to the local outlet Borno "
        "Voice, and the news website Sahel Standard said two officers were killed.",
        "2024-06-14",
        [ActorIs("Borno Voice", K.MEDIA), ActorIs("Sahel Standard", K.MEDIA), NoPlace("Borno Voice")],
        id="media-outlet-and-website",
    ),
    pytest.param(
        "Share on Facebook\nShare on WhatsApp\nShare on X\n\nIsraeli tanks pushed deeper into Khan Younis "
        "on Tuesday, residents said.",
        "2023-12-05",
        [NoActor("Facebook"), NoActor("WhatsApp"), NoActor("X")],
        id="no-share-buttons",
    ),
    pytest.param(
        "Smoke rises over Khartoum after an air strike. Photo: AFP/Getty Images\n\nThe army and the RSF "
        "have traded accusations over the attack on the city's main oil refinery.",
        "2023-09-18",
        [NoActor("Getty Images"), NoActor("Agence France-Presse")],
        id="no-photo-credit",
    ),
    pytest.param(
        "Houthi forces said they had shot down an American MQ-9 Reaper drone over Marib province.\n\n"
        "Copyright 2024 The Associated Press. All rights reserved.",
        "2024-05-17",
        [NoActor("Associated Press")],
        id="no-copyright-footer",
    ),
    pytest.param(
        "GAZA CITY, Gaza Strip (AP) — Palestinians in northern Gaza scrambled for flour on Friday as "
        "aid trucks trickled in.",
        "2024-03-01",
        [NoActor("Gaza City"), NoActor("Gaza Strip"), NoActor("Associated Press")],
        id="no-dateline-actor",
    ),
    # actor identity: states that act, descriptions, units named by their town
    pytest.param(
        "Moscow deployed more troops to Belarus ahead of the invasion, Ukrainian officials said.",
        "2022-02-20",
        [ActorIs("Russian Armed Forces", K.ARMED_FORCES), NoActor("Armed Forces of Ukraine")],
        id="ru-sender-owns-the-troops",
    ),
    pytest.param(
        "Militias from Zintan seized the airport road on Sunday. The militias later withdrew to the south.",
        "2014-07-14",
        [ActorIs("Zintan militias", K.ARMED_GROUP)],
        id="ly-units-named-by-town",
    ),
    pytest.param(
        "ISWAP fighters raided a military base in Borno state on Friday. The jihadists took weapons and "
        "vehicles, the army said.",
        "2021-03-27",
        [ActorIs("Islamic State West Africa Province", K.ARMED_GROUP), NoActor("Nigerian rebels")],
        id="ng-the-jihadists-are-named-before",
    ),
    pytest.param(
        "Islamist militants seized the Malian town of Douentza on Saturday, residents said.",
        "2012-09-02",
        [ActorIs("Islamist militants", K.ARMED_GROUP)],
        id="ml-unnamed-militants",
    ),
    pytest.param(
        "President Bola Tinubu's government announced new security measures in Plateau state.",
        "2024-01-02",
        [ActorIs("Nigeria", K.STATE)],
        id="ng-leader-government-is-state",
    ),
    pytest.param(
        "Rwanda sent troops in support of Mozambique's army in Cabo Delgado.",
        "2021-07-10",
        [ActorIs("Armed Defence Forces of Mozambique", K.ARMED_FORCES)],
        id="mz-country-owner-of-army",
    ),
    pytest.param(
        "KHARTOUM Fighters of the Rapid Support Forces shelled Omdurman on Sunday, residents said.",
        "2023-06-11",
        [ActorIs("Rapid Support Forces", K.ARMED_GROUP), NoActor("KHARTOUM Fighters")],
        id="sd-dateline-run-into-name",
    ),
    pytest.param(
        "Libyan officials said loyalist fighters retreated to Bani Walid on Sunday after the fall of Sirte.",
        "2011-10-23",
        [NoActor("Bani Walid")],
        id="ly-two-word-town-is-no-person",
    ),
    pytest.param(
        "The Syrian National Army (SNA), an umbrella of Turkish-backed factions, said the SNA had entered "
        "three villages near Manbij.",
        "2024-12-01",
        [ActorIs("Syrian National Army", K.ARMED_GROUP), NoActor("Somali National Army")],
        id="sy-parenthetical-acronym-is-the-name-before",
    ),
    pytest.param(
        "Transnistria's military said Moldovan border guards had fired at one of its checkpoints.",
        "2022-04-27",
        [ActorIs("Transnistria military", K.ARMED_GROUP)],
        id="md-region-possessive-military",
    ),
    pytest.param(
        "In a televised address, Brig. Gen. Ahmed al-Asiri, the coalition spokesman, said raids went on.",
        "2015-04-14",
        [ActorIs("Ahmed al-Asiri", K.PERSON), NoActor("Brig")],
        id="sa-cut-off-title-is-no-person",
    ),

    # "the security forces" of a named state are its armed forces (state security forces in the ontology)
    pytest.param(
        "Security forces in Burkina Faso said they had killed dozens of JNIM militants near Djibo.",
        "2023-11-28",
        [ActorIs("Armed Forces of Burkina Faso", K.ARMED_FORCES)],
        id="bf-security-forces-in-country",
    ),
    pytest.param(
        "Gunmen stormed a hotel in Mogadishu on Friday. The security forces ended the siege hours later, "
        "police said.",
        "2024-03-16",
        [ActorIs("Somali Armed Forces", K.ARMED_FORCES)],
        id="so-the-security-forces",
    ),
    pytest.param(
        "Protesters clashed with security forces outside the parliament.",
        "2024-03-16",
        [NoActor("security forces")],
        id="no-security-forces-of-no-state",
    ),
    # maritime security bodies come from one whole list (the shipping industry's reporting centres)
    pytest.param(
        "A merchant vessel reported an explosion in the water near the Yemeni port of Mokha, the UKMTO "
        "said on Wednesday, adding that the crew were safe.",
        "2024-02-07",
        [ActorIs("UK Maritime Trade Operations", K.OTHER)],
        id="ye-ukmto",
    ),
    pytest.param(
        "Pirates boarded a bulk carrier off the coast of Somalia, the EU's Maritime Security Centre - Horn "
        "of Africa and the IMB Piracy Reporting Centre said.",
        "2023-12-15",
        [
            ActorIs("Maritime Security Centre - Horn of Africa", K.OTHER),
            ActorIs("IMB Piracy Reporting Centre", K.OTHER),
        ],
        id="so-maritime-reporting-centres",
    ),
    pytest.param(
        "Georgia's president said her country would never try to take back Abkhazia by force.",
        "2023-05-26",
        [NoActor("Defence Forces of Georgia")],
        id="no-army-in-by-force",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), with_known_gaps(CASES, "actors"))
def test_actors(text: str, published: str, expected: list[Expectation]) -> None:
    """Each named party is found with its kind; bylines, credits and furniture yield no actor."""
    assert_extracts(text, published, expected)
