"""The representative SPARQL queries and REST calls of the query benchmark.

Each query names its one parameter in a `VALUES` block inside the pattern, the standard way
to hand a value to a query over the SPARQL protocol; the value is an IRI or string literal
that the benchmark itself chose from the generated data, written in N-Triples syntax.

Queries about entities as such (names, the relation graph) read the entity index graph
(kg/index.py), as the service's own REST queries do: the article graphs repeat an entity's
names and relations once per article, the index holds them once. The generated file holds the
index too, so every engine answers from the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal

from bench.generate import Generated
from bench.loadgen import Request
from kg.rdf import iris

PREFIXES = """\
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>
"""

ACTOR_RELATIONS = PREFIXES + """\
SELECT ?other ?relation (COUNT(DISTINCT ?doc) AS ?sources) WHERE {
  VALUES ?actor { %s }
  { ?claim rdf:subject ?actor ; rdf:object ?other } UNION { ?claim rdf:subject ?other ; rdf:object ?actor }
  ?claim a conf:RelationClaim ; rdf:predicate ?relation ; prov:wasDerivedFrom ?doc .
}
GROUP BY ?other ?relation
ORDER BY DESC(?sources)
"""

OPERATIONS_BY_MONTH = PREFIXES + """\
SELECT ?month (COUNT(DISTINCT ?op) AS ?operations) WHERE {
  VALUES ?region { %s }
  ?place conf:locatedIn+ ?region .
  ?op conf:location ?place ; a conf:Operation ; conf:date ?date .
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
}
GROUP BY ?month
ORDER BY ?month
"""

BACKERS_TWO_HOPS = PREFIXES + """\
SELECT DISTINCT ?near ?far ?farLabel WHERE {
  VALUES ?actor { %s }
  GRAPH kgg:index {
    ?near conf:supports|^conf:supports ?actor .
    ?far conf:supports|^conf:supports ?near .
    FILTER(?far != ?actor)
    OPTIONAL { ?far rdfs:label ?farLabel }
  }
}
"""

STATEMENTS_BY_SPEAKER = PREFIXES + """\
SELECT ?statement ?quote ?doc ?title ?published WHERE {
  VALUES ?speaker { %s }
  ?statement conf:speaker ?speaker ; a conf:Statement ; conf:quote ?quote ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc conf:title ?title }
  OPTIONAL { ?doc conf:published ?published }
}
ORDER BY DESC(?published)
LIMIT 100
"""

LABEL_SEARCH = PREFIXES + """\
SELECT DISTINCT ?actor ?label WHERE {
  VALUES ?word { %s }
  GRAPH kgg:index { ?actor a conf:Actor ; rdfs:label|skos:altLabel ?label . }
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?word)))
}
ORDER BY ?label
LIMIT 50
"""

SLOW_QUERY = """\
SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o } GROUP BY ?p
"""
"""A whole-dataset scan: the slow query run alongside the load test."""


@dataclass(frozen=True)
class Query:
    """A named SPARQL query with its parameter filled in."""

    name: str
    text: str


def queries(data: Generated) -> list[Query]:
    """The five representative queries, aimed at the busiest entities of `data`."""
    return [
        Query("actor relations with source counts", ACTOR_RELATIONS % iris.actor(data.hub_actor).n3()),
        Query("operations by place and month", OPERATIONS_BY_MONTH % iris.place(data.busy_region).n3()),
        Query("who backs whom, two hops", BACKERS_TWO_HOPS % iris.actor(data.hub_actor).n3()),
        Query("statements by a speaker", STATEMENTS_BY_SPEAKER % iris.actor(data.top_speaker).n3()),
        Query("label search", LABEL_SEARCH % Literal(data.label_word.lower()).n3()),
    ]


def rest_calls(data: Generated) -> list[tuple[str, Request]]:
    """The canned REST routes, each with parameters aimed at `data`."""
    return [
        ("GET /actors/{id}/relations", Request("GET", f"/actors/{data.hub_actor}/relations")),
        ("GET /actors/{id}", Request("GET", f"/actors/{data.hub_actor}")),
        ("GET /actors?q=", Request("GET", "/actors", {"q": data.label_word, "limit": "50"})),
        ("GET /operations?location=",
         Request("GET", "/operations", {"location": data.busy_place, "limit": "100"})),
        ("GET /locations/{id}", Request("GET", f"/locations/{data.busy_place}")),
        ("GET /statements?speaker=",
         Request("GET", "/statements", {"speaker": data.top_speaker, "limit": "100"})),
        ("GET /articles", Request("GET", "/articles", {"limit": "100"})),
    ]
