"""Answers kept summed per entity in the index graph, so that reading them does not grow with the corpus.

The REST routes ask of one actor or place: who its counterparts are (by relation type and direction,
with how many articles say so and the newest evidence), and which articles name it, newest first; and
of the whole store: its articles, newest first. Summing those over the union of every article graph at
request time costs more the more articles there are. Instead the index graph (kg/index.py) keeps, for
each entity, in the same transaction that writes its articles:

- per counterpart and relation type a node `?pair conf:relationOf ?actor ; conf:counterpart ?other ;
  conf:relation conf:supports ; conf:direction "outgoing" ; conf:attestations n (articles) ;
  conf:evidenceCount m (sentences) ; conf:rank r`, `rank` counting from 0 in the order the routes list
  them (most articles first, then the relation and the counterpart's IRI) and named in the node's IRI
  (`pair_node`); its EVIDENCE_KEPT newest evidence claims, newest first, each the `conf:newestClaim` of
  a node whose IRI is the pair node's and the claim's rank (`claim_node`); the node's `conf:listing`,
  all a page of counterparts shows of it in one JSON value (relation type, direction, the counts, and
  the listing fields of those newest claims), so that a route reads one value per counterpart and no
  claim; and the actor's `conf:counterpartCount`;
- `?entity conf:recentArticle ?doc` for its ARTICLES_KEPT newest articles;
- `?actor conf:firstOperation ?op` and `conf:firstStatement ?statement` for the LISTED_KEPT first
  operations it takes part in and statements it made, in the order the routes list them;
- per place a node `?node conf:within ?place ; conf:listedOperation ?op` (`within_node`) for the
  LISTED_KEPT first operations at the place or at any place inside it (`conf:locatedIn` in the index
  graph, followed to any depth), in the order the routes list them;
- per article `?doc conf:articleGraph ?graph` and `conf:listedOn ?published` (when it has a date);
- the NEWEST_KEPT newest articles of the store, each the `conf:listedArticle` of a node whose IRI
  names its rank (`newest_node`), for the first pages of the article list;
- per operation and per relation claim `conf:listing`: what a page shows of it (`listing`, the fields
  of SHOWN and CLAIM_SHOWN) packed in one JSON string, so a page reads one value per answer rather
  than a triple per field.

A route then reads by lookups bound on the entity: a page of pairs by their IRIs, their claims by IRI.
`patch` summarises some entities (those a write touches) and `rebuild_triples` all of them, from the
same records, so a patch and a rebuild give the same triples (tests/test_index.py checks).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.rdf.namespaces import BASE, CONF
from kg.store import OxTerm, Row, Store, Writable, to_ox
from kg.values import decimal, number

__all__ = ["ARTICLES_KEPT", "EVIDENCE_KEPT", "READ", "Held", "Records", "claim_node", "held", "pair_node",
           "patch",
           "rebuild_triples", "summary_triples", "within_node"]

EVIDENCE_KEPT = 5
"""Newest evidence claims kept per counterpart."""
_READERS = 2
"""Reads of one patch sent to the store at once."""
ARTICLES_KEPT = 100
"""Newest articles kept per entity."""
LISTED_KEPT = 100
"""First operations (of an actor as agent or target) and statements (of a speaker) kept, in the order
the routes list them."""
NEWEST_KEPT = 1000
"""Articles of the store kept in order, newest first: the first pages of the article list."""
NEWEST_PREFIX = BASE + "index/newest/"
"""The article of rank r in that order is the `conf:listedArticle` of NEWEST_PREFIX + r."""
PAIR_PREFIX = BASE + "index/pair/"
"""Counterpart nodes are PAIR_PREFIX + a digest of the actor + / + the rank."""
WITHIN_PREFIX = BASE + "index/within/"
"""The node listing the first operations within a place is WITHIN_PREFIX + a digest of the place."""


def _n(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_RELATIONS = frozenset(map(_n, (CONF.supports, CONF.alliedWith, CONF.opposes)))
_SUPPORTS = _n(CONF.supports)
_RELATION_OF, _COUNTERPART, _RELATION = _n(CONF.relationOf), _n(CONF.counterpart), _n(CONF.relation)
_DIRECTION, _ATTESTATIONS, _EVIDENCE_COUNT = _n(CONF.direction), _n(CONF.attestations), _n(CONF.evidenceCount)
_RANK, _NEWEST_CLAIM, _COUNTERPART_COUNT = _n(CONF.rank), _n(CONF.newestClaim), _n(CONF.counterpartCount)
_RECENT_ARTICLE, _ARTICLE_GRAPH, _LISTED_ON = _n(CONF.recentArticle), _n(CONF.articleGraph), _n(CONF.listedOn)
_INTEGER, _DATE = _n(XSD.integer), _n(XSD.date)
_SUBJECT, _PREDICATE, _OBJECT, _TYPE = _n(RDF.subject), _n(RDF.predicate), _n(RDF.object), _n(RDF.type)
_DERIVED, _EVIDENCE, _START = _n(PROV.wasDerivedFrom), _n(CONF.evidence), _n(CONF.startOffset)
_PUBLISHED, _MENTIONS, _ARTICLE = _n(CONF.published), _n(CONF.mentions), _n(CONF.Article)
_AGENT, _TARGET, _SPEAKER, _QUOTE = _n(CONF.agent), _n(CONF.target), _n(CONF.speaker), _n(CONF.quote)
_DATE_OF, _OPERATION, _STATEMENT = _n(CONF.date), _n(CONF.Operation), _n(CONF.Statement)
_FIRST_OPERATION, _FIRST_STATEMENT = _n(CONF.firstOperation), _n(CONF.firstStatement)
_LISTED_ARTICLE = _n(CONF.listedArticle)
_LOCATION = _n(CONF.location)
_KIND, _END, _LISTING = _n(CONF.kind), _n(CONF.endOffset), _n(CONF.listing)
_CONFIDENCE, _TITLE, _RELATION_CLAIM = _n(CONF.confidence), _n(CONF.title), _n(CONF.RelationClaim)
SHOWN = (("kind", _KIND), ("date", _DATE_OF), ("doc", _DERIVED), ("start", _START), ("end", _END),
         ("evidence", _EVIDENCE), ("agent", _AGENT), ("target", _TARGET), ("location", _LOCATION))
"""The fields of an operation's `conf:listing` and the predicate of each, in the order written."""
CLAIM_SHOWN = (("doc", _DERIVED), ("evidence", _EVIDENCE), ("start", _START), ("end", _END),
               ("confidence", _CONFIDENCE), ("title", _TITLE), ("published", _PUBLISHED))
