"""The entity index: one summary of every actor and place across all graphs, in a named graph of its own.

Each article graph repeats the class, label and aliases of every entity it names, so over the union
default graph an actor named by 2,000 articles has 2,000 copies of each, and a query that joins on them
multiplies. Queries that want one row per entity (name search, the REST routes, walks over the relation
graph) read INDEX_GRAPH instead, where each entity has

- `a conf:Actor` or `a conf:Location`, and at most one kind class (the background graph's, else the
  one most graphs give; never a class of an article's own nodes, NOT_KINDS);
- one `rdfs:label` (the background graph's, else the label most graphs give) and every other name any
  graph gives it as `skos:altLabel`;
- `conf:articleCount`: how many graphs mention it (`?doc conf:mentions ?entity`);
- one copy of each of its `conf:locatedIn`, relation (`conf:supports`, `conf:opposes`,
  `conf:alliedWith`), `owl:sameAs` and coordinate triples;
- for an actor, `conf:nameGram` with every run of GRAM characters of its names and slug in lower case,
  each followed by a space and the actor's count band (`name_grams`, `count_band`: "hez 4" for an
  actor in 8 to 15 articles): a search for names containing some text looks up the actors with its
  runs, bound on the text and a band, instead of reading every actor's names, and reads the bands
  from the most mentioned down only until its page is full.

The index is derived, never stated by an article: the entities of an ingest are summarised again in the
same transaction that writes their articles (`patch_for`, which asks the store about those entities
only), and `rebuild` recomputes all of it (after a bulk load or a SPARQL update) from one aggregate scan
per property, which on a big store is several times faster than asking entity by entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg import summaries as kept_summaries
from kg import update_scope
from kg.dataset import RequestDataset
from kg.rdf import iris
from kg.rdf.namespaces import CONF, GRAPH, WGS84
from kg.store import (
    GraphPatch,
    OxTerm,
    Store,
    Triple,
    Writable,
    from_ox,
    rdflib_graphs,
    rdflib_triples,
    to_ox,
)

__all__ = [
    "GRAM",
    "count_band",
    "INDEX_FORMAT",
    "INDEX_GRAPH",
    "Summary",
    "bring_up_to_date",
    "index_triples",
    "name_grams",
    "PATCH_READ",
    "patch_for",
    "rebuild",
    "summarize",
    "touched_by",
    "update",
]

INDEX_GRAPH = GRAPH["index"]
"""Named graph of the entity index."""

Term = Node | ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term: summaries hold rdflib's terms (from an ingest or a file) or pyoxigraph's (a rebuild)."""

# Terms looked up once: attribute access on rdflib's namespaces is slow, and these run per triple.
_TYPE, _LABEL, _ALT_LABEL, _MENTIONS = RDF.type, RDFS.label, SKOS.altLabel, CONF.mentions
_ARTICLE_COUNT, _INTEGER, _NAME_GRAM = CONF.articleCount, XSD.integer, CONF.nameGram
BASES = (CONF.Actor, CONF.Location)
"""The classes whose members the index summarises."""
COPIED = (CONF.locatedIn, CONF.supports, CONF.opposes, CONF.alliedWith, OWL.sameAs, WGS84.lat, WGS84.long)
"""Properties copied once each, as they are."""
_READ = (RDF.type, RDFS.label, SKOS.altLabel, *COPIED)
NOT_KINDS = (CONF.Article, CONF.Mention, CONF.RelationClaim, CONF.Operation, CONF.Statement)
"""Classes of an article's own nodes: never an entity's kind, and left out of the index's scans."""


