"""Events across articles: one `conf:Event` per real-world operation, in a named graph of its own.

Each article states its own `conf:Operation`s; several articles telling of one battle give several. The
events graph groups them: each event lists its reports (`conf:report`, the articles' operations), its kind,
place, earliest day, every agent and target the reports name, and how many distinct articles tell of it.

Two reports tell of one event (`match`, which says why) when
- they come from different articles (one article's distinct operations are never one event);
- they are at the same place, or one place lies inside the other and the outer one is no country;
- their kinds are of one family (`FAMILIES`: ground fighting, fire from afar, a place changing hands);
- their days are at most `DAY_SLACK` apart, or, when either has no day, they share a party.
Reports are grouped by joining the closest pairs first (same place before nested places, same kind
before same family, nearer days first, then by IRI), and two groups are joined only when every pair
across them is compatible and they share no article: the result depends on the reports, not on the
order articles arrived in. A report without a place is an event of its own.

The events graph is derived, like the entity index: `patch_for` recomputes the events of every block of
places (`Places.area`) an ingest, replacement or deletion touches, in the same transaction that writes
the articles, and `rebuild` recomputes all of them.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.index import INDEX_GRAPH
from kg.models import OperationKind
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.store import GraphPatch, OxTerm, Store, Triple, Writable, rdflib_graphs

__all__ = [
    "DAY_SLACK", "EVENTS_GRAPH", "FAMILIES", "PATCH_READ", "Places", "Report", "cluster", "match",
    "patch_for", "rebuild", "sites_of", "summarize",
]

EVENTS_GRAPH = iris.EVENTS_GRAPH
"""Named graph of the events."""
DAY_SLACK = 1
"""Days two reports of one event may differ by (a night attack is dated either side of midnight)."""
FAMILIES = {
    "ground": ("Offensive", "Attack", "Advance", "Clash", "Siege"),
    "fire": ("Airstrike", "Shelling", "Bombing"),
    "hands": ("Capture", "Withdrawal"),
    "other": ("OtherOperation",),
}
"""Kinds of operation that one event may be reported as: an offensive is also told as an attack or an
advance; a capture as the defenders' withdrawal; a shelling as a bombardment."""
_FAMILY_OF = {kind: family for family, kinds in FAMILIES.items() for kind in kinds}
_KIND_ORDER = {kind.value: n for n, kind in enumerate(OperationKind)}
"""Between kinds reported equally often, the event takes the first (an offensive before an attack)."""
_DERIVED = (INDEX_GRAPH, EVENTS_GRAPH)
# Terms looked up once: attribute access on rdflib's namespaces is slow, and these run per triple.
_TYPE, _LABEL, _EVENT, _REPORT, _KIND = RDF.type, RDFS.label, CONF.Event, CONF.report, CONF.kind
_LOCATION, _DATE, _AGENT, _TARGET = CONF.location, CONF.date, CONF.agent, CONF.target
_SOURCE_COUNT, _XSD_DATE, _XSD_INTEGER = CONF.sourceCount, XSD.date, XSD.integer
_OPERATION = CONF.Operation
_COLUMNS = {_TYPE: 0, _KIND: 2, _LOCATION: 3, _DATE: 4, _AGENT: 5, _TARGET: 6}
"""Where each property of an operation goes in a `Row` (0: the type, to tell operations apart)."""
PATCH_READ = {ox.NamedNode(str(p)): p for p in (*_COLUMNS, CONF.locatedIn)}
"""The properties a patch reads of the graphs it is for (pyoxigraph's term to rdflib's)."""


@dataclass(frozen=True)
class Report:
    """One article's operation, as the event matching sees it (IRIs as strings, kind as its local name)."""

    op: str
    graph: str
    kind: str
    location: str | None = None
    day: date | None = None
    agents: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()

    @property
    def parties(self) -> frozenset[str]:
        return self.agents | self.targets