"""The fields of a relation claim's `conf:listing` and the predicate of each, in the order written: the
claim's own, then its article's title and date as the claim's graph states them (_OF_ARTICLE)."""
_SHOWN = {predicate: name for name, predicate in SHOWN}
_CLAIM_SHOWN = {predicate: name for name, predicate in CLAIM_SHOWN}
_OF_ARTICLE = frozenset((_TITLE, _PUBLISHED))
_COUNTED = frozenset(("start", "end"))
"""Fields whose values are integers in a listing."""
_MEASURED = frozenset(("confidence",))
"""Fields whose values are numbers in a listing."""
_WITHIN, _LISTED_OPERATION = _n(CONF.within), _n(CONF.listedOperation)

_TAKEN = frozenset((_AGENT, _TARGET, _SPEAKER, _LOCATION, _DATE_OF, _QUOTE, _TYPE, _MENTIONS, _SUBJECT,
                    _PREDICATE, _OBJECT, _DERIVED, _EVIDENCE, _START, _PUBLISHED, _KIND, _END, _CONFIDENCE,
                    _TITLE))
"""The predicates `Records.take_graph` looks at."""

READ = frozenset((RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, CONF.evidence,
                  CONF.startOffset, CONF.published, CONF.mentions, CONF.agent, CONF.target, CONF.speaker,
                  CONF.date, CONF.quote, CONF.location, CONF.kind, CONF.endOffset, CONF.confidence,
                  CONF.title))
"""The predicates (rdflib's terms) of the triples the summaries are made of."""

# The store reads: values are bound (a VALUES block of the entities or graphs asked about), never
# pasted in; without them each reads the whole store, for a rebuild. Every row names its graph, so a
# patch can leave out the graphs it is about to replace. Each OPTIONAL holds its own GRAPH ?g: with the
# OPTIONALs inside one GRAPH ?g group, Oxigraph evaluated them against every graph for each row (at
# 200,000 quads, LOCATED for the 440 places under a region took 12 s instead of 0.1 s, and CLAIMS for
# the 8 actors of an article 1 s instead of 6 ms).
CLAIMS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?e ?g ?claim ?p ?other ?out ?doc ?published ?start ?sentence WHERE {
  { GRAPH ?g { ?claim rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?other } BIND(true AS ?out) }
  UNION
  { GRAPH ?g { ?claim rdf:object ?e ; rdf:predicate ?p ; rdf:subject ?other } BIND(false AS ?out) }
  FILTER(?p IN (conf:supports, conf:alliedWith, conf:opposes) && ?other != ?e)
  OPTIONAL { GRAPH ?g { ?claim prov:wasDerivedFrom ?doc } }
  # The article's date joined through the claim again: an OPTIONAL nested in the one above took 27
  # times as long.
  OPTIONAL { GRAPH ?g { ?claim prov:wasDerivedFrom ?source . ?source conf:published ?published } }
  OPTIONAL { GRAPH ?g { ?claim conf:startOffset ?start } }
  OPTIONAL { GRAPH ?g { ?claim conf:evidence ?sentence } }
}
"""
MENTIONS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e ?g ?doc ?published WHERE {
  GRAPH ?g { ?doc conf:mentions ?e }
  # Its own GRAPH group, as above: nested in the one above, the 100 kept articles of a busy entity bound
  # with it (`_item_rows`) took 0.31-0.54 s at 1.95M quads instead of 6-21 ms.
  OPTIONAL { GRAPH ?g { ?doc conf:published ?published } }
}
"""
ARTICLES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?g ?doc ?published WHERE {
  GRAPH ?g { ?doc a conf:Article OPTIONAL { ?doc conf:published ?published } }
}
"""
OPERATIONS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?e ?g ?op ?date ?doc ?start WHERE {
  GRAPH ?g { ?op conf:agent|conf:target ?e . ?op a conf:Operation }
  OPTIONAL { GRAPH ?g { ?op conf:date ?date } }
  OPTIONAL { GRAPH ?g { ?op prov:wasDerivedFrom ?doc } }
  OPTIONAL { GRAPH ?g { ?op conf:startOffset ?start } }
}
"""
LOCATED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?e ?g ?op ?date ?doc ?start WHERE {
  GRAPH ?g { ?op conf:location ?e . ?op a conf:Operation }
  OPTIONAL { GRAPH ?g { ?op conf:date ?date } }
  OPTIONAL { GRAPH ?g { ?op prov:wasDerivedFrom ?doc } }
  OPTIONAL { GRAPH ?g { ?op conf:startOffset ?start } }
}
"""
LOCATED_IN_GRAPHS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?e WHERE { GRAPH ?g { ?op conf:location ?e . ?op a conf:Operation } }
"""
PARENTS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?e ?up WHERE { GRAPH kgg:index { ?e conf:locatedIn ?up } }
"""
CHILDREN = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?e ?child WHERE { GRAPH kgg:index { ?child conf:locatedIn ?e } }
"""
PLACES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?e WHERE { GRAPH kgg:index { ?e a conf:Location } }
"""
STATEMENTS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?e ?g ?op ?doc ?start WHERE {
  GRAPH ?g { ?op conf:speaker ?e . ?op a conf:Statement ; conf:quote ?quote }
  OPTIONAL { GRAPH ?g { ?op prov:wasDerivedFrom ?doc } }
  OPTIONAL { GRAPH ?g { ?op conf:startOffset ?start } }
}
"""
SHOWN_FACTS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?op ?p ?o WHERE {
  GRAPH ?g { ?op a conf:Operation ; ?p ?o }
  FILTER(?p IN (conf:kind, conf:date, prov:wasDerivedFrom, conf:startOffset, conf:endOffset, conf:evidence,
                conf:agent, conf:target, conf:location))
}
"""
CLAIM_FACTS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?op ?p ?o WHERE {
  GRAPH ?g { ?op a conf:RelationClaim ; ?p ?o }
  FILTER(?p IN (prov:wasDerivedFrom, conf:evidence, conf:startOffset, conf:endOffset, conf:confidence))
}
"""
CLAIM_ARTICLE_FACTS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?op ?p ?o WHERE {
  GRAPH ?g { ?op a conf:RelationClaim ; prov:wasDerivedFrom ?doc . ?doc ?p ?o }
  FILTER(?p IN (conf:title, conf:published))
}
"""
LISTED_IN_GRAPHS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT DISTINCT ?op WHERE { GRAPH ?g { { ?op a conf:Operation } UNION { ?op a conf:RelationClaim } } }
"""
NEWEST = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?node ?doc ?g ?published WHERE {
  GRAPH kgg:index { ?node conf:listedArticle ?doc }
  OPTIONAL { GRAPH kgg:index { ?doc conf:articleGraph ?g } }
  OPTIONAL { GRAPH kgg:index { ?doc conf:listedOn ?published } }
}
"""
LISTED = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?g ?doc ?published WHERE {
  GRAPH kgg:index { ?doc conf:articleGraph ?g OPTIONAL { ?doc conf:listedOn ?published } }
}
"""
KEPT_PAIRS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?pair WHERE { GRAPH kgg:index { ?pair conf:relationOf ?e } }
"""
PAIR_LISTINGS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?e ?pair ?relation ?other ?listing WHERE {
  GRAPH kgg:index { ?pair conf:relationOf ?e ; conf:relation ?relation ; conf:counterpart ?other ;
                    conf:listing ?listing }
}
"""
CLAIM_LISTINGS = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?claim ?listing WHERE { GRAPH kgg:index { ?claim conf:listing ?listing } }
"""
KEPT_ARTICLES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
SELECT ?doc WHERE { GRAPH kgg:index { ?doc conf:articleGraph ?g } }
"""


