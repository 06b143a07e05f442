"""Spec for places: datelines, "the village of X in Y", "X, a district of Y", and spelling variants.

A parent, when given, must contain the place directly or further up the chain of parents.
Transliteration rows spell a place the way some outlets do; the extractor should map it onto the
gazetteer entry with the usual English name.
"""

from __future__ import annotations

import pytest
from extract_cases import ActorIs, Expectation, NoActor, NoPlace, PlaceIs, assert_extracts, with_known_gaps

from kg.models import ActorKind
from kg.models import PlaceKind as K

CASES = [
    # datelines
    pytest.param(
        "KYIV, Ukraine (AP) — Russian missiles slammed into apartment buildings across the capital "
        "overnight, officials said.",
        "2023-12-29",
        [PlaceIs("Kyiv", K.SETTLEMENT, "Ukraine"), PlaceIs("Ukraine", K.COUNTRY)],
        id="ap-dateline",
    ),
    pytest.param(
        "KHARTOUM, April 16 (Reuters) - Sudan's army and the paramilitary Rapid Support Forces battled for "
        "control of the capital for a second day.",
        "2023-04-16",
        [PlaceIs("Khartoum", K.SETTLEMENT)],
        id="reuters-dateline",
    ),
    pytest.param(
        "Kyiv: Ukraine's military on Sunday reported recapturing a village in the southeast of the country.",
        "2023-06-11",
        [PlaceIs("Kyiv", K.SETTLEMENT), NoActor("Kyiv")],
        id="colon-dateline",
    ),
    pytest.param(
        "MAARET AL-NUMAN, Syria: Syrian rebels on Saturday blocked army reinforcements advancing toward the "
        "town, an AFP journalist said.",
        "2012-10-13",
        [PlaceIs("Maaret al-Numan", K.SETTLEMENT), ActorIs("Syrian rebels", ActorKind.ARMED_GROUP)],
        id="hyphenated-capitals-dateline",
    ),
    pytest.param(
        "Bamako (AFP) - Mali's junta on Monday ordered the French ambassador to leave the country within "
        "72 hours.",
        "2022-01-31",
        [PlaceIs("Bamako", K.SETTLEMENT), PlaceIs("Mali", K.COUNTRY)],
        id="afp-dateline",
    ),
    pytest.param(
        "BEIRUT (AP) — An Israeli strike hit a house in the southern Lebanese town of Bint Jbeil, the "
        "state-run National News Agency said.",
        "2024-04-11",
        [PlaceIs("Beirut", K.SETTLEMENT), PlaceIs("Bint Jbeil", K.SETTLEMENT, "Lebanon")],
        id="lb-dateline-and-adjective",
    ),
    # "the village of X in Y province" and kin
    pytest.param(
        "Gunmen killed at least 100 people in the village of Yelwata in Benue state overnight, Amnesty "
        "International said.",
        "2025-06-14",
        [PlaceIs("Yelwata", K.SETTLEMENT, "Benue State"), PlaceIs("Benue State", K.REGION)],
        id="ng-village-in-state",
    ),
    pytest.param(
        "Militants killed at least 132 civilians in the village of Solhan in Yagha province, near the "
        "border with Niger, the government said.",
        "2021-06-05",
        [
            PlaceIs("Solhan", K.SETTLEMENT, "Yagha Province"),
            PlaceIs("Yagha Province", K.REGION),
            PlaceIs("Niger", K.COUNTRY),
        ],
        id="bf-village-in-province",
    ),
    pytest.param(
        "A truck bomb exploded in the town of Tuz Khurmatu in Salahuddin province, killing at least 10 "
        "people.",
        "2017-01-08",
        [
            PlaceIs("Tuz Khurmatu", K.SETTLEMENT, "Salahuddin Governorate"),
            PlaceIs("Salahuddin Governorate", K.REGION),
        ],
        id="iq-town-in-province",
    ),
    pytest.param(
        "Goma, the capital of North Kivu province, has been cut off by M23 rebels on three sides.",
        "2024-02-12",
        [PlaceIs("Goma", K.SETTLEMENT, "North Kivu"), PlaceIs("North Kivu", K.REGION)],
        id="cd-capital-of-province",
    ),
    pytest.param(
        "Maiduguri, the capital of Borno state, has been hit by a series of suicide bombings this month.",
        "2024-07-02",
        [PlaceIs("Maiduguri", K.SETTLEMENT, "Borno State"), PlaceIs("Borno State", K.REGION)],
        id="ng-capital-of-state",
    ),
    pytest.param(
        "The RSF swept into Wad Madani, the capital of Gezira state, after government troops withdrew.",
        "2023-12-19",
        [PlaceIs("Wad Madani", K.SETTLEMENT, "Gezira State"), PlaceIs("Gezira State", K.REGION)],
        id="sd-capital-of-state",
    ),
    pytest.param(
        "Rebels of the Myanmar National Democratic Alliance Army said they had captured Lashio, the "
        "largest town in northern Shan state.",
        "2024-08-04",
        [PlaceIs("Lashio", K.SETTLEMENT, "Shan State"), PlaceIs("Shan State", K.REGION)],
        id="mm-largest-town-in-state",
    ),
    pytest.param(
        "Turkish drones struck a vehicle near the northern Syrian town of Manbij on Monday.",
        "2024-12-16",
        [PlaceIs("Manbij", K.SETTLEMENT, "Syria")],
        id="sy-adjective-town",
    ),
    pytest.param(
        "Jihadists have tightened their blockade of Timbuktu, in northern Mali, since August.",
        "2023-09-12",
        [PlaceIs("Timbuktu", K.SETTLEMENT, "Mali")],
        id="ml-comma-in-country",
    ),
    # "X, a district of Y"
    pytest.param(
        "Israeli troops pushed into Shujaiya, a district of Gaza City, on Thursday.",
        "2024-06-28",
        [PlaceIs("Shujaiya", K.DISTRICT, "Gaza City"), PlaceIs("Gaza City", K.SETTLEMENT)],
        id="ps-district-of",
    ),
    pytest.param(
        "Sheikh Maqsoud, a Kurdish-majority district of Aleppo, has been encircled by Turkish-backed "
        "factions.",
        "2024-12-03",
        [PlaceIs("Sheikh Maqsoud", K.DISTRICT, "Aleppo"), PlaceIs("Aleppo", K.SETTLEMENT)],
        id="sy-district-of",
    ),
    # regions and countries
    pytest.param(
        "Ethnic Armenians began fleeing Nagorno-Karabakh for Armenia after Azerbaijan's lightning offensive.",
        "2023-09-25",
        [
            PlaceIs("Nagorno-Karabakh", K.REGION),
            PlaceIs("Armenia", K.COUNTRY),
            ActorIs("Azerbaijan", ActorKind.STATE),
        ],
        id="nk-region-and-countries",
    ),
    pytest.param(
        "Israeli forces killed three Palestinians in a raid on the Jenin refugee camp in the occupied "
        "West Bank.",
        "2023-07-04",
        [PlaceIs("West Bank", K.REGION)],
        id="ps-occupied-territory",
    ),
    # transliteration variants
    pytest.param(
        "Coalition warships fired on Houthi positions around the port city of Hudaydah on Saturday.",
        "2018-06-17",
        [PlaceIs("Hodeidah", K.SETTLEMENT)],
        id="ye-hudaydah",
    ),
    pytest.param(
        "Shelling in Kharkov killed four civilians, the regional governor said.",
        "2022-03-07",
        [PlaceIs("Kharkiv", K.SETTLEMENT)],
        id="ua-kharkov",
    ),
    pytest.param(
        "KIEV, Ukraine (AP) — Protesters barricaded themselves inside City Hall as riot police massed "
        "outside.",
        "2014-01-25",
        [PlaceIs("Kyiv", K.SETTLEMENT, "Ukraine")],
        id="ua-kiev-dateline",
    ),
    pytest.param(
        "Russian missiles struck the regional administration building in Nikolaev, killing 12 people.",
        "2022-03-29",
        [PlaceIs("Mykolaiv", K.SETTLEMENT)],
        id="ua-nikolaev",
    ),
    pytest.param(
        "Tigrayan forces said they had retaken Mekele, the regional capital, after federal troops withdrew.",
        "2021-06-29",
        [PlaceIs("Mekelle", K.SETTLEMENT)],
        id="et-mekele",
    ),
    pytest.param(
        "Fighters from Misurata joined the defence of Tripoli against Haftar's forces.",
        "2019-04-10",
        [PlaceIs("Misrata", K.SETTLEMENT), PlaceIs("Tripoli", K.SETTLEMENT)],
        id="ly-misurata",
    ),
    pytest.param(
        "U.S. forces struck Iranian-backed militias near Deir el-Zour in eastern Syria.",
        "2023-11-13",
        [PlaceIs("Deir ez-Zor", K.SETTLEMENT, "Syria")],
        id="sy-deir-el-zour",
    ),
    pytest.param(
        "Iraqi forces entered the centre of Falluja on Friday after a four-week offensive.",
        "2016-06-18",
        [PlaceIs("Fallujah", K.SETTLEMENT)],
        id="iq-falluja",
    ),
    pytest.param(
        "Taliban fighters entered Mazar-e Sharif, the largest city in northern Afghanistan, on Saturday.",
        "2021-08-15",
        [PlaceIs("Mazar-i-Sharif", K.SETTLEMENT, "Afghanistan")],
        id="af-mazar-e-sharif",
    ),
    pytest.param(
        "The Taliban captured Qandahar, the country's second-largest city, on Friday.",
        "2021-08-13",
        [PlaceIs("Kandahar", K.SETTLEMENT)],
        id="af-qandahar",
    ),
    pytest.param(
        "Al-Shabaab militants attacked a hotel in the southern port city of Kismaayo.",
        "2019-07-13",
        [PlaceIs("Kismayo", K.SETTLEMENT)],
        id="so-kismaayo",
    ),
    # datelines in the shapes real pages have: a place, never a party
    pytest.param(
        "GOMA Rebels of the M23 said on Thursday they had taken the mining town of Rubaya.",
        "2024-05-02",
        [PlaceIs("Goma", K.SETTLEMENT), NoActor("Goma")],
        id="dateline-without-dash",
    ),
    pytest.param(
        "LASHKAR GAH, Afghanistan Taliban fighters overran a police checkpoint in Helmand province on "
        "Monday, officials said.",
        "2016-01-19",
        [PlaceIs("Lashkar Gah", K.SETTLEMENT), NoActor("Lashkar Gah")],
        id="dateline-with-country-without-dash",
    ),
    pytest.param(
        "BAKU/YEREVAN Azerbaijan and Armenia accused each other of shelling villages along the front line "
        "in Nagorno-Karabakh.",
        "2016-04-03",
        [PlaceIs("Baku", K.SETTLEMENT), PlaceIs("Nagorno-Karabakh", K.REGION), NoActor("Baku")],
        id="dateline-of-two-cities",
    ),
    pytest.param(
        "By Jane Roe and John Doe | Reuters\nUpdated 3:04 PM\n\nBEIRUT, Lebanon, Jan 5 (Reuters) - "
        "Israeli strikes hit the town of Nabatieh in southern Lebanon on Friday, state media said.",
        "2024-01-05",
        [
            PlaceIs("Beirut", K.SETTLEMENT),
            PlaceIs("Nabatieh", K.SETTLEMENT),
            NoActor("Jane Roe"),
            NoActor("John Doe"),
            NoActor("Beirut"),
        ],
        id="byline-with-agency-and-time-line",
    ),
    # names inside organisation names and page furniture are no places
    pytest.param(
        "Gunmen from the Al-Aqsa Martyrs' Brigades opened fire on an Israeli checkpoint near Nablus.",
        "2023-08-21",
        [NoPlace("Al-Aqsa"), PlaceIs("Nablus", K.SETTLEMENT)],
        id="no-place-in-group-name",
    ),
    pytest.param(
        "Share on Facebook\nShare on WhatsApp\nUpdated: 12:45 GMT\n\nHouthi fighters fired a missile "
        "toward the Israeli port of Eilat.",
        "2023-10-31",
        [NoPlace("Facebook"), NoPlace("WhatsApp"), NoPlace("GMT"), PlaceIs("Eilat", K.SETTLEMENT)],
        id="no-place-in-page-furniture",
    ),
    pytest.param(
        "A statement from Oceanic Tanker Shipping on Tuesday said the vessel was hit near the port of "
        "Hodeidah, and a spokesman for Harbour Line Holdings said its crew was safe in Aden.",
        "2024-02-06",
        [NoPlace("Oceanic Tanker Shipping"), NoPlace("Harbour Line Holdings"),
         PlaceIs("Aden", K.SETTLEMENT)],
        id="no-place-named-by-a-firm",
    ),
    pytest.param(
        "The attack took place on Wednesday night in the remote Qala Zaman district in Kunduz, a "
        "defence spokesman said. The ship is owned by British company Halvard Shipping.",
        "2017-05-04",
        [PlaceIs("Qala Zaman", K.DISTRICT), NoActor("Qala Zaman"), NoPlace("Halvard Shipping")],
        id="unknown-name-before-its-place-type",
    ),
    pytest.param(
        "Rebels seized three towns after days of fighting. The towns are Mano Junction, Kabala and "
        "Pendembu, outside the city of Bo.",
        "1995-01-20",
        [PlaceIs("Mano Junction", K.SETTLEMENT), PlaceIs("Pendembu", K.SETTLEMENT), NoActor("Mano Junction"),
         NoActor("Pendembu")],
        id="places-a-list-says-are-towns",
    ),
    pytest.param(
        "Rebels claimed that they captured Morobo county headquarters in Central Equatoria after clashes "
        "with government troops.",
        "2016-09-12",
        [NoActor("Morobo county"), PlaceIs("Morobo", (K.REGION, K.DISTRICT, K.SETTLEMENT, K.OTHER))],
        id="name-run-together-with-its-place-type",
    ),
    pytest.param(
        "Insurgents have been blockading government-held districts of Aleppo city for months, activists "
        "said on Sunday.",
        "2013-07-21",
        [PlaceIs("Aleppo", K.SETTLEMENT), NoActor("Aleppo")],
        id="sy-name-city",
    ),
    # a name the model took for a person is a place when the article types it as one
    pytest.param(
        "Government troops reached Qasr Bu Hadi, a village about 20 km south of Sirte in Libya, on Thursday.",
        "2016-08-12",
        [PlaceIs("Qasr Bu Hadi", K.SETTLEMENT, "Libya"), NoActor("Qasr Bu Hadi")],
        id="ly-typed-by-appositive",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), with_known_gaps(CASES, "places"))
def test_places(text: str, published: str, expected: list[Expectation]) -> None:
    """Each named place is found with its kind and, where the text says so, what contains it."""
    assert_extracts(text, published, expected)