@dataclass
class Places:
    """The place hierarchy (`conf:locatedIn`) and which places are countries."""

    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: set[str] = field(default_factory=set)
    # Both are computed on first use, once the hierarchy is complete.
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _areas: dict[str, str] | None = field(default=None, repr=False)

    def ancestors(self, place: str) -> frozenset[str]:
        known = self._ancestors.get(place)
        if known is not None:
            return known
        seen: set[str] = set()
        todo = [place]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen and parent != place:
                    seen.add(parent)
                    todo.append(parent)
        self._ancestors[place] = frozenset(seen)
        return self._ancestors[place]

    def area(self, place: str) -> str:
        """The block `place` belongs to: the places joined to it by `conf:locatedIn` below country
        level, named by the smallest IRI among them (a country is a block of its own). Two reports can
        only match within one block, so a write recomputes the events of the blocks it touches."""
        if self._areas is None:
            self._areas = self._blocks()
        return self._areas.get(place, place)

    def _blocks(self) -> dict[str, str]:
        leader: dict[str, str] = {}

        def find(x: str) -> str:
            leader.setdefault(x, x)
            while leader[x] != x:
                leader[x] = leader[leader[x]]
                x = leader[x]
            return x

        for child, ups in self.parents.items():
            if child in self.countries:
                continue
            for up in ups:
                if up not in self.countries:
                    a, b = find(child), find(up)
                    if a != b:
                        leader[max(a, b)] = min(a, b)
        members: dict[str, list[str]] = defaultdict(list)
        for place in leader:
            members[find(place)].append(place)
        return {p: min(group) for group in members.values() for p in group}

    def nested(self, a: str, b: str) -> bool:
        """True when one place lies inside the other and the outer one is no country."""
        return (b in self.ancestors(a) and b not in self.countries) or (
            a in self.ancestors(b) and a not in self.countries
        )


def match(a: Report, b: Report, places: Places) -> str | None:
    """Why `a` and `b` tell of one event, or None when they do not."""
    if a.graph == b.graph or a.location is None or b.location is None:
        return None
    if _FAMILY_OF.get(a.kind) != _FAMILY_OF.get(b.kind):
        return None
    if a.location == b.location:
        where = "same place"
    elif places.nested(a.location, b.location):
        where = "one place inside the other"
    else:
        return None
    kind = "same kind" if a.kind == b.kind else f"kinds of one family ({_FAMILY_OF.get(a.kind)})"
    if a.day is not None and b.day is not None:
        apart = abs((a.day - b.day).days)
        if apart > DAY_SLACK:
            return None
        return f"{where}, {kind}, days {apart} apart"
    shared = sorted(a.parties & b.parties)
    if not shared:
        return None
    return f"{where}, {kind}, a day missing but a shared party ({shared[0]})"


def _compatible(a: Report, b: Report, places: Places) -> bool:
    """Whether `a` and `b` may sit in one event (a weaker test than `match`: no shared party needed)."""
    if a.graph == b.graph or a.location is None or b.location is None:
        return False
    if _FAMILY_OF.get(a.kind) != _FAMILY_OF.get(b.kind):
        return False
    if a.location != b.location and not places.nested(a.location, b.location):
        return False
    return a.day is None or b.day is None or abs((a.day - b.day).days) <= DAY_SLACK


def _rank(a: Report, b: Report) -> tuple[int, int, int, str, str]:
    days = abs((a.day - b.day).days) if a.day is not None and b.day is not None else DAY_SLACK + 1
    first, second = sorted((a.op, b.op))
    return int(a.location != b.location), int(a.kind != b.kind), days, first, second


def _near(here: list[Report], there: list[Report]) -> Iterator[tuple[Report, Report]]:
    """Pairs of a report of `here` and one of `there` whose days are close enough, or one undated; when
    `here` is `there`, each pair once (`match` is symmetric)."""
    within = here is there
    dated = sorted((r for r in there if r.day is not None), key=lambda r: (r.day, r.op))
    days = [r.day.toordinal() for r in dated if r.day is not None]
    undated = [r for r in there if r.day is None]
    for a in here:
        if a.day is None:
            candidates: Iterable[Report] = there
        else:
            day = a.day.toordinal()
            low, high = bisect_left(days, day - DAY_SLACK), bisect_right(days, day + DAY_SLACK)
            candidates = [*dated[low:high], *undated]
        for b in candidates:
            # A pair may still come twice (one undated, one list): the caller keeps a set.
            if a.op < b.op or (a.op > b.op and not within):
                yield a, b