@dataclass(frozen=True)
class Claim:
    """One relation claim seen from one of its actors: `outgoing` when that actor is its subject."""

    actor: OxTerm
    claim: OxTerm
    relation: OxTerm
    other: OxTerm
    outgoing: bool
    doc: OxTerm | None
    published: str | None
    start: int | None
    stated: bool
    """Whether it has an evidence sentence."""


@dataclass(frozen=True)
class Named:
    """An article `doc` (published on `published`) names `entity`."""

    entity: OxTerm
    doc: OxTerm
    published: str | None


@dataclass
class Records:
    """What the summaries are made of: claims by actor, mentions by entity, and articles by graph."""

    claims: dict[OxTerm, dict[OxTerm, Claim]] = field(default_factory=lambda: defaultdict(dict))
    named: dict[OxTerm, dict[OxTerm, Named]] = field(default_factory=lambda: defaultdict(dict))
    articles: dict[OxTerm, tuple[OxTerm, str | None]] = field(default_factory=dict)
    """Graph -> (article, published)."""
    acts: dict[OxTerm, dict[OxTerm, Listed]] = field(default_factory=lambda: defaultdict(dict))
    """Actor -> the operations it is an agent or target of, each with its listing key."""
    says: dict[OxTerm, dict[OxTerm, Listed]] = field(default_factory=lambda: defaultdict(dict))
    """Speaker -> its statements, each with its listing key."""
    at: dict[OxTerm, dict[OxTerm, Listed]] = field(default_factory=lambda: defaultdict(dict))
    """Place -> the operations that took place there (not inside it), each with its listing key."""
    shown: dict[OxTerm, dict[str, set[OxTerm]]] = field(default_factory=dict)
    """Operation -> the values of each field of its `conf:listing`."""
    stated: dict[OxTerm, dict[str, set[OxTerm]]] = field(default_factory=dict)
    """Relation claim -> the values of each field of its `conf:listing`."""
    taken: set[OxTerm] = field(default_factory=set)
    """The relation claims taken from graphs about to be written (`take_graph`)."""

    def take_shown(self, facts: list[Row], claim_facts: list[Row], article_facts: list[Row]) -> None:
        """Take in rows of the SHOWN_FACTS, CLAIM_FACTS and CLAIM_ARTICLE_FACTS reads."""
        for row in facts:
            self._show(row["op"], row["p"], row["o"])
        for row in (*claim_facts, *article_facts):
            self._state(row["op"], row["p"], row["o"])

    def _show(self, op: OxTerm, predicate: OxTerm, value: OxTerm) -> None:
        name = _SHOWN.get(predicate)  # type: ignore[arg-type]
        if name is not None:
            self.shown.setdefault(op, {}).setdefault(name, set()).add(value)

    def _state(self, claim: OxTerm, predicate: OxTerm, value: OxTerm) -> None:
        name = _CLAIM_SHOWN.get(predicate)  # type: ignore[arg-type]
        if name is not None:
            self.stated.setdefault(claim, {}).setdefault(name, set()).add(value)

    def take_listed(self, operations: list[Row], statements: list[Row],
                    skip: frozenset[OxTerm] = frozenset()) -> None:
        """Take in rows of the OPERATIONS and STATEMENTS reads, leaving out the graphs `skip`."""
        self._take((operations, self.acts, True), (statements, self.says, False), skip=skip)

    def take_located(self, located: list[Row], skip: frozenset[OxTerm] = frozenset()) -> None:
        """Take in rows of the LOCATED read, leaving out the graphs `skip`."""
        self._take((located, self.at, True), skip=skip)

    def _take(self, *reads: tuple[list[Row], dict[OxTerm, dict[OxTerm, Listed]], bool],
              skip: frozenset[OxTerm]) -> None:
        for rows, into, dated in reads:
            for row in rows:
                if row["g"] not in skip:
                    _list(into[row["e"]], row["op"], row.get("date") if dated else None, dated,
                          row.get("doc"), row.get("start"))

    def take_rows(self, claims: list[Row], named: list[Row], articles: list[Row],
                  skip: frozenset[OxTerm] = frozenset()) -> None:
        """Take in rows of the CLAIMS, MENTIONS and ARTICLES reads, leaving out the graphs `skip`."""
        for row in claims:
            if row["g"] not in skip:
                # Virtuoso gives a boolean as the integer 1 or 0.
                self._claim(row["e"], row["claim"], row["p"], row["other"], row["out"].value in ("true", "1"),
                            row.get("doc"), row.get("published"), row.get("start"), "sentence" in row)
        for row in named:
            if row["g"] not in skip:
                self.named[row["e"]][row["doc"]] = Named(row["e"], row["doc"], _text(row.get("published")))
        for row in articles:
            if row["g"] not in skip:
                self.articles[row["g"]] = (row["doc"], _text(row.get("published")))

    def take_graph(self, graph: OxTerm, triples: Iterable[Writable]) -> None:
        """Take in the claims, mentions and article of one graph about to be written."""
        by_subject: dict[OxTerm, dict[OxTerm, OxTerm]] = defaultdict(dict)
        mentioned: list[tuple[OxTerm, OxTerm]] = []
        docs: list[OxTerm] = []
        roles: list[tuple[OxTerm, OxTerm, OxTerm]] = []
        dates: dict[OxTerm, list[OxTerm]] = defaultdict(list)
        typed: dict[OxTerm, set[OxTerm]] = defaultdict(set)
        quoted: set[OxTerm] = set()
        shown: list[tuple[OxTerm, OxTerm, OxTerm]] = []
        subject: OxTerm
        predicate: OxTerm
        obj: OxTerm
        for triple in triples:
            if isinstance(triple, ox.Triple):
                predicate = triple.predicate
                if predicate not in _TAKEN:
                    continue
                # No quoted triples in an article graph: its subjects and objects are plain terms.
                subject, obj = cast(OxTerm, triple.subject), cast(OxTerm, triple.object)
            else:
                s, p, o = triple
                subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
            if predicate in _SHOWN or predicate in _CLAIM_SHOWN:
                shown.append((subject, predicate, obj))
            if predicate in (_AGENT, _TARGET, _SPEAKER, _LOCATION):
                roles.append((subject, obj, predicate))
            elif predicate == _DATE_OF:
                dates[subject].append(obj)
            elif predicate == _QUOTE:
                quoted.add(subject)
            if predicate == _TYPE:
                typed[subject].add(obj)
            if predicate == _MENTIONS:
                mentioned.append((subject, obj))
            elif predicate == _TYPE and obj == _ARTICLE:
                docs.append(subject)
            elif predicate in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _EVIDENCE, _START, _PUBLISHED):
                by_subject[subject][predicate] = obj
        for claim, facts in by_subject.items():
            a, relation, b = facts.get(_SUBJECT), facts.get(_PREDICATE), facts.get(_OBJECT)
            if a is None or relation is None or b is None:
                continue
            doc = facts.get(_DERIVED)
            published = by_subject.get(doc, {}).get(_PUBLISHED) if doc is not None else None
            start, stated = facts.get(_START), _EVIDENCE in facts
            self._claim(a, claim, relation, b, True, doc, published, start, stated)
            self._claim(b, claim, relation, a, False, doc, published, start, stated)
            self.taken.add(claim)
        for doc, entity in mentioned:
            self.named[entity][doc] = Named(entity, doc, _text(by_subject.get(doc, {}).get(_PUBLISHED)))
        for doc in docs:
            self.articles[graph] = (doc, _text(by_subject.get(doc, {}).get(_PUBLISHED)))
        of_article: dict[OxTerm, list[tuple[OxTerm, OxTerm]]] = defaultdict(list)
        for fact, predicate, obj in shown:
            kinds = typed.get(fact, ())
            if _OPERATION in kinds:
                self._show(fact, predicate, obj)
            if _RELATION_CLAIM in kinds and predicate not in _OF_ARTICLE:
                self._state(fact, predicate, obj)
            if predicate in _OF_ARTICLE:
                of_article[fact].append((predicate, obj))
        for claim in (fact for fact, kinds in typed.items() if _RELATION_CLAIM in kinds):
            for doc in list(self.stated.get(claim, {}).get("doc", ())):
                for predicate, obj in of_article.get(doc, ()):
                    self._state(claim, predicate, obj)
        for fact, entity, role in roles:
            acting = role != _SPEAKER
            kind = _OPERATION if acting else _STATEMENT
            if kind not in typed[fact] or (not acting and fact not in quoted):
                continue
            facts = by_subject.get(fact, {})
            into = (self.at if role == _LOCATION else self.acts if acting else self.says)[entity]
            days: list[OxTerm | None] = [*dates.get(fact, [])] or [None]
            for day in days:
                _list(into, fact, day if acting else None, acting, facts.get(_DERIVED), facts.get(_START))

    def _claim(self, actor: OxTerm, claim: OxTerm, relation: OxTerm, other: OxTerm, outgoing: bool,
               doc: OxTerm | None, published: OxTerm | None, start: OxTerm | None, stated: bool) -> None:
        if relation not in _RELATIONS or other == actor:
            return
        offset = int(start.value) if isinstance(start, ox.Literal) and start.value.isdigit() else None
        self.claims[actor][claim] = Claim(actor, claim, relation, other, outgoing, doc, _text(published),
                                          offset, stated)


