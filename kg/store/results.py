"""Query results: the answer to one query, kept as the backend sent it, written in any media type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import BadInput
from kg.store.formats import jsonld_graph, serialize_triples
from kg.store.terms import Triple, from_ox

__all__ = ["QueryKind", "QueryResult", "json_term", "query_kind"]

QueryKind = Literal["select", "ask", "graph"]
_JSONLD_MEDIA_TYPES = {"application/ld+json", "application/json"}


@dataclass
class QueryResult:
    """The answer to one SPARQL query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.

    It keeps the answer as the backend sent it (SPARQL JSON results, or N-Triples) and turns it into
    rdflib terms only when `rows` or `triples` is read.
    """

    kind: QueryKind
    payload: bytes
    """SPARQL 1.1 JSON results for select/ask, N-Triples for graph results."""
    _rows: list[dict[str, Node]] | None = field(default=None, repr=False)
    _variables: list[str] | None = field(default=None, repr=False)
    _triples: list[Triple] | None = field(default=None, repr=False)

    @property
    def variables(self) -> list[str]:
        """The projected variable names of a SELECT (without '?'); empty otherwise."""
        if self._variables is None:
            self._parse_solutions()
        return self._variables or []

    @property
    def rows(self) -> list[dict[str, Node]]:
        """One dict per solution, from variable name to rdflib term; unbound variables are left out."""
        if self._rows is None:
            self._parse_solutions()
        return self._rows or []

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK; None for other queries."""
        if self.kind != "ask":
            return None
        return bool(json.loads(self.payload)["boolean"])

    @property
    def triples(self) -> list[Triple]:
        """The triples of a CONSTRUCT or DESCRIBE, as rdflib terms; empty otherwise."""
        if self._triples is None:
            if self.kind != "graph":
                self._triples = []
            else:
                self._triples = [
                    (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                    for q in ox.parse(self.payload, ox.RdfFormat.N_TRIPLES)
                ]
        return self._triples

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def _parse_solutions(self) -> None:
        if self.kind != "select":
            self._variables, self._rows = [], []
            return
        solutions = ox.parse_query_results(self.payload, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = []
        # Answers repeat terms (a predicate, a class, the entity of every row of a group): each distinct
        # term becomes an rdflib term once.
        terms: dict[Any, Node] = {}
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    term = terms.get(value)
                    if term is None:
                        term = terms[value] = from_ox(value)
                    row[name] = term
            rows.append(row)
        self._variables, self._rows = names, rows

    def serialize(self, media_type: str) -> bytes:
        """The result in `media_type`; BadInput when that type does not fit this kind of result.

        SELECT/ASK: application/sparql-results+json, application/sparql-results+xml, text/csv,
        text/tab-separated-values. CONSTRUCT/DESCRIBE: text/turtle, application/n-triples,
        application/ld+json, application/rdf+xml.
        """
        base = media_type.split(";")[0].strip().lower()
        if self.kind == "graph":
            if base in _JSONLD_MEDIA_TYPES:
                return jsonld_graph(self.ox_triples())
            fmt = ox.RdfFormat.from_media_type(base)
            if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
                raise BadInput(f"a graph result cannot be written as {media_type!r}")
            return serialize_triples(self.ox_triples(), fmt)
        results_format = ox.QueryResultsFormat.from_media_type(base)
        if results_format is None:
            raise BadInput(f"a {self.kind} result cannot be written as {media_type!r}")
        if results_format == ox.QueryResultsFormat.JSON:
            return self.payload
        parsed = ox.parse_query_results(self.payload, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=results_format) or b""

    def ox_triples(self) -> Iterator[ox.Triple]:
        return (q.triple for q in ox.parse(self.payload, ox.RdfFormat.N_TRIPLES))



def json_term(term: Any) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def query_kind(result: object) -> QueryKind:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"