def _candidates(reports: list[Report], places: Places) -> Iterator[tuple[Report, Report]]:
    """Every pair that may match: at one place, or at a place and one around it below country level."""
    at: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if r.location is not None:
            at[r.location].append(r)
    for loc in sorted(at):
        yield from _near(at[loc], at[loc])
        for up in sorted(places.ancestors(loc)):
            if up in at and up not in places.countries:
                yield from _near(at[loc], at[up])


@dataclass
class _Group:
    """Reports joined so far, with what `_compatible` asks of all of them at once: every pair across two
    groups is compatible exactly when the groups share no article and no place without a place, their
    family is one, each pair of their places is one place or nested, and their days across lie within
    `DAY_SLACK` (the earliest of one and the latest of the other are the farthest apart)."""

    reports: list[Report]
    graphs: set[str]
    places: set[str | None]
    family: str | None
    first: date | None
    last: date | None

    @classmethod
    def of(cls, r: Report) -> _Group:
        return cls([r], {r.graph}, {r.location}, _FAMILY_OF.get(r.kind), r.day, r.day)

    def joins(self, other: _Group, near: Callable[[str, str], bool]) -> bool:
        if self.family != other.family or None in self.places or None in other.places:
            return False
        if not self.graphs.isdisjoint(other.graphs):
            return False
        if self.first and other.first and self.last and other.last:
            apart = max((other.last - self.first).days, (self.last - other.first).days)
            if apart > DAY_SLACK:
                return False
        return all(a == b or near(a, b) for a in self.places for b in other.places
                   if a is not None and b is not None)

    def absorb(self, other: _Group) -> None:
        self.reports += other.reports
        self.graphs |= other.graphs
        self.places |= other.places
        self.first = min((d for d in (self.first, other.first) if d is not None), default=None)
        self.last = max((d for d in (self.last, other.last) if d is not None), default=None)


def cluster(reports: Iterable[Report], places: Places) -> list[list[Report]]:
    """The reports grouped into events, closest pairs first; each group and the groups sorted by IRI."""
    unique = sorted({r.op: r for r in reports}.values(), key=lambda r: r.op)
    pairs = {_rank(a, b) for a, b in _candidates(unique, places) if match(a, b, places) is not None}
    group: dict[str, _Group] = {r.op: _Group.of(r) for r in unique}
    nested: dict[tuple[str, str], bool] = {}

    def near(a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        if key not in nested:
            nested[key] = places.nested(a, b)
        return nested[key]

    for *_closeness, x, y in sorted(pairs):
        gx, gy = group[x], group[y]
        if gx is gy or not gx.joins(gy, near):
            continue
        gx.absorb(gy)
        for r in gy.reports:
            group[r.op] = gx
    seen: set[int] = set()
    out: list[list[Report]] = []
    for r in unique:
        g = group[r.op]
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g.reports, key=lambda x: x.op))
    return sorted(out, key=lambda g: g[0].op)


def event_iri(reports: list[Report]) -> URIRef:
    """An event's IRI: from its first report's, so it stays while reports join or leave after it."""
    first = min(r.op for r in reports)
    return iris.event(hashlib.sha256(first.encode()).hexdigest()[:16])


def event_triples(reports: list[Report], places: Places) -> Iterator[Triple]:
    """The triples of one event."""
    node = event_iri(reports)
    yield node, _TYPE, _EVENT
    for r in reports:
        yield node, _REPORT, URIRef(r.op)
    kinds = Counter(r.kind for r in reports)
    kind = min(kinds, key=lambda k: (-kinds[k], _KIND_ORDER.get(k, len(_KIND_ORDER)), k))
    yield node, _KIND, CONF[kind]
    located = [r.location for r in reports if r.location is not None]
    place = None
    if located:
        counts = Counter(located)
        place = min(counts, key=lambda p: (-len(places.ancestors(p)), -counts[p], p))
        yield node, _LOCATION, URIRef(place)
    days = [r.day for r in reports if r.day is not None]
    if days:
        yield node, _DATE, Literal(min(days).isoformat(), datatype=_XSD_DATE)
    for agent in sorted(set().union(*(r.agents for r in reports))):
        yield node, _AGENT, URIRef(agent)
    for target in sorted(set().union(*(r.targets for r in reports))):
        yield node, _TARGET, URIRef(target)
    sources = len({r.graph for r in reports})
    yield node, _SOURCE_COUNT, Literal(sources, datatype=_XSD_INTEGER)
    label = kind if place is None else f"{kind} at {iris.key_of(place)}"
    if days:
        label += f", {min(days).isoformat()}"
    yield node, _LABEL, Literal(label)