def _ox(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _both(*terms: URIRef) -> frozenset[Term]:
    """`terms` as rdflib's and as pyoxigraph's terms, for membership tests by hash (rdflib's term
    equality is slow Python code, and the two libraries' terms never compare equal)."""
    return frozenset((*terms, *map(_ox, terms)))


_READ_SET, _BASE_SET, _NOT_KIND_SET = frozenset(_READ), _both(*BASES), _both(*NOT_KINDS)
_BASE_ACTOR, _BASE_LOCATION = _both(CONF.Actor), _both(CONF.Location)
_LOCATED_IN = _both(CONF.locatedIn)
PATCH_READ = {_ox(p): p for p in (*_READ, _MENTIONS)}
"""The properties a patch reads of the graphs it is for (pyoxigraph's term to rdflib's)."""
_TYPES, _LABELS, _ALT_LABELS = _both(_TYPE), _both(_LABEL), _both(_ALT_LABEL)

INDEX_FORMAT = 5
"""The version of what the index graph holds (`conf:indexFormat` of the graph itself): a store whose
index says another, or nothing, is rebuilt when opened (`bring_up_to_date`). Raise it whenever the
index or events graphs change shape."""
_FORMAT = CONF.indexFormat

GRAM = 3
"""Characters in each run of an actor's name the index keeps (`conf:nameGram`)."""

_VALUES_CHUNK = 400
"""Entities named in one VALUES block of the summary queries."""
_READERS = 2
"""Summary queries sent to the store at once."""


@dataclass
class _Entity:
    """What the graphs say of one entity, with how many graphs say each thing."""

    bases: set[Term] = field(default_factory=set)
    kinds: Counter[Term] = field(default_factory=Counter)
    labels: Counter[Term] = field(default_factory=Counter)
    names: set[Term] = field(default_factory=set)
    background_kind: Term | None = None
    background_label: Term | None = None
    articles: int = 0
    copied: set[tuple[Term, Term]] = field(default_factory=set)

    def prefer(self, predicate: Term, obj: Term) -> None:
        """The background graph states (entity, p, o): its kind and label win over the articles' (the
        smallest first, should it give several)."""
        if predicate in _TYPES and obj not in _BASE_SET and obj not in _NOT_KIND_SET:
            self.background_kind = _smallest(self.background_kind, obj)
        elif predicate in _LABELS:
            self.background_label = _smallest(self.background_label, obj)

    def observe(self, predicate: Term, obj: Term, graphs: int, background: bool) -> None:
        """`graphs` graphs (the background graph among them when `background`) state (entity, p, o)."""
        if predicate in _TYPES:
            if obj in _BASE_SET:
                self.bases.add(obj)
            elif obj not in _NOT_KIND_SET:
                self.kinds[obj] += graphs
        elif predicate in _LABELS:
            self.labels[obj] += graphs
            self.names.add(obj)
        elif predicate in _ALT_LABELS:
            self.names.add(obj)
        else:
            self.copied.add((predicate, obj))
        if background:
            self.prefer(predicate, obj)


def _text(term: Term) -> str:
    """The IRI or lexical form of a term of either library: what ties are broken by."""
    return str(term) if isinstance(term, Node) else term.value


def _smallest(kept: Term | None, other: Term) -> Term:
    return other if kept is None or _text(other) < _text(kept) else kept


def count_band(articles: int) -> int:
    """The band of an article count in `conf:nameGram`: its length in binary digits (0 for none, 1 for
    one article, 2 for two or three, 3 for four to seven...), so a band's counts are above every lower
    band's and an actor changes band a few times in its life, not at every article."""
    return articles.bit_length()


def name_grams(text: str) -> set[str]:
    """Every run of GRAM characters of `text` in lower case: a text of GRAM characters or more that a
    name contains has its runs among the name's."""
    lowered = text.lower()
    return {lowered[i:i + GRAM] for i in range(len(lowered) - GRAM + 1)}


def _most_common(counts: Counter[Term], preferred: Term | None) -> Term | None:
    """The preferred value when given, else the most frequent, the smallest first among equals."""
    if preferred is not None:
        return preferred
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], _text(value)))


def index_triples(entities: Mapping[Node, _Entity]) -> Iterator[Triple]:
    """The index triples of `entities`, summaries in rdflib's terms: those without a base class (not
    actors or places) are left out."""
    predicates = (_TYPE, _LABEL, _ALT_LABEL, _ARTICLE_COUNT, _NAME_GRAM)
    rows = _index_rows(entities, predicates, lambda n: Literal(n, datatype=_INTEGER), Literal)
    yield from rows  # type: ignore[misc]  # rdflib's terms in, rdflib's out