Listed = tuple[tuple[object, ...], OxTerm]
"""A listing key (as SPARQL's ORDER BY sorts: unbound first) and the operation or statement."""


def _list(into: dict[OxTerm, Listed], fact: OxTerm, day: OxTerm | None, dated: bool, doc: OxTerm | None,
          start: OxTerm | None) -> None:
    """Note `fact` in `into` with its listing key: operations by date, article, offset and IRI;
    statements by article, offset and IRI. An operation with two dates lists at the earlier."""
    offset = int(start.value) if isinstance(start, ox.Literal) and start.value.isdigit() else None
    key: tuple[object, ...] = (doc is not None, _text(doc) or "", offset is not None, offset or 0, fact.value)
    if dated:
        key = (day is not None, _text(day) or "", *key)
    known = into.get(fact)
    if known is None or key < known[0]:
        into[fact] = (key, fact)


def _text(term: OxTerm | None) -> str | None:
    return None if term is None else term.value


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def _newest_first(published: str | None, *rest: str | int) -> tuple[bool, str, tuple[str | int, ...]]:
    """A sort key putting the newest first, undated last, then `rest` in ascending order."""
    return published is None, _descending(published or ""), rest


@lru_cache(maxsize=1 << 12)
def _descending(day: str) -> str:
    """A text that sorts ISO dates from the newest: each character's complement (few dates, many uses)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


def pair_node(actor: OxTerm, rank: int) -> ox.NamedNode:
    """The IRI of the actor's counterpart node of rank `rank`: a reader of a page of counterparts
    names the nodes it wants and looks each up, with no scan of the actor's others."""
    digest = hashlib.sha256(actor.value.encode()).hexdigest()[:24]
    return ox.NamedNode(f"{PAIR_PREFIX}{digest}/{rank}")


def claim_node(pair: OxTerm, rank: int) -> ox.NamedNode:
    """The IRI of the node whose `conf:newestClaim` is the counterpart node `pair`'s evidence claim of
    rank `rank`, counting from 0 at the newest."""
    return ox.NamedNode(f"{pair.value}/{rank}")


Fields = dict[str, list[int] | list[float] | list[str]]
"""What a listing packs: field name -> its values."""


@dataclass(frozen=True)
class _Pair:
    """One counterpart of an actor by one relation type: the claims that say so, and those of them with
    an evidence sentence and an article, newest first."""

    relation: OxTerm
    other: OxTerm
    claims: list[Claim]
    stated: list[Claim]
    articles: int