def events_triples(reports: Iterable[Report], places: Places) -> list[Triple]:
    """Every event triple of `reports`."""
    return [t for g in cluster(reports, places) for t in event_triples(g, places)]


# -- reading reports and places ----------------------------------------------------------------------

# `graph` is ?g, or one graph's IRI (Oxigraph reads every graph for `VALUES ?g {...} GRAPH ?g`).
_OPS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?op ?g ?kind ?loc ?date ?agent ?target WHERE {
  %(values)s
  GRAPH %(graph)s { ?op a conf:Operation ; conf:kind ?kind }
  # Each OPTIONAL in its own GRAPH group: nested in the group above, Oxigraph read every operation of
  # the store before joining the few at the places asked about (0.47 s at 1.4M quads, against 1 ms).
  %(located)s
  OPTIONAL { GRAPH %(graph)s { ?op conf:date ?date } }
  OPTIONAL { GRAPH %(graph)s { ?op conf:agent ?agent } }
  OPTIONAL { GRAPH %(graph)s { ?op conf:target ?target } }
  FILTER(%(skip)s)
}
"""

_LOCATED = "OPTIONAL { GRAPH %(graph)s { ?op conf:location ?loc } }"
"""The place column of `_OPS`, when its values do not bind the place already."""

_PLACES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?a ?b ?country WHERE {
  GRAPH ?g { { ?a conf:locatedIn ?b } UNION { ?country a conf:Country } }
  FILTER(%(skip)s)
}
"""