def _ox_index_triples(entities: Mapping[Term, _Entity]) -> Iterator[ox.Triple]:
    """The index triples of `entities`, summaries in pyoxigraph's terms."""
    integer = _ox(_INTEGER)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=integer)

    predicates = (_ox(_TYPE), _ox(_LABEL), _ox(_ALT_LABEL), _ox(_ARTICLE_COUNT), _ox(_NAME_GRAM))
    for node, predicate, obj in _index_rows(entities, predicates, count, ox.Literal):
        yield ox.Triple(node, predicate, obj)  # type: ignore[arg-type]  # pyoxigraph's terms throughout


def _index_rows(entities: Mapping[Any, _Entity], predicates: tuple[Term, Term, Term, Term, Term],
                count: Callable[[int], Term],
                literal: Callable[[str], Term]) -> Iterator[tuple[Term, Term, Term]]:
    type_, label_, alt_label, article_count, name_gram = predicates
    for node, entity in entities.items():
        if not entity.bases:
            continue
        for base in sorted(entity.bases, key=_text):
            yield node, type_, base
        kind = _most_common(entity.kinds, entity.background_kind)
        if kind is not None:
            yield node, type_, kind
        label = _most_common(entity.labels, entity.background_label)
        if label is not None:
            yield node, label_, label
        for name in sorted(entity.names - {label}, key=_text):
            yield node, alt_label, name
        yield node, article_count, count(entity.articles)
        for predicate, obj in sorted(entity.copied, key=lambda po: (_text(po[0]), _text(po[1]))):
            yield node, predicate, obj
        if _BASE_ACTOR & entity.bases:
            grams = name_grams(_text(node).rsplit("/", 1)[-1])  # the slug, as find_actors.rq reads it
            for name in entity.names:
                grams |= name_grams(_text(name))
            band = count_band(entity.articles)
            for gram in sorted(grams):
                yield node, name_gram, literal(f"{gram} {band}")


class Summary:
    """Entity summaries built quad by quad, for data that is not in a store yet (a file being written)."""

    def __init__(self) -> None:
        self.entities: dict[Node, _Entity] = defaultdict(_Entity)
        self._mentioned: dict[Node, set[Node]] = defaultdict(set)
        self._kept: dict[Node, list[Triple]] = defaultdict(list)
        """Per graph, the triples the kept summaries (kg/summaries.py) are made of."""

    def add(self, s: Node, p: Node, o: Node, g: Node) -> None:
        """Take in the quad (s, p, o) of graph g."""
        if g == INDEX_GRAPH:
            return
        if p == _MENTIONS:
            self._mentioned[o].add(g)
        elif p in _READ_SET:
            self.entities[s].observe(p, o, 1, g == iris.BACKGROUND_GRAPH)
        if p in kept_summaries.READ:
            self._kept[g].append((s, p, o))

    def triples(self) -> Iterator[Triple]:
        """Every index triple of what was added so far, as a store would hold it."""
        entities = self.result()
        yield from index_triples(entities)
        records = kept_summaries.Records()
        for graph, triples in self._kept.items():
            records.take_graph(_ox(URIRef(str(graph))), triples)
        indexed, actors, places, parents = _kinds(entities)
        for t in kept_summaries.summary_triples(records, indexed, actors, places, parents):
            yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)
        yield URIRef(str(INDEX_GRAPH)), _FORMAT, Literal(INDEX_FORMAT, datatype=_INTEGER)

    def result(self, of: Collection[Node] | None = None) -> dict[Node, _Entity]:
        """The summaries of everything added so far (of the entities `of` alone, when given), article
        counts included."""
        entities: dict[Node, _Entity] = defaultdict(_Entity)
        for node, entity in self.entities.items():
            if of is not None and node not in of:
                continue
            entities[node] = _Entity(entity.bases.copy(), entity.kinds.copy(), entity.labels.copy(),
                                     entity.names.copy(), entity.background_kind, entity.background_label,
                                     0, entity.copied.copy())
        for node, graphs in self._mentioned.items():
            if of is None or node in of:
                entities[node].articles += len(graphs)
        return entities