def _pairs(claims: Iterable[Claim]) -> list[_Pair]:
    """An actor's counterparts in the order the routes list them: most articles first, then the relation
    and the counterpart's IRI."""
    grouped: dict[tuple[OxTerm, OxTerm], list[Claim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.relation, claim.other].append(claim)
    pairs = []
    for (relation, other), found in grouped.items():
        stated = [c for c in found if c.stated and c.doc is not None]
        stated.sort(key=lambda c: _newest_first(c.published, c.doc.value if c.doc else "",
                                                c.start if c.start is not None else -1, c.claim.value))
        pairs.append(_Pair(relation, other, found, stated, len({c.doc for c in found if c.doc is not None})))
    pairs.sort(key=lambda pair: (-pair.articles, pair.relation.value, pair.other.value))
    return pairs


def _newest_stated(pairs: Iterable[_Pair]) -> Iterator[OxTerm]:
    """The evidence claims a counterpart summary keeps: each pair's EVIDENCE_KEPT newest."""
    for pair in pairs:
        for claim in pair.stated[:EVIDENCE_KEPT]:
            yield claim.claim


Settled = Mapping[tuple[OxTerm, OxTerm], tuple[OxTerm, OxTerm]]
"""The node and `conf:listing` the index has for the counterparts of an actor whose listing a patch
keeps, by the relation and the counterpart (`_settled`)."""


def _counterparts(actor: OxTerm, pairs: list[_Pair], listed: Mapping[OxTerm, Fields],
                  settled: Settled | None = None, standing: Set[OxTerm] = frozenset()) -> Iterator[ox.Triple]:
    """The counterpart summaries of `actor`, its `pairs` in order, with the listing fields of each newest
    evidence claim as `listed` gives them (a claim it has none for is left out of the packed ones), or
    the listing of the pair as `settled` has it; none of the nodes `standing` (`_standing`)."""
    if pairs:
        yield ox.Triple(actor, _COUNTERPART_COUNT, _integer(len(pairs)))  # type: ignore[arg-type]
    for rank, pair in enumerate(pairs):
        node = pair_node(actor, rank)
        if node in standing:
            continue
        ways = {c.outgoing for c in pair.claims}
        direction = "outgoing" if True in ways else "incoming"
        if pair.relation != _SUPPORTS or len(ways) == 2:
            direction = "mutual"
        newest = pair.stated[:EVIDENCE_KEPT]
        yield ox.Triple(node, _RELATION_OF, actor)  # type: ignore[arg-type]
        yield ox.Triple(node, _COUNTERPART, pair.other)  # type: ignore[arg-type]
        yield ox.Triple(node, _RELATION, pair.relation)
        yield ox.Triple(node, _DIRECTION, ox.Literal(direction))
        yield ox.Triple(node, _ATTESTATIONS, _integer(pair.articles))
        yield ox.Triple(node, _EVIDENCE_COUNT, _integer(len(pair.stated)))
        yield ox.Triple(node, _RANK, _integer(rank))
        for position, claim in enumerate(newest):
            yield ox.Triple(claim_node(node, position), _NEWEST_CLAIM, claim.claim)
        # All a page of counterparts shows of this one, in one value: the route reads it by the node's IRI.
        kept = (settled or {}).get((pair.relation, pair.other))
        if kept is not None:
            yield ox.Triple(node, _LISTING, kept[1])  # type: ignore[arg-type]
            continue
        packed = {"type": pair.relation.value.partition("#")[2], "direction": direction,
                  "articles": pair.articles, "evidence_count": len(pair.stated),
                  "evidence": [listed[claim.claim] for claim in newest if claim.claim in listed]}
        yield ox.Triple(node, _LISTING, ox.Literal(_json(packed)))


def within_node(place: OxTerm) -> ox.NamedNode:
    """The IRI of the index node that lists the first operations within `place`: a reader names it from
    the place, with no walk of the places inside."""
    digest = hashlib.sha256(place.value.encode()).hexdigest()[:24]
    return ox.NamedNode(f"{WITHIN_PREFIX}{digest}")


def _inside(place: OxTerm, children: Mapping[OxTerm, set[OxTerm]]) -> set[OxTerm]:
    """`place` and every place inside it, however deep (a cycle of conf:locatedIn ends the walk)."""
    seen, frontier = {place}, [place]
    while frontier:
        frontier = [child for up in frontier for child in children.get(up, ()) if child not in seen]
        seen.update(frontier)
    return seen


def _within_triples(at: Mapping[OxTerm, dict[OxTerm, Listed]], places: Iterable[OxTerm],
                    children: Mapping[OxTerm, set[OxTerm]]) -> Iterator[ox.Triple]:
    """For each of `places` that has any, the node listing the first operations at it or inside it."""
    for place in places:
        merged: dict[OxTerm, Listed] = {}
        for inside in _inside(place, children):
            for fact, listed in at.get(inside, {}).items():
                known = merged.get(fact)
                if known is None or listed[0] < known[0]:
                    merged[fact] = listed
        if not merged:
            continue
        node = within_node(place)
        yield ox.Triple(node, _WITHIN, place)  # type: ignore[arg-type]
        for _key, fact in sorted(merged.values(), key=lambda k: k[0])[:LISTED_KEPT]:
            yield ox.Triple(node, _LISTED_OPERATION, fact)  # type: ignore[arg-type]


def _children(parents: Mapping[OxTerm, Iterable[OxTerm]]) -> dict[OxTerm, set[OxTerm]]:
    """Place -> the places directly inside it, from place -> the places it lies in."""
    children: dict[OxTerm, set[OxTerm]] = defaultdict(set)
    for child, ups in parents.items():
        for up in ups:
            children[up].add(child)
    return children


class _Hierarchy:
    """The places' `conf:locatedIn` as the index graph will hold it once a patch is written: the stored
    index's, asked of the store as a walk needs it, except for the `touched` entities, which will lie in
    their `parents` (in none once the index drops them)."""

    def __init__(self, store: Store, touched: set[OxTerm],
                 parents: Mapping[OxTerm, Iterable[OxTerm]]) -> None:
        self.store, self.touched = store, touched
        self.parents = {entity: set(parents.get(entity, ())) for entity in touched}
        self.stored_up: dict[OxTerm, set[OxTerm]] = {}
        self.stored_down: dict[OxTerm, set[OxTerm]] = {}
        self.new_down = _children(self.parents)

    def _ask(self, query: str, known: dict[OxTerm, set[OxTerm]], nodes: Iterable[OxTerm], found: str) -> None:
        new = sorted({node for node in nodes if node not in known}, key=lambda node: node.value)
        for node in new:
            known[node] = set()
        if new:
            for row in self.store.select(query, each=("e", new), timeout=float("inf")):
                known[row["e"]].add(row[found])

    def ancestors(self, start: Iterable[OxTerm], patched: bool) -> set[OxTerm]:
        """`start` and every place they lie in, as the index holds it (`patched`: will hold it)."""
        seen = set(start)
        frontier = list(seen)
        while frontier:
            self._ask(PARENTS, self.stored_up, frontier, "up")
            ups: set[OxTerm] = set()
            for node in frontier:
                ups |= self.parents[node] if patched and node in self.touched else self.stored_up[node]
            frontier = [up for up in ups if up not in seen]
            seen.update(frontier)
        return seen

    def children(self, start: Iterable[OxTerm]) -> dict[OxTerm, set[OxTerm]]:
        """Place -> the places directly inside it once patched, for `start` and every place inside them."""
        children: dict[OxTerm, set[OxTerm]] = {}
        frontier = list(set(start))
        while frontier:
            self._ask(CHILDREN, self.stored_down, frontier, "child")
            for node in frontier:
                kept = {child for child in self.stored_down[node] if child not in self.touched}
                children[node] = kept | self.new_down.get(node, set())
            frontier = list({child for node in frontier for child in children[node] if child not in children})
        return children


def _within_patch(store: Store, records: Records, touched: set[OxTerm], places: set[OxTerm],
                  parents: Mapping[OxTerm, Iterable[OxTerm]], replaced: list[ox.NamedNode],
                  located: Iterable[OxTerm] = ()) -> tuple[list[OxTerm], list[ox.Triple]]:
    """The nodes listing operations within places, once `replaced` graphs are written: those of every
    place whose list may change (the touched entities, the places of the operations written or
    replaced, and every place they lie in, before or after), as subjects to remove and triples to add.

    `records.at` holds the operations of the graphs written; `places` are the touched entities that
    stay places, `parents` where the touched entities will lie; `located` the places the replaced graphs
    held operations at, when the store no longer holds them (`held`)."""
    forever = float("inf")
    direct = touched | set(records.at) | set(located)
    if replaced:
        direct |= {row["e"] for row in store.select(LOCATED_IN_GRAPHS, each=("g", replaced), timeout=forever)}
    hierarchy = _Hierarchy(store, touched, parents)
    affected = hierarchy.ancestors(direct, patched=False) | hierarchy.ancestors(direct, patched=True)
    others = sorted(affected - touched, key=lambda node: node.value)
    stored = store.select(PLACES, each=("e", others), timeout=forever) if others else []
    listed = (affected & places) | {row["e"] for row in stored}
    children = hierarchy.children(listed)
    inside = sorted(children, key=lambda node: node.value)
    if inside:
        records.take_located(store.select(LOCATED, each=("e", inside), timeout=forever), frozenset(replaced))
    subjects: list[OxTerm] = [within_node(node) for node in sorted(affected, key=lambda node: node.value)]
    ordered = sorted(listed, key=lambda node: node.value)
    return subjects, list(_within_triples(records.at, ordered, children))


def _entity_triples(records: Records, entities: Iterable[OxTerm], actors: frozenset[OxTerm],
                    stored: Mapping[OxTerm, Fields] | None = None,
                    ranked: Mapping[OxTerm, list[_Pair]] | None = None,
                    settled: Mapping[OxTerm, Settled] | None = None,
                    standing: Set[OxTerm] = frozenset()) -> Iterator[ox.Triple]:
    """The summaries of `entities` (`actors` among them) from `records`, with the counterparts of an
    actor as `ranked` has them when it has (`_pairs`); the listing fields of an evidence claim not in
    `records.stated` come from `stored` (those the index keeps, for a patch), the listings of an actor's
    counterparts that a patch keeps from `settled`, and the counterpart nodes `standing` are left out."""
    for entity in entities:
        if entity in actors:
            pairs = (ranked or {}).get(entity)
            if pairs is None:
                pairs = _pairs(records.claims.get(entity, {}).values())
            keeps = (settled or {}).get(entity, {})
            unsettled = [pair for pair in pairs if (pair.relation, pair.other) not in keeps]
            listed = {claim: listed_fields(records.stated[claim], CLAIM_SHOWN) if claim in records.stated
                      else (stored or {}).get(claim) for claim in _newest_stated(unsettled)}
            yield from _counterparts(entity, pairs, {c: f for c, f in listed.items() if f is not None}, keeps,
                                     standing)
        named = sorted(records.named.get(entity, {}).values(),
                       key=lambda n: _newest_first(n.published, n.doc.value))
        for found in named[:ARTICLES_KEPT]:
            yield ox.Triple(entity, _RECENT_ARTICLE, found.doc)  # type: ignore[arg-type]
        for listed_facts, pointer in ((records.acts, _FIRST_OPERATION), (records.says, _FIRST_STATEMENT)):
            for _key, fact in sorted(listed_facts.get(entity, {}).values(), key=lambda k: k[0])[:LISTED_KEPT]:
                yield ox.Triple(entity, pointer, fact)  # type: ignore[arg-type]


def _stored_listings(store: Store, records: Records, ranked: Mapping[OxTerm, list[_Pair]],
                     unlisted: set[OxTerm]) -> dict[OxTerm, Fields]:
    """The listing fields the index keeps of the evidence claims that the `ranked` counterparts keep,
    but for the claims written (`records.stated`) and those whose listing the patch removes (`unlisted`:
    a graph that held them is replaced)."""
    kept = {claim for pairs in ranked.values() for claim in _newest_stated(pairs)}
    wanted = sorted(kept - records.stated.keys() - unlisted, key=lambda claim: claim.value)
    rows = store.select(CLAIM_LISTINGS, each=("claim", wanted), timeout=float("inf")) if wanted else []
    return {row["claim"]: json.loads(row["listing"].value) for row in rows}


def _article_triples(articles: Mapping[OxTerm, tuple[OxTerm, str | None]]) -> Iterator[ox.Triple]:
    for graph, (doc, published) in articles.items():
        yield ox.Triple(doc, _ARTICLE_GRAPH, graph)  # type: ignore[arg-type]
        if published is not None:
            listed = ox.Literal(published, datatype=_DATE)
            yield ox.Triple(doc, _LISTED_ON, listed)  # type: ignore[arg-type]


def listing(shown: Mapping[str, set[OxTerm]], fields: Sequence[tuple[str, ox.NamedNode]] = SHOWN) -> str:
    """The `conf:listing` of an operation (or, with CLAIM_SHOWN's `fields`, of a relation claim) with
    the values `shown` of each field: JSON of `listed_fields`."""
    return _json(listed_fields(shown, fields))


def listed_fields(shown: Mapping[str, set[OxTerm]],
                  fields: Sequence[tuple[str, ox.NamedNode]] = SHOWN) -> Fields:
    """What a listing packs of the values `shown` of each field: the fields in order, each a sorted list
    (integers for the offsets, numbers for a confidence), the empty ones left out."""
    packed: Fields = {}
    for name, _predicate in fields:
        values = shown.get(name)
        if values:
            # Numbers as the read layer reads them from the triples (kg/values.py): the same answers.
            if name in _COUNTED:
                packed[name] = sorted({n for v in values if (n := number(v)) is not None})
            elif name in _MEASURED:
                packed[name] = sorted({x for v in values if (x := decimal(v)) is not None})
            else:
                packed[name] = sorted({v.value for v in values})
    return packed


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _listing_triples(records: Records) -> Iterator[ox.Triple]:
    for shown, fields in ((records.shown, SHOWN), (records.stated, CLAIM_SHOWN)):
        for fact in sorted(shown, key=lambda fact: fact.value):
            yield ox.Triple(fact, _LISTING, ox.Literal(listing(shown[fact], fields)))  # type: ignore[arg-type]


def newest_node(rank: int) -> ox.NamedNode:
    """The index node whose `conf:listedArticle` is the article of rank `rank`, newest first."""
    return ox.NamedNode(f"{NEWEST_PREFIX}{rank}")


def _newest_triples(articles: Iterable[tuple[OxTerm, str | None]]) -> Iterator[ox.Triple]:
    """The NEWEST_KEPT newest of `articles` (article, published), dated ones first, by rank."""
    ranked = sorted(articles, key=lambda found: _newest_first(found[1], found[0].value))[:NEWEST_KEPT]
    for rank, (doc, _published) in enumerate(ranked):
        yield ox.Triple(newest_node(rank), _LISTED_ARTICLE, doc)  # type: ignore[arg-type]


def _newest_patch(store: Store, replaced: list[ox.NamedNode], gone: set[OxTerm],
                  fresh: Iterable[tuple[OxTerm, str | None]],
                  rerank: bool = False) -> tuple[list[OxTerm], list[ox.Triple]]:
    """The newest-first list once `replaced` graphs (holding the articles `gone`) are written with the
    articles `fresh`: from the list as kept and the fresh articles, or, when an article of the list
    goes, the list is short or `rerank` asks for it, from every article the index lists."""
    forever = float("inf")
    # The list with each listed article's graph and date, in one read (a second read of the dates of
    # the thousand listed articles took 2 to 4 times as long as this one).
    rows = store.select(NEWEST, timeout=forever)
    listed = {row["doc"] for row in rows}
    if rerank or gone & listed or len(listed) < NEWEST_KEPT:
        skip = frozenset(replaced)
        every = store.select(LISTED, timeout=forever)
        candidates = {row["doc"]: _text(row.get("published")) for row in every if row["g"] not in skip}
    else:
        candidates = {row["doc"]: _text(row.get("published")) for row in rows if "g" in row}
    candidates.update(fresh)
    return list(dict.fromkeys(row["node"] for row in rows)), list(_newest_triples(candidates.items()))


@dataclass(frozen=True)
class Held:
    """What some graphs held before a write that the summaries of writing them read from the graphs
    themselves: the places of their operations, and their operations and claims that have a listing."""

    located: frozenset[OxTerm] = frozenset()
    listed: frozenset[OxTerm] = frozenset()


def held(store: Store, graphs: Iterable[str]) -> Held:
    """What `graphs` hold now, for a patch computed once something else has written them (an update)."""
    nodes = [ox.NamedNode(graph) for graph in graphs]
    if not nodes:
        return Held()
    located = store.select(LOCATED_IN_GRAPHS, each=("g", nodes), timeout=float("inf"))
    listed = store.select(LISTED_IN_GRAPHS, each=("g", nodes), timeout=float("inf"))
    return Held(frozenset(row["e"] for row in located), frozenset(row["op"] for row in listed))


def _settled(claims: list[Row], pairs: list[Row], records: Records,
             skip: frozenset[OxTerm]) -> dict[OxTerm, dict[tuple[OxTerm, OxTerm], tuple[OxTerm, OxTerm]]]:
    """The listings of the counterpart nodes (`pairs`: PAIR_LISTINGS rows) whose claims a patch leaves as
    they are: none of them in a graph it replaces (`claims`: CLAIMS rows) or writes (`records.taken`).
    Such a pair's listing is made of those claims and their listings alone, so the one the index keeps
    stands, and the listings of its newest claims are not read again (up to EVIDENCE_KEPT for each of
    the 1,218 counterparts of a 1.95M-quad store's hub)."""
    changed = {(row["e"], row["p"], row["other"]) for row in claims if row["g"] in skip}
    changed |= {(actor, claim.relation, claim.other) for actor, held in records.claims.items()
                for claim in held.values() if claim.claim in records.taken}
    found: dict[tuple[OxTerm, OxTerm, OxTerm], list[tuple[OxTerm, OxTerm]]] = defaultdict(list)
    for row in pairs:
        found[row["e"], row["relation"], row["other"]].append((row["pair"], row["listing"]))
    settled: dict[OxTerm, dict[tuple[OxTerm, OxTerm], tuple[OxTerm, OxTerm]]] = defaultdict(dict)
    for (actor, relation, other), nodes in found.items():
        if len(nodes) == 1 and (actor, relation, other) not in changed:
            settled[actor][relation, other] = nodes[0]
    return settled


def _standing(ranked: Mapping[OxTerm, list[_Pair]],
              settled: Mapping[OxTerm, Settled]) -> frozenset[OxTerm]:
    """The counterpart nodes a patch leaves as the index has them: those of settled pairs still at the
    rank they had. Everything such a node and its claim nodes state is made of the pair's claims and
    its rank, so neither is written or compared again (the hub of a 1.95M-quad store has 1,218)."""
    return frozenset(node for actor, pairs in ranked.items() for rank, pair in enumerate(pairs)
                     if settled.get(actor, {}).get((pair.relation, pair.other), (None,))[0]
                     == (node := pair_node(actor, rank)))


@dataclass(frozen=True)
class _KeptList:
    """A list an entity's summary keeps of its items (its newest articles, first operations or first
    statements): the read of all its items (`every`, a row per item and graph, the item `item`), the
    read of the items the index keeps (`kept`: the rows of `every` for those), and of how many it keeps
    (`counted`)."""

    every: str
    item: str
    pointer: ox.NamedNode
    kept: str = field(init=False)
    counted: str = field(init=False)

    def __post_init__(self) -> None:
        held = f"GRAPH kgg:index {{ ?e {self.pointer} ?{self.item} }}"
        head, where, rest = self.every.partition("WHERE {\n")
        object.__setattr__(self, "kept", f"{_KGG}{head}{where}  {held}\n{rest}")
        object.__setattr__(self, "counted", f"{_KGG}SELECT ?e (COUNT(?{self.item}) AS ?n) WHERE {{ {held} }} "
                                            "GROUP BY ?e")

    @property
    def most(self) -> int:
        return ARTICLES_KEPT if self.pointer == _RECENT_ARTICLE else LISTED_KEPT


_KGG = "PREFIX kgg: <https://w3id.org/conflict-kg/graph/>\n"
_LISTS = (_KeptList(MENTIONS, "doc", _RECENT_ARTICLE), _KeptList(OPERATIONS, "op", _FIRST_OPERATION),
          _KeptList(STATEMENTS, "op", _FIRST_STATEMENT))


def _item_rows(store: Store, kept: _KeptList, wanted: list[OxTerm], skip: frozenset[OxTerm],
               counted: list[Row]) -> list[Row]:
    """The rows of `kept.every` that a patch of the entities `wanted` needs, leaving out the graphs
    `skip`: of an entity whose list in the index is full (`counted` rows say how many items it holds),
    the rows of the items kept; of any other entity, all its rows.

    A full list holds the first of all the entity's items in the order listed, and while no graph the
    patch replaces holds a row of a kept item, every item not kept stays behind them (it can only lose
    rows): the first of the kept items and the items the written graphs add are the first of all. A
    busy entity is then read as the items its list keeps, not as every article that ever named it (the
    hub of a 1.95M-quad store: 2,371 mentions and 2,642 operations). Where a replaced graph does hold a
    row of a kept item, or a kept item has none (or a count is wrong), all the entity's rows are read
    after all. (An entity that leaves the index leaves it with its lists: a list there was made by the
    entity's last write.)"""
    forever = float("inf")
    holds = {row["e"]: int(row["n"].value) for row in counted}
    full = {e for e in wanted if holds.get(e) == kept.most}
    every = [e for e in wanted if e not in full]
    rows = store.select(kept.every, each=("e", every), timeout=forever) if every else []
    if full:
        busy = sorted(full, key=lambda e: e.value)
        bounded = store.select(kept.kept, each=("e", busy), timeout=forever)
        items: dict[OxTerm, set[OxTerm]] = defaultdict(set)
        for row in bounded:
            items[row["e"]].add(row[kept.item])
        stale: set[OxTerm] = {row["e"] for row in bounded if row["g"] in skip}
        stale |= {e for e in full if len(items[e]) != holds[e]}
        rows += [row for row in bounded if row["e"] not in stale]
        if stale:
            again = sorted(stale, key=lambda e: e.value)
            rows += store.select(kept.every, each=("e", again), timeout=forever)
    return rows


def patch(store: Store, entities: Iterable[OxTerm], indexed: Iterable[OxTerm], actors: Iterable[OxTerm],
          places: Iterable[OxTerm], parents: Mapping[OxTerm, Iterable[OxTerm]],
          graphs: Mapping[str, Sequence[Writable]],
          rerank: bool = False, held: Held | None = None) -> tuple[list[OxTerm], list[ox.Triple]]:
    """The summaries of `entities` once `graphs` are written (an empty list drops a graph): the index
    subjects to remove (their counterpart nodes and the replaced graphs' articles), and the triples to
    add, for those of them still `indexed` (`actors` and `places` among them, each indexed entity
    lying in its `parents`). `rerank` ranks the newest articles from every article the index lists
    rather than from the list as kept, which another process may have written from what it saw before
    this one's articles were in. `held` is what the graphs held before, when the store holds them
    written already (an update wrote them: `held`)."""
    wanted = sorted(set(entities), key=lambda e: e.value)
    replaced = [ox.NamedNode(g) for g in graphs]
    skip = frozenset(replaced)
    forever = float("inf")
    records = Records()
    # The lists an entity keeps of its items are made from those kept and those written, where that is
    # the same (`_item_rows`), and a counterpart whose claims stay keeps its listing (`_settled`), except
    # where the store holds the graphs written already (an update) or another process may have written
    # beside them (`rerank`): there from every item and claim.
    from_kept = not rerank and held is None
    lists = [kept.counted if from_kept else kept.every for kept in _LISTS]
    if from_kept:
        lists.append(PAIR_LISTINGS)
    # The reads go to the store at once: Oxigraph evaluates them outside the GIL, on whatever core the
    # writer leaves idle (the last transaction of a run has one to itself).
    by_entity = [CLAIMS, KEPT_PAIRS, *lists] if wanted else []
    by_graph = [KEPT_ARTICLES, LISTED_IN_GRAPHS] if replaced else []
    jobs = [(query, ("e", wanted)) for query in by_entity] + [(query, ("g", replaced)) for query in by_graph]
    with ThreadPoolExecutor(max_workers=_READERS) as readers:
        asked = {query: readers.submit(store.select, query, each=each, timeout=forever)
                 for query, each in jobs}
        read = {query: answer.result() for query, answer in asked.items()}
    if wanted:
        if from_kept:
            named, operations, statements = (_item_rows(store, kept, wanted, skip, read[kept.counted])
                                             for kept in _LISTS)
        else:
            named, operations, statements = read[MENTIONS], read[OPERATIONS], read[STATEMENTS]
        records.take_rows(read[CLAIMS], named, [], skip)
        records.take_listed(operations, statements, skip)
    for graph, written in graphs.items():
        records.take_graph(ox.NamedNode(graph), written)
    old_pairs = read.get(KEPT_PAIRS, [])
    old_docs = read.get(KEPT_ARTICLES, [])
    subjects = [row["doc"] for row in old_docs] + [doc for doc, _published in records.articles.values()]
    touched = set(wanted)
    records.claims = defaultdict(dict, {a: c for a, c in records.claims.items() if a in touched})
    kept = sorted(set(indexed) & touched, key=lambda e: e.value)
    # The listings of the operations and claims written, in place of those of every one the graphs held.
    gone = [row["op"] for row in read.get(LISTED_IN_GRAPHS, [])]
    gone += sorted(set(held.listed if held else ()) - set(gone), key=lambda fact: fact.value)
    unlisted = set(gone)
    acting = frozenset(actors)
    ranked = {actor: _pairs(records.claims.get(actor, {}).values()) for actor in kept if actor in acting}
    settled = _settled(read[CLAIMS], read[PAIR_LISTINGS], records, skip) if from_kept and wanted else {}
    unsettled = {actor: [pair for pair in pairs if (pair.relation, pair.other) not in settled.get(actor, {})]
                 for actor, pairs in ranked.items()}
    stored = _stored_listings(store, records, unsettled, unlisted)
    standing = _standing(ranked, settled)
    moved = [row["pair"] for row in old_pairs if row["pair"] not in standing]
    subjects += moved + [claim_node(pair, newest) for pair in moved for newest in range(EVIDENCE_KEPT)]
    triples = [*_entity_triples(records, kept, acting, stored, ranked, settled, standing),
               *_article_triples(records.articles)]
    if replaced:
        nodes, newest = _newest_patch(store, replaced, {row["doc"] for row in old_docs},
                                      records.articles.values(), rerank)
        subjects += nodes
        triples += newest
    within, listed = _within_patch(store, records, touched, set(places), parents, replaced,
                                   held.located if held else ())
    subjects += gone + list(records.shown) + list(records.stated)
    triples += _listing_triples(records)
    return subjects + within, triples + listed


def rebuild_triples(store: Store, entities: Iterable[OxTerm], actors: Iterable[OxTerm],
                    places: Iterable[OxTerm], parents: Mapping[OxTerm, Iterable[OxTerm]]) -> list[ox.Triple]:
    """The summaries of every one of `entities` (`actors` and `places` among them, each lying in its
    `parents`), and of every article."""
    forever = float("inf")
    records = Records()
    records.take_rows(store.select(CLAIMS, timeout=forever), store.select(MENTIONS, timeout=forever),
                      store.select(ARTICLES, timeout=forever))
    records.take_listed(store.select(OPERATIONS, timeout=forever), store.select(STATEMENTS, timeout=forever))
    records.take_located(store.select(LOCATED, timeout=forever))
    records.take_shown(store.select(SHOWN_FACTS, timeout=forever), store.select(CLAIM_FACTS, timeout=forever),
                       store.select(CLAIM_ARTICLE_FACTS, timeout=forever))
    return list(summary_triples(records, entities, actors, places, parents))


def summary_triples(records: Records, entities: Iterable[OxTerm], actors: Iterable[OxTerm],
                    places: Iterable[OxTerm],
                    parents: Mapping[OxTerm, Iterable[OxTerm]]) -> Iterator[ox.Triple]:
    """The summaries `records` give of `entities` (`actors` and `places` among them, each lying in its
    `parents`), and of every article."""
    wanted = sorted(set(entities), key=lambda e: e.value)
    yield from _entity_triples(records, wanted, frozenset(actors))
    yield from _article_triples(records.articles)
    yield from _newest_triples(records.articles.values())
    yield from _within_triples(records.at, sorted(set(places), key=lambda e: e.value), _children(parents))
    yield from _listing_triples(records)