_AFFECTED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?e WHERE {
  { VALUES ?g { %(graphs)s } GRAPH ?g { ?op a conf:Operation } GRAPH %(events)s { ?e conf:report ?op } }
  UNION
  { VALUES ?loc { %(places)s } GRAPH %(events)s { ?e conf:location ?loc } }
}
"""
"""The events a patch replaces: those reporting an operation of the graphs, and those at the places. Each
branch starts from what it is bound on: joined with every event's reports first, Oxigraph read all of
them (0.06-0.08 s at 1.95M quads, against 2 ms)."""


def _iris(nodes: Iterable[str]) -> str:
    return " ".join(URIRef(n).n3() for n in sorted(set(nodes)))


def _skip(graphs: Iterable[str]) -> str:
    """The filter leaving out the derived graphs and `graphs`: a chain of `!=`, as Virtuoso 7.2 answers
    some queries filtered by `NOT IN` of several IRIs wrongly."""
    return " && ".join(f"?g != {URIRef(g).n3()}" for g in sorted({*map(str, _DERIVED), *graphs}))


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


Row = tuple[str, str, str, str | None, str | None, str | None, str | None]
"""One solution of the operations query: op, graph, kind, place, day, agent, target."""


@dataclass
class _Seen:
    graph: str
    kind: str
    places: set[str] = field(default_factory=set)
    days: set[date] = field(default_factory=set)
    agents: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)


def _collect(rows: Iterable[Row]) -> list[Report]:
    found: dict[str, _Seen] = {}
    for op, graph, kind, loc, day, agent, target in rows:
        seen = found.setdefault(op, _Seen(graph, kind.rsplit("#", 1)[-1]))
        if loc is not None:
            seen.places.add(loc)
        if day is not None and (parsed := _day(day)) is not None:
            seen.days.add(parsed)
        if agent is not None:
            seen.agents.add(agent)
        if target is not None:
            seen.targets.add(target)
    return [
        Report(op, s.graph, s.kind, min(s.places, default=None), min(s.days, default=None),
               frozenset(s.agents), frozenset(s.targets))
        for op, s in found.items()
    ]


def reports_in(graph: str, triples: Iterable[Triple]) -> list[Report]:
    """The reports of one article graph about to be written."""
    ops: set[str] = set()
    kinds: dict[str, str] = {}
    cells: list[tuple[str, int, str]] = []
    for s, p, o in triples:
        column = _COLUMNS.get(p)  # type: ignore[call-overload]  # a dict lookup: no rdflib __eq__ per triple
        if column is None:
            continue
        if column == 0:
            if o == _OPERATION:
                ops.add(str(s))
        elif column == 2:
            kinds[str(s)] = str(o)
        else:
            cells.append((str(s), column, str(o)))
    kinds = {op: kind for op, kind in kinds.items() if op in ops}
    rows: list[Row] = [(op, graph, kind, None, None, None, None) for op, kind in kinds.items()]
    for op, column, value in cells:
        if op in kinds:
            row: list[str | None] = [op, graph, kinds[op], None, None, None, None]
            row[column] = value
            rows.append(tuple(row))  # type: ignore[arg-type]
    return _collect(rows)


def _stored_reports(
    store: Store, skip: Iterable[str], places: Iterable[str] | None = None,
    graphs: Iterable[str] | None = None,
) -> list[Report]:
    """Reports in the store, outside the graphs `skip`; only those at `places`, or in `graphs`, when given."""
    if graphs is not None:
        return [r for g in sorted(set(graphs)) for r in _stored_reports_of(store, skip, g)]
    values, located = "", _LOCATED % {"graph": "?g"}
    if places is not None:
        chosen = _iris(places)
        if not chosen:
            return []
        # The place comes bound from here: the OPTIONAL asking for it again, with every variable of it
        # bound, took Oxigraph 0.25 s at 13.7M quads (5 ms without).
        values, located = f"VALUES ?loc {{ {chosen} }} GRAPH ?g {{ ?op conf:location ?loc }}", ""
    return _rows_to_reports(store, _OPS % {"values": values, "graph": "?g", "located": located,
                                           "skip": _skip(skip)})


def _stored_reports_of(store: Store, skip: Iterable[str], graph: str) -> list[Report]:
    node = URIRef(graph).n3()
    values = f"BIND({node} AS ?g)"
    located = _LOCATED % {"graph": node}
    return _rows_to_reports(store, _OPS % {"values": values, "graph": node, "located": located,
                                           "skip": _skip(skip)})


def _rows_to_reports(store: Store, sparql: str) -> list[Report]:
    # pyoxigraph's terms: making rdflib terms of every row cost more than the query
    rows = store.select_terms(sparql)
    return _collect(
        (op.value, g.value, k.value, _value(loc), _value(d), _value(a), _value(t))
        for op, g, k, loc, d, a, t in rows
        if op is not None and g is not None and k is not None
    )


def _value(term: OxTerm | None) -> str | None:
    return None if term is None else term.value


def _places(store: Store, skip: Iterable[str], extra: Iterable[Triple] = ()) -> Places:
    """The whole place hierarchy outside the graphs `skip`, with that of the triples `extra` (for a
    rebuild: a patch walks only the blocks it needs, `_places_around`)."""
    places = Places()
    for a, b, country in store.select_terms(_PLACES % {"skip": _skip(skip)}):
        if a is not None and b is not None:
            places.parents[a.value].add(b.value)
        if country is not None:
            places.countries.add(country.value)
    _add_places(places, extra)
    return places


def _add_places(places: Places, triples: Iterable[Triple]) -> None:
    located_in, country_class = CONF.locatedIn, CONF.Country
    for s, p, o in triples:
        if p == located_in:
            places.parents[str(s)].add(str(o))
        elif p == _TYPE and o == country_class:
            places.countries.add(str(s))


_LOCATED_IN = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?a ?b WHERE { GRAPH ?g { ?a conf:locatedIn ?b } FILTER(%(skip)s) }
"""
"""Bound on ?a, the places some lie in; on ?b, the places directly inside some."""
_COUNTRIES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a a conf:Country } FILTER(%(skip)s) }
"""


class _Walk:
    """The place hierarchy outside the graphs `skip`, with that of the triples `extra`, asked of the
    store a few places at a time: each place's parents, children and whether it is a country, once."""

    def __init__(self, store: Store, skip: Iterable[str], extra: Iterable[Triple]) -> None:
        self.store, self.filter = store, _skip(skip)
        self.known = Places()
        _add_places(self.known, extra)
        self.extra_children: dict[str, set[str]] = defaultdict(set)
        for child, ups in self.known.parents.items():
            for up in ups:
                self.extra_children[up].add(child)
        self.parents: dict[str, set[str]] = {}
        self.children: dict[str, set[str]] = {}
        self.asked_country: set[str] = set()

    def _ask(self, query: str, bound: str, nodes: Iterable[str]) -> list[dict[str, OxTerm]]:
        values = [ox.NamedNode(node) for node in sorted(nodes)]
        return self.store.select(query % {"skip": self.filter}, each=(bound, values), timeout=float("inf"))

    def up(self, nodes: Iterable[str]) -> None:
        """Read the parents of `nodes`."""
        new = {node for node in nodes if node not in self.parents}
        for node in new:
            self.parents[node] = set(self.known.parents.get(node, ()))
        if new:
            for row in self._ask(_LOCATED_IN, "a", new):
                self.parents[row["a"].value].add(row["b"].value)

    def down(self, nodes: Iterable[str]) -> None:
        """Read the children of `nodes`."""
        new = {node for node in nodes if node not in self.children}
        for node in new:
            self.children[node] = set(self.extra_children.get(node, ()))
        if new:
            for row in self._ask(_LOCATED_IN, "b", new):
                self.children[row["b"].value].add(row["a"].value)

    def countries(self, nodes: Iterable[str]) -> None:
        """Read which of `nodes` are countries."""
        new = {node for node in nodes if node not in self.asked_country}
        self.asked_country |= new
        if new:
            self.known.countries.update(row["a"].value for row in self._ask(_COUNTRIES, "a", new))