def summarize(
    quads: Iterable[tuple[Node, Node, Node, Node]], of: Collection[Node] | None = None
) -> dict[Node, _Entity]:
    """Entity summaries from (subject, predicate, object, graph) quads, the way the index sees them: of
    every entity they name, or of those `of`."""
    summary = Summary()
    for quad in quads:
        summary.add(*quad)
    return summary.result(of)


# -- reading the store --------------------------------------------------------------------------------

# The predicates are a FILTER rather than a second VALUES block: with two VALUES blocks of more than
# ten rows between them, Oxigraph hash-joins them against every quad of those predicates, which made
# the patch of an ingest batch take seconds on a store of a million quads instead of milliseconds.
#
# The quads are counted from a subquery: Virtuoso 7.2 answers the same query written as one group
# with some groups only, once the VALUES block holds more than a few entities.
_OBSERVED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e ?p ?o (COUNT(*) AS ?graphs)
WHERE {
  {
    SELECT DISTINCT ?e ?p ?o ?g WHERE {
      %(entities)s
      GRAPH ?g { ?e ?p ?o }
      FILTER(?p IN (%(predicates)s))
      FILTER(?g != %(index)s %(skip)s)
    }
  }
}
GROUP BY ?e ?p ?o
"""

# What the background graph says is asked apart: Virtuoso 7.2 answers a query that both filters ?g
# and aggregates a test of ?g (SUM(IF(?g = ...))) with one group only.
_PREFERRED = """\
SELECT ?e ?p ?o WHERE { %(entities)s GRAPH %(background)s { ?e ?p ?o } FILTER(?p IN (%(preferred)s)) }
"""

_MENTIONED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e (COUNT(DISTINCT ?g) AS ?graphs)
WHERE {
  %(entities)s
  GRAPH ?g { ?doc conf:mentions ?e }
  FILTER(?g != %(index)s %(skip)s)
}
GROUP BY ?e
"""

# The whole-store scans of `rebuild`, one per property: each is one pass over the property's quads,
# aggregated inside the store. Whether a graph is the background graph is asked separately (of that
# graph alone): an expression evaluated on every row would cost more than the scan itself.
_SCAN_COUNTED = """\
SELECT ?e ?o (COUNT(*) AS ?graphs)
WHERE { GRAPH ?g { ?e %(predicate)s ?o } FILTER(?g != %(index)s %(classes)s) }
GROUP BY ?e ?o
"""

_SCAN_DISTINCT = """\
SELECT DISTINCT ?e ?o WHERE { GRAPH ?g { ?e %(predicate)s ?o } FILTER(?g != %(index)s) }
"""

