"""The SPARQL 1.1 Graph Store HTTP Protocol over a Store: read, replace, merge and drop one graph.

A graph is named by its IRI, or by `DEFAULT_GRAPH` for the store's own default graph (the triples
stored outside any named graph, which queries see as part of the union). Every write is one SPARQL
update request (one transaction on Oxigraph) followed by the index and events update that any SPARQL
update gets (kg/index.py `update`: the summaries of what the graph names), so the REST routes see the
change at once.

Choices a caller should know:
- A named graph exists while it holds a triple: DELETE of an empty or absent one is NotFound; the
  default graph always exists.
- Bodies are parsed whole before anything is written: bad syntax is BadInput and changes nothing.
- A multipart/form-data body merges every part, each in the syntax its own Content-Type gives.
"""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from collections.abc import Iterable

import pyoxigraph as ox

from kg import index
from kg.dataset import DEFAULT_GRAPH, RequestDataset
from kg.errors import BadInput, NotFound
from kg.rdf.namespaces import GRAPH
from kg.store import QueryResult, Store

__all__ = [
    "DEFAULT_GRAPH",
    "SYNTAXES",
    "delete",
    "exists",
    "new_graph",
    "parse_body",
    "post",
    "put",
    "read",
]

SYNTAXES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""Media types a graph may be sent in, and the syntax each names."""

UPLOAD_PREFIX = GRAPH["upload/"]
"""Graphs POSTed to the graph store itself are named UPLOAD_PREFIX + a random id."""


def parse_body(body: bytes, content_type: str, base_iri: str) -> list[ox.Triple]:
    """The triples of a request body; BadInput when its type is not RDF or its syntax is bad."""
    media = content_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        parts = _parts(body, content_type)
        return [t for part, part_type in parts for t in parse_body(part, part_type, base_iri)]
    syntax = SYNTAXES.get(media)
    if syntax is None:
        raise BadInput(f"A graph is sent as one of {', '.join(SYNTAXES)}, not {media or 'no type'!r}.")
    try:
        quads = list(ox.parse(body, syntax, base_iri=base_iri))
    except (SyntaxError, ValueError) as exc:
        raise BadInput(f"The graph does not parse as {media}: {str(exc).strip().splitlines()[0]}") from None
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise BadInput("The body names graphs of its own; send one graph's triples.")
    return [q.triple for q in quads]


def _parts(body: bytes, content_type: str) -> list[tuple[bytes, str]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise BadInput("The multipart/form-data body has no parts.")
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append((payload if isinstance(payload, bytes) else b"", part.get_content_type()))
    return parts


def _graph_clause(graph: str) -> tuple[str, str]:
    """The text that opens and closes a block of `graph` in INSERT DATA, and the graph as DROP names it."""
    if graph == DEFAULT_GRAPH:
        return "", ""
    try:
        node = ox.NamedNode(graph)
    except ValueError:
        raise BadInput(f"Not a valid graph IRI: {graph!r}.") from None
    return f"GRAPH {node} {{", "}"


def _named(graph: str) -> list[str] | None:
    """The graphs a write of `graph` changes, for index.update; None for the default graph (whose
    triples the index reads with every other graph's: it rebuilds then)."""
    return None if graph == DEFAULT_GRAPH else [graph]


def _drop(graph: str) -> str:
    return "DROP SILENT DEFAULT" if graph == DEFAULT_GRAPH else f"DROP SILENT GRAPH {ox.NamedNode(graph)}"


def _insert(graph: str, triples: Iterable[ox.Triple]) -> str | None:
    # pyoxigraph writes each triple in N-Triples, escaping every literal: data, never pasted text.
    body = " .\n".join(str(t) for t in dict.fromkeys(triples))
    if not body:
        return None
    opening, closing = _graph_clause(graph)
    return f"INSERT DATA {{ {opening}\n{body} .\n{closing} }}"


def exists(store: Store, graph: str) -> bool:
    """Whether `graph` holds a triple (the default graph always exists)."""
    _graph_clause(graph)
    return graph == DEFAULT_GRAPH or store.has_graph(graph)


def _holds_triples(store: Store, graph: str) -> bool:
    if graph != DEFAULT_GRAPH:
        return store.has_graph(graph)
    asked = store.query("ASK { ?s ?p ?o }", dataset=RequestDataset((graph,)), timeout=float("inf"))
    return bool(asked.boolean)


def read(store: Store, graph: str) -> QueryResult:
    """The triples of `graph` as a CONSTRUCT result (serialize it in any graph syntax); NotFound when
    a named graph holds none."""
    if not exists(store, graph):
        raise NotFound(f"No graph {graph}.")
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    return store.query(query, dataset=RequestDataset((graph,)), timeout=float("inf"))


def put(store: Store, graph: str, triples: list[ox.Triple]) -> bool:
    """Replace `graph` with `triples`; whether the graph is new (held no triple before)."""
    with store.write_lock:
        created = not _holds_triples(store, graph)
        operations = [_drop(graph), _insert(graph, triples)]
        index.update(store, " ;\n".join(op for op in operations if op), graphs=_named(graph))
    return created


def post(store: Store, graph: str, triples: list[ox.Triple]) -> bool:
    """Add `triples` to `graph`; whether the graph is new (held no triple before)."""
    with store.write_lock:
        created = not _holds_triples(store, graph)
        operation = _insert(graph, triples)
        if operation:
            index.update(store, operation, graphs=_named(graph))
    return created


def delete(store: Store, graph: str) -> None:
    """Remove `graph` and its triples (empty the default graph); NotFound when a named graph holds none."""
    with store.write_lock:
        if not exists(store, graph):
            raise NotFound(f"No graph {graph}.")
        index.update(store, _drop(graph), graphs=_named(graph))


def new_graph() -> str:
    """A fresh IRI for a graph POSTed to the graph store itself."""
    return f"{UPLOAD_PREFIX}{uuid.uuid4().hex}"