def _places_around(store: Store, skip: Iterable[str], extra: Iterable[Triple],
                   seeds: Iterable[str]) -> Places:
    """The part of `_places(store, skip, extra)` that the events of the blocks of `seeds` depend on: the
    places of those blocks (`Places.area`), every place they lie in, and which of these are countries.

    A patch needs no more, and this part is read by walking out from the seeds, a few queries per step.
    Reading the whole hierarchy on every write grew with the store: at 1.95M quads, the events patch of
    8 articles took 0.09-0.17 s that way and 0.007-0.008 s this way (3 runs each)."""
    walk = _Walk(store, skip, extra)
    members: set[str] = set()
    frontier = set(seeds)
    walk.countries(frontier)
    while frontier:
        # A block is joined by `conf:locatedIn` both ways between places that are no country.
        members |= frontier
        inner = [n for n in frontier if n not in walk.known.countries]
        walk.up(inner)
        walk.down(inner)
        near = {m for n in inner for m in (*walk.parents[n], *walk.children[n])} - members
        walk.countries(near)
        frontier = {n for n in near if n not in walk.known.countries}
    # Every place the members lie in, to any depth, countries and what lies above them included.
    seen, frontier = set(members), set(members)
    while frontier:
        walk.up(frontier)
        frontier = {up for n in frontier for up in walk.parents[n]} - seen
        seen |= frontier
    walk.countries(seen)
    places = Places(countries={n for n in seen if n in walk.known.countries})
    for node in seen:
        if walk.parents[node]:
            places.parents[node] = set(walk.parents[node])
    return places


# -- keeping the graph up to date --------------------------------------------------------------------


def sites_of(store: Store, graphs: Mapping[str, Sequence[Writable]],
             read: Mapping[str, Sequence[Triple]] | None = None) -> set[str]:
    """The places of the operations in `graphs`, before (as the store holds them now) and after they
    are replaced: the blocks of these places are those whose events replacing `graphs` changes. `read`
    holds the triples of `graphs` with the properties of PATCH_READ in rdflib's terms (others may be
    there too), as `settle.read_of` gives them, when the caller has them already."""
    read = rdflib_graphs(graphs, PATCH_READ) if read is None else read
    fresh = [r for g, triples in read.items() for r in reports_in(g, triples)]
    old = _stored_reports(store, skip=[], graphs=list(graphs))
    return {r.location for r in (*fresh, *old) if r.location is not None}