_SCAN_MENTIONED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e (COUNT(DISTINCT ?g) AS ?graphs)
WHERE { GRAPH ?g { ?doc conf:mentions ?e } FILTER(?g != %(index)s) }
GROUP BY ?e
"""

_SCAN_BACKGROUND = """\
SELECT ?e ?p ?o WHERE { GRAPH %(background)s { ?e ?p ?o } FILTER(?p IN (%(predicates)s)) }
"""


# A term is left out by `?x != a && ?x != b`, never `?x NOT IN (a, b)`: Virtuoso 7.2 answers a grouped
# query filtered by NOT IN of several IRIs with no rows, or with some groups missing.


def _iri_list(nodes: Iterable[Node]) -> str:
    return " ".join(URIRef(str(n)).n3() for n in nodes)


def _read(store: Store, entities: list[URIRef], skip: Iterable[str]) -> dict[Node, _Entity]:
    """Summaries of `entities` from the store, leaving out the graphs `skip`.

    Entities are asked for a chunk at a time; several chunks go to the store at once (Oxigraph
    evaluates queries outside the GIL, so one chunk's rows are read while the next is evaluated).
    """
    skipped = _iri_list(URIRef(g) for g in skip)
    params = {
        "index": INDEX_GRAPH.n3(),
        "background": iris.BACKGROUND_GRAPH.n3(),
        "predicates": ", ".join(_iri_list(_READ).split()),
        "preferred": f"{_TYPE.n3()}, {_LABEL.n3()}",
        "skip": "".join(f"&& ?g != {g} " for g in skipped.split()),
    }

    Rows = list[tuple[Node | None, ...]]

    def rows(chunk: list[URIRef]) -> tuple[Rows, Rows, Rows]:
        # Every value pasted here is an IRI written by rdflib's own N-Triples serializer.
        values = {**params, "entities": f"VALUES ?e {{ {_iri_list(chunk)} }}"}
        return (store.select_rows(_OBSERVED % values), store.select_rows(_PREFERRED % values),
                store.select_rows(_MENTIONED % values))

    chunks = [entities[i:i + _VALUES_CHUNK] for i in range(0, len(entities), _VALUES_CHUNK)]
    summaries: dict[Node, _Entity] = defaultdict(_Entity)
    with ThreadPoolExecutor(max_workers=min(_READERS, max(1, len(chunks)))) as readers:
        for observed, preferred, mentioned in readers.map(rows, chunks):
            for e, p, o, graphs in observed:
                if e is not None and p is not None and o is not None:
                    summaries[e].observe(p, o, int(str(graphs)), False)
            for e, p, o in preferred:
                if e is not None and p is not None and o is not None:
                    summaries[e].prefer(p, o)
            for e, graphs in mentioned:
                if e is not None:
                    summaries[e].articles += int(str(graphs))
    return summaries


def _read_all(store: Store) -> dict[Term, _Entity]:
    """Summaries of every entity in the store: one aggregate scan per property, several at once."""
    params = {"index": INDEX_GRAPH.n3(), "background": iris.BACKGROUND_GRAPH.n3()}
    not_kinds = "".join(f"&& ?o != {kind} " for kind in _iri_list(NOT_KINDS).split())
    counted = [
        (_LABEL, _SCAN_COUNTED % {**params, "predicate": _LABEL.n3(), "classes": ""}),
        (_TYPE, _SCAN_COUNTED % {**params, "predicate": _TYPE.n3(), "classes": not_kinds}),
    ]
    distinct = [(p, _SCAN_DISTINCT % {**params, "predicate": p.n3()}) for p in (_ALT_LABEL, *COPIED)]
    background = _SCAN_BACKGROUND % {**params, "predicates": f"{_TYPE.n3()}, {_LABEL.n3()}"}
    mentioned = _SCAN_MENTIONED % params
    jobs = [*counted, *distinct, (None, background), (None, mentioned)]
    with ThreadPoolExecutor(max_workers=_READERS) as readers:
        results = dict(zip(
            (query for _p, query in jobs),
            readers.map(store.select_terms, [query for _p, query in jobs]),
            strict=True,
        ))

    summaries: dict[Term, _Entity] = defaultdict(_Entity)
    for predicate, query in counted:
        term = _ox(predicate)
        for e, o, graphs in results[query]:
            if e is not None and o is not None and graphs is not None:
                summaries[e].observe(term, o, int(graphs.value), False)
    for predicate, query in distinct:
        term = _ox(predicate)
        for e, o in results[query]:
            if e is not None and o is not None:
                summaries[e].observe(term, o, 1, False)
    for e, p, o in results[background]:
        if e is not None and p is not None and o is not None:
            summaries[e].prefer(p, o)
    for e, graphs in results[mentioned]:
        if e is not None and graphs is not None:
            summaries[e].articles += int(graphs.value)
    return {node: entity for node, entity in summaries.items() if entity.bases}


Kinds = tuple[list[ox.NamedNode], list[ox.NamedNode], list[ox.NamedNode], dict[OxTerm, set[OxTerm]]]


def _kinds(entities: Mapping[Any, _Entity]) -> Kinds:
    """Of the summaries `entities` (in either library's terms), in pyoxigraph's: those indexed, the actors
    and the places among them, and the places each indexed one lies in."""
    indexed = {_ox(URIRef(_text(e))): entity for e, entity in entities.items() if entity.bases}
    parents: dict[OxTerm, set[OxTerm]] = {
        node: {to_ox(o) for p, o in entity.copied
               if p in _LOCATED_IN and not isinstance(o, Literal | ox.Literal)}
        for node, entity in indexed.items()
    }
    return (list(indexed), [node for node, entity in indexed.items() if _BASE_ACTOR & entity.bases],
            [node for node, entity in indexed.items() if _BASE_LOCATION & entity.bases], parents)


def _entities_in(triples: Iterable[Triple]) -> set[Node]:
    return {s for s, p, o in triples if o in _BASE_SET and p == _TYPE}


def touched_by(
    store: Store,
    graphs: Mapping[str, Sequence[Writable]],
    written: Iterable[Writable] = (),
    read: Mapping[str, Sequence[Triple]] | None = None,
) -> set[Node]:
    """The entities whose summaries replacing `graphs` (an empty list drops a graph) changes: those the
    graphs name before (as the store holds them now) or after, and those of `written`, triples already
    added to other graphs (the background graph) since the last patch. `read` holds the triples of
    `graphs` with the properties of PATCH_READ in rdflib's terms (others may be there too), as
    `settle.read_of` gives them, when the caller has them already."""
    touched: set[Node] = _entities_in(rdflib_triples(written, PATCH_READ))
    for triples in (rdflib_graphs(graphs, PATCH_READ) if read is None else read).values():
        touched |= _entities_in(triples)
    if graphs:
        graph_list, base_list = _iri_list(URIRef(g) for g in graphs), ", ".join(_iri_list(BASES).split())
        before = store.select_rows(  # a FILTER, not a second VALUES block: see _OBSERVED
            f"SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {graph_list} }} GRAPH ?g {{ ?e a ?base }} "
            f"FILTER(?base IN ({base_list})) }}"
        )
        touched |= {e for (e,) in before if e is not None}
    return touched


def patch_for(
    store: Store,
    graphs: Mapping[str, Sequence[Writable]],
    written: Iterable[Writable] = (),
    touched: Iterable[Node] | None = None,
    rerank: bool = False,
    read: Mapping[str, Sequence[Triple]] | None = None,
    held: kept_summaries.Held | None = None,
) -> GraphPatch:
    """The index patch for replacing `graphs` (an empty list drops a graph): every entity they name,
    before or after, summarised over the store as it will be once they are written.

    `written` are triples already added to other graphs (the background graph) since the last patch:
    their entities are summarised too. The caller holds the store's write lock from before those
    writes until the patch is written with the graphs. `touched` names the entities to summarise
    instead (`touched_by` before the write), and `rerank` ranks the newest articles afresh from every
    article the index lists rather than from the list as kept: a writer settling its patch once the
    graphs are in the store asks for both (kg/settle.py). Triples may be rdflib's or pyoxigraph's;
    `read` is as for `touched_by`; `held` what the graphs held before, when the store holds them
    written already (`update`).
    """
    read = rdflib_graphs(graphs, PATCH_READ) if read is None else read
    replaced = list(graphs)
    entities = sorted(touched_by(store, graphs, written, read) if touched is None else set(touched), key=str)
    summaries = _read(store, [URIRef(str(e)) for e in entities], replaced)
    fresh = summarize(
        (
            (s, p, o, node)
            for node, triples in ((URIRef(g), triples) for g, triples in read.items())
            for s, p, o in triples
            if p in _READ_SET or p == _MENTIONS
        ),
        of=set(entities),
    )
    for node, entity in fresh.items():
        _merge(summaries[node], entity)
    indexed, actors, places, parents = _kinds(summaries)
    touched_nodes = [_ox(URIRef(str(e))) for e in entities]
    subjects, kept = kept_summaries.patch(
        store, touched_nodes, indexed, actors, places, parents, graphs, rerank=rerank, held=held
    )
    graph = ox.NamedNode(str(INDEX_GRAPH))  # its own format, stated with every write
    added: list[Triple | ox.Triple] = [*index_triples(summaries), *kept, _format_triple()]
    return GraphPatch(str(INDEX_GRAPH), [*touched_nodes, *subjects, graph], added)


def _format_triple() -> ox.Triple:
    """The index graph's statement of its own format (`INDEX_FORMAT`)."""
    graph = ox.NamedNode(str(INDEX_GRAPH))
    return ox.Triple(graph, _ox(_FORMAT), ox.Literal(str(INDEX_FORMAT), datatype=_ox(_INTEGER)))


_FORMAT_QUERY = f"SELECT ?format WHERE {{ GRAPH <{INDEX_GRAPH}> {{ <{INDEX_GRAPH}> <{_FORMAT}> ?format }} }}"
_ANY_ARTICLE = """PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?a WHERE { GRAPH ?g { ?a a conf:Article } } LIMIT 1
"""


def bring_up_to_date(store: Store) -> bool:
    """Rebuild the index and the events of a store written by an earlier version; True when it did.

    A store whose index states the current `INDEX_FORMAT` (every write states it), or that holds no
    article, is left as it is.
    """
    from kg import events  # events read the index module's graph name: imported here, not at the top

    rows = store.select(_FORMAT_QUERY)
    if rows and rows[0]["format"] is not None and rows[0]["format"].value == str(INDEX_FORMAT):
        return False
    if not store.select(_ANY_ARTICLE):
        return False
    rebuild(store)
    events.rebuild(store)
    return True


def _merge(into: _Entity, other: _Entity) -> None:
    into.bases |= other.bases
    into.kinds.update(other.kinds)
    into.labels.update(other.labels)
    into.names |= other.names
    if other.background_kind is not None:
        into.background_kind = _smallest(into.background_kind, other.background_kind)
    if other.background_label is not None:
        into.background_label = _smallest(into.background_label, other.background_label)
    into.articles += other.articles
    into.copied |= other.copied


def update(
    store: Store, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None,
    graphs: Sequence[str] | None = None,
) -> None:
    """Run a SPARQL update, and bring the index and the events up to date with it.

    When the graphs it writes are known (`graphs`, else read from its text: kg/update_scope.py) and none
    of them is derived or the background graph, the entities and places they name before and after
    are summarised again, as a write of those graphs would (and settled as one on a store that other
    processes write too: kg/settle.py). Otherwise, as an update may change any entity or operation or
    the derived graphs themselves, both are rebuilt from the whole store. `dataset` and `base_iri` are
    passed to Store.update (the protocol's using-graph-uri, the endpoint).
    """
    from kg import events, settle  # both read this module's graph name: imported here, not at the top

    with store.write_lock:
        written = update_scope.graphs_written(sparql, base_iri) if graphs is None else list(graphs)
        if written is None or not _DERIVED.isdisjoint(written):
            store.update(sparql, dataset, base_iri)
            rebuild(store)
            events.rebuild(store)
            return
        # What the patches of a write would read of the graphs before it, read before the update writes
        # them: the entities and places they name, and what the summaries and events drawn from them.
        before = settle.scope_of(store, {graph: [] for graph in written})
        held, reporting = kept_summaries.held(store, written), events.reporting(store, written)
        store.update(sparql, dataset, base_iri)
        after = {graph: settle.stored_triples(store, graph) for graph in written}
        now = settle.scope_of(store, after)
        scope = settle.Scope(before.entities | now.entities, before.sites | now.sites, held=held,
                             reporting=reporting)
        patches = settle.patches(store, after, scope)
        store.replace_graphs({}, patch=patches)
        if store.shared:  # another writer may have summarised some of the same entities meanwhile
            settle.settle(store, after, settle.wrote(scope, patches))


_DERIVED = frozenset(map(str, (INDEX_GRAPH, iris.EVENTS_GRAPH, iris.BACKGROUND_GRAPH)))
"""Graphs an update may write only with a rebuild after it: the derived ones, and the background graph
(whose facts about an entity every article naming it leans on)."""


def rebuild(store: Store, bulk: bool = False) -> int:
    """Recompute the whole index from every other graph; returns the index triples written.

    `bulk` writes it with the backend's bulk loader, outside any transaction, as `kg load` writes its
    files: several times faster, for a store no one else is using.
    """
    with store.write_lock:
        entities = _read_all(store)
        indexed, actors, places, parents = _kinds(entities)
        triples = list(_ox_index_triples(entities))
        triples += kept_summaries.rebuild_triples(store, indexed, actors, places, parents)
        triples.append(_format_triple())
        if store.holds_exactly(str(INDEX_GRAPH), triples):
            return len(triples)  # as after restoring a `kg export`, which holds the index already
        if bulk:
            return store.bulk_replace_graph(str(INDEX_GRAPH), triples)
        return store.replace_graphs({str(INDEX_GRAPH): triples})
