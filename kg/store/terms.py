"""Terms: rdflib's and pyoxigraph's, each turned into the other, and the triples the store writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import BadInput, StoreError, one_line

__all__ = [
    "DistinctTriples", "OxTerm", "Triple", "Writable", "from_ox", "graph_node", "ox_triples", "rdflib_graphs",
    "rdflib_triples", "to_ox",
]

Triple = tuple[Node, Node, Node]
"""A triple of rdflib terms (subject, predicate, object)."""
Writable = Triple | ox.Triple
"""A triple to write: rdflib's terms, or pyoxigraph's (which need no conversion)."""
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term, as select_terms gives them."""



def _shown(term: object) -> str:
    """A term as a message shows it: its text in quotes, never Python's repr of the object."""
    return repr(str(term))

def to_ox(term: Node | OxTerm) -> OxTerm:
    """The pyoxigraph term for an rdflib term (a pyoxigraph term as it is); BadInput when it is not one."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, RdfLiteral):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
            return ox.Literal(str(term), datatype=datatype)
    except ValueError as exc:
        raise BadInput(f"not a valid RDF term {_shown(term)}: {one_line(exc)}") from None
    raise BadInput(f"not an RDF term: {_shown(term)}")


@lru_cache(maxsize=1 << 16)
def from_ox(term: Any) -> Node:
    """The rdflib term for a pyoxigraph term; xsd:string literals become plain literals, as in rdflib.

    Kept for the terms met most recently: a write reads the same entities, claims and mentions several
    times over, and rdflib checks every IRI it is given, which costs ten times the lookup."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return RdfLiteral(term.value)
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unexpected term from the store: {_shown(term)}")


def graph_node(graph: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(graph))
    except ValueError:
        raise BadInput(f"not a valid graph IRI: {graph!r}") from None


def rdflib_triples(triples: Iterable[Writable], predicates: Mapping[ox.NamedNode, URIRef]) -> list[Triple]:
    """`triples` in rdflib's terms: pyoxigraph's of the `predicates` (keyed by pyoxigraph's term, the
    rdflib term as value) converted, the others left out; rdflib's all kept as they are.

    For code that reads a few properties of graphs about to be written in pyoxigraph's terms: converting
    only those triples costs a fraction of converting every one.
    """
    out: list[Triple] = []
    for triple in triples:
        if isinstance(triple, ox.Triple):
            predicate = predicates.get(triple.predicate)  # type: ignore[call-overload]
            if predicate is not None:
                out.append((from_ox(triple.subject), predicate, from_ox(triple.object)))
        else:
            out.append(triple)
    return out


def rdflib_graphs(
    graphs: Mapping[str, Iterable[Writable]], predicates: Mapping[ox.NamedNode, URIRef]
) -> dict[str, list[Triple]]:
    """`rdflib_triples` of each of `graphs` (graph IRI -> its triples)."""
    return {graph: rdflib_triples(triples, predicates) for graph, triples in graphs.items()}


class DistinctTriples(list[ox.Triple]):
    """Pyoxigraph triples known to be distinct, as `ox_triples` gives them: it hands them back as they
    are rather than hashing each again. In writing the bench's 200 articles (under cProfile) `ox_triples`
    took 0.28 s, and 0.18 s once article graphs came this way, all of that now for patches' triples.
    Whoever adds to one keeps them distinct."""


def ox_triples(triples: Iterable[Writable]) -> DistinctTriples:
    """Distinct pyoxigraph triples, in order of first appearance."""
    if isinstance(triples, DistinctTriples):
        return triples
    out: dict[ox.Triple, None] = {}
    for triple in triples:
        if isinstance(triple, ox.Triple):
            out[triple] = None
            continue
        s, p, o = triple
        subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
        if not isinstance(predicate, ox.NamedNode) or isinstance(subject, ox.Literal):
            raise BadInput(f"not a valid RDF triple: {_shown(s)} {_shown(p)} {_shown(o)}")
        out[ox.Triple(subject, predicate, obj)] = None
    return DistinctTriples(out)