def patch_for(
    store: Store, graphs: Mapping[str, Sequence[Writable]], sites: Iterable[str] | None = None,
    read: Mapping[str, Sequence[Triple]] | None = None, reported: Iterable[str] = (),
) -> GraphPatch:
    """The events patch for replacing `graphs` (an empty list drops a graph): the events of every block
    of places their operations, before or after, took place in, recomputed over the store as it will be.

    The caller holds the store's write lock and writes the patch in the transaction that writes `graphs`
    (their triples rdflib's or pyoxigraph's).
    `sites` names the places whose blocks to recompute instead (`sites_of` before the write): a writer
    settling its patch once the graphs are in the store asks again for the places of its first patch.
    `read` is as for `sites_of`. `reported` are events that told of the operations the graphs held
    before, when the store holds them written already (`reporting`, before a SPARQL update).
    """
    read = rdflib_graphs(graphs, PATCH_READ) if read is None else read
    replaced = list(graphs)
    fresh = [r for g, triples in read.items() for r in reports_in(g, triples)]
    seeds = sites_of(store, graphs, read) if sites is None else set(sites)
    places = _places_around(store, replaced, (t for triples in read.values() for t in triples), seeds)
    blocks = {places.area(p) for p in seeds}
    known = set(places.parents) | {p for ups in places.parents.values() for p in ups}
    area = {p for p in known if places.area(p) in blocks} | blocks
    kept = _stored_reports(store, replaced, area)
    triples = events_triples([*kept, *fresh], places)
    stale = store.select_rows(_AFFECTED % {
        "events": EVENTS_GRAPH.n3(),
        "graphs": _iris(replaced),
        "places": _iris(area),
    })
    written = {URIRef(str(t[0])) for t in triples}
    gone = {URIRef(str(e)) for (e,) in stale if e is not None} | {URIRef(e) for e in reported}
    subjects = sorted(gone | written)
    return GraphPatch(str(EVENTS_GRAPH), subjects, triples)


_REPORTING = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?e WHERE {
  VALUES ?g { %(graphs)s } GRAPH ?g { ?op a conf:Operation } GRAPH %(events)s { ?e conf:report ?op }
}
"""


def reporting(store: Store, graphs: Iterable[str]) -> frozenset[str]:
    """The events that tell of an operation `graphs` hold now."""
    named = _iris(graphs)
    if not named:
        return frozenset()
    rows = store.select_rows(_REPORTING % {"events": EVENTS_GRAPH.n3(), "graphs": named})
    return frozenset(str(e) for (e,) in rows if e is not None)


def summarize(quads: Iterable[tuple[Node, Node, Node, Node]]) -> list[Triple]:
    """The events graph of (subject, predicate, object, graph) quads not in a store (a file), as
    `rebuild` would write it once they are loaded."""
    graphs: dict[str, list[Triple]] = defaultdict(list)
    places = Places()
    derived = {str(g) for g in _DERIVED}
    for s, p, o, g in quads:
        if str(g) in derived:
            continue
        graphs[str(g)].append((s, p, o))  # type: ignore[arg-type]  # rdflib terms, as in a Triple
        if p == CONF.locatedIn:
            places.parents[str(s)].add(str(o))
        elif p == RDF.type and o == CONF.Country:
            places.countries.add(str(s))
    return events_triples([r for g, triples in graphs.items() for r in reports_in(g, triples)], places)


def rebuild(store: Store, bulk: bool = False) -> int:
    """Recompute every event from the article graphs; returns the event triples written.

    `bulk` writes them with the backend's bulk loader, outside any transaction, as `kg load` writes its
    files: for a store no one else is using.
    """
    with store.write_lock:
        triples = events_triples(_stored_reports(store, skip=[]), _places(store, skip=[]))
        if store.holds_exactly(str(EVENTS_GRAPH), triples):
            return len(triples)  # as after restoring a `kg export`, which holds the events already
        if bulk:
            return store.bulk_replace_graph(str(EVENTS_GRAPH), triples)
        return store.replace_graphs({str(EVENTS_GRAPH): triples})
