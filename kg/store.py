"""The only code that talks to a store: embedded Oxigraph (through oxrdflib) or a remote SPARQL endpoint.

Both backends keep one named graph per article and answer every query with the union of all graphs as
its default graph. Values reach a query as bindings, never as text the caller pasted in.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD
from rdflib.term import Node

from kg import linecheck
from kg.errors import BadInput, KgError, NotFound, QueryError, QueryTimeout, StoreError
from kg.rdf.namespaces import GRAPH, PREFIXES
from kg.sandbox import QuerySandbox, SandboxError, SandboxTimeout
from kg.settings import Settings

__all__ = [
    "FILE_GRAPH_PREFIX",
    "EmbeddedStore",
    "GraphPatch",
    "QueryResult",
    "RemoteStore",
    "Store",
    "Triple",
    "check_rdf_file",
    "load_files",
    "open_store",
]

Triple = tuple[Node, Node, Node]
"""A triple of rdflib terms (subject, predicate, object)."""
Writable = Triple | ox.Triple
"""A triple to write: rdflib's terms, or pyoxigraph's (which need no conversion)."""
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term, as select_terms gives them."""

FILE_GRAPH_PREFIX = GRAPH["file/"]
"""Triples of a file loaded without a `graph` go to the graph FILE_GRAPH_PREFIX + file name."""

QueryKind = Literal["select", "ask", "graph"]

_TRIPLE_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
_QUAD_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
_FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld"}
_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_JSONLD_MEDIA_TYPES = {"application/ld+json", "application/json"}

_QUERY_WORKERS = 4
"""Most SPARQL evaluations one store runs at once (abandoned ones included); the rest wait their turn."""
_USER_QUERY_WORKERS = 2
"""User-written SPARQL runs in its own small pool: a blocking runaway (ORDER BY, GROUP BY) cannot be
stopped in pyoxigraph 0.5.13, so at most this many can run at once, and never in the pool that
answers /health and the REST routes."""
_QUERY_VIEWS = "query-views"
"""Folder inside the store's folder where the query workers' checkpoints of the store live."""
_CHECKPOINT_ATTEMPTS = 5

T = TypeVar("T")


def _one_line(error: BaseException | str) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# -- terms -------------------------------------------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term; BadInput when it is not a valid RDF term."""
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
        raise BadInput(f"not a valid RDF term {term!r}: {_one_line(exc)}") from None
    raise BadInput(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Node:
    """The rdflib term for a pyoxigraph term; xsd:string literals become plain literals, as in rdflib."""
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
    raise StoreError(f"unexpected term from the store: {term!r}")


def _graph_node(graph: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(graph))
    except ValueError:
        raise BadInput(f"not a valid graph IRI: {graph!r}") from None


def _ox_triples(triples: Iterable[Writable]) -> list[ox.Triple]:
    """Distinct pyoxigraph triples, in order of first appearance."""
    out: dict[ox.Triple, None] = {}
    for triple in triples:
        if isinstance(triple, ox.Triple):
            out[triple] = None
            continue
        s, p, o = triple
        subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
        if not isinstance(predicate, ox.NamedNode) or isinstance(subject, ox.Literal):
            raise BadInput(f"not a valid RDF triple: {(s, p, o)!r}")
        out[ox.Triple(subject, predicate, obj)] = None
    return list(out)


# -- formats -----------------------------------------------------------------------------------------


def rdf_format(fmt: str) -> tuple[str, ox.RdfFormat]:
    """The canonical name and pyoxigraph format of a format name or alias (turtle, ttl, trig, nq, ...)."""
    name = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    found = _TRIPLE_FORMATS.get(name) or _QUAD_FORMATS.get(name)
    if found is None:
        known = ", ".join([*_TRIPLE_FORMATS, *_QUAD_FORMATS])
        raise BadInput(f"unknown RDF format {fmt!r} (known: {known})")
    return name, found


def _format_of_file(path: Path, fmt: str | None) -> ox.RdfFormat:
    if fmt is not None:
        return rdf_format(fmt)[1]
    found = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if found is None or found not in (*_TRIPLE_FORMATS.values(), *_QUAD_FORMATS.values()):
        raise BadInput(f"{path.name}: cannot tell the RDF format from the extension {path.suffix!r}")
    return found


def check_rdf_file(path: Path, fmt: str | None = None) -> tuple[ox.RdfFormat, int]:
    """The format of an RDF file and how many quads it holds, parsing all of it; BadInput when it is bad."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"no such file: {path}")
    ox_format = _format_of_file(path, fmt)
    try:
        if ox_format in linecheck.LINE_FORMATS:
            return ox_format, linecheck.count_quads(path, ox_format)  # in parts, on every core
        return ox_format, sum(1 for _ in ox.parse(path=path, format=ox_format))
    except (SyntaxError, OSError, ValueError) as exc:
        raise BadInput(f"{path.name}: {_one_line(exc)}") from None


def _jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """JSON-LD compacted with the project prefixes (rdflib: pyoxigraph writes only expanded JSON-LD)."""
    dataset = Dataset()
    for q in quads:
        graph = (
            dataset.default_graph
            if isinstance(q.graph_name, ox.DefaultGraph)
            else dataset.graph(URIRef(q.graph_name.value))
        )
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD writer calls its own deprecated Dataset methods; nothing for us to change.
        warnings.simplefilter("ignore", DeprecationWarning)
        text = dataset.serialize(format="json-ld", context=_PREFIXES, auto_compact=True)
    return text.encode("utf-8")


def _jsonld_graph(triples: Iterable[ox.Triple]) -> bytes:
    """One graph as JSON-LD compacted with the project prefixes."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph.serialize(format="json-ld", context=_PREFIXES, auto_compact=True).encode("utf-8")


def _serialize_quads(quads: Iterable[ox.Quad], name: str, fmt: ox.RdfFormat) -> bytes:
    if name == "jsonld":
        return _jsonld(quads)
    out = ox.serialize(quads, format=fmt, prefixes=_PREFIXES if name == "trig" else None)
    return out or b""


def _serialize_triples(triples: Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(triples, format=fmt, prefixes=_PREFIXES) or b""


# -- query results -----------------------------------------------------------------------------------


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
        application/ld+json.
        """
        base = media_type.split(";")[0].strip().lower()
        if self.kind == "graph":
            if base in _JSONLD_MEDIA_TYPES:
                return _jsonld_graph(self._ox_triples())
            fmt = ox.RdfFormat.from_media_type(base)
            if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
                raise BadInput(f"a graph result cannot be written as {media_type!r}")
            return _serialize_triples(self._ox_triples(), fmt)
        results_format = ox.QueryResultsFormat.from_media_type(base)
        if results_format is None:
            raise BadInput(f"a {self.kind} result cannot be written as {media_type!r}")
        if results_format == ox.QueryResultsFormat.JSON:
            return self.payload
        parsed = ox.parse_query_results(self.payload, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=results_format) or b""

    def _ox_triples(self) -> Iterator[ox.Triple]:
        return (q.triple for q in ox.parse(self.payload, ox.RdfFormat.N_TRIPLES))


# -- the store ---------------------------------------------------------------------------------------


def _insert_data(graph: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> str:
    # Terms are written by pyoxigraph's own N-Triples serializer (str of a term), which escapes every
    # literal, so no value can end the block early: this is data in its canonical syntax, not pasted text.
    body = " .\n".join(str(t) for t in triples)
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}"


@dataclass(frozen=True)
class GraphPatch:
    """A change to one graph: remove every triple whose subject is in `subjects`, then add `triples`."""

    graph: str
    subjects: list[URIRef]
    triples: list[Triple]


class Store(ABC):
    """One RDF dataset, with a named graph per article and the union of all graphs as default graph."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.write_lock = threading.RLock()
        """Held by writers that read before they write (the entity index), so that no write falls between."""

    # writes -------------------------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[Writable]) -> int:
        """Replace the whole content of `graph` with `triples`, atomically; returns the triples written."""
        return self.replace_graphs({graph: triples})

    def replace_graphs(
        self, graphs: Mapping[str, Iterable[Writable]], patch: GraphPatch | None = None
    ) -> int:
        """Replace several graphs, and apply `patch`, in one transaction; returns the triples written.

        One SPARQL update request holds every DROP and INSERT DATA: Oxigraph runs a whole update request
        as a single transaction, so readers and a crash see either the old graphs or all the new ones.
        (pyoxigraph's `extend` is transactional too but can only add; `bulk_extend` and `bulk_load`
        write files outside any transaction, so a crash can leave part of their data behind.)
        """
        operations: list[str] = []
        written = 0
        for graph, triples in graphs.items():
            node = _graph_node(graph)
            rows = _ox_triples(triples)
            operations.append(f"DROP SILENT GRAPH {node}")
            if rows:
                operations.append(_insert_data(node, rows))
            written += len(rows)
        if patch is not None:
            node = _graph_node(patch.graph)
            if patch.subjects:
                subjects = " ".join(str(to_ox(s)) for s in patch.subjects)
                operations.append(
                    f"DELETE {{ GRAPH {node} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {subjects} }} "
                    f"GRAPH {node} {{ ?s ?p ?o }} }}"
                )
            rows = _ox_triples(patch.triples)
            if rows:
                operations.append(_insert_data(node, rows))
        if operations:
            self._update(" ;\n".join(operations))
        return written

    def bulk_replace_graph(self, graph: str, triples: Iterable[Writable]) -> int:
        """Replace `graph` as fast as the backend can, atomically only where that costs nothing extra.

        For offline work on a store no one else uses (`kg load`); returns the triples written.
        """
        return self.replace_graphs({graph: triples})

    def add(self, graph: str, triples: Iterable[Triple]) -> int:
        """Add `triples` to `graph` (a triple already there stays once); returns the triples given."""
        node = _graph_node(graph)
        rows = _ox_triples(triples)
        if rows:
            self._update(_insert_data(node, rows))
        return len(rows)

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` and everything in it; nothing happens when there is no such graph."""
        self._update(f"DROP SILENT GRAPH {_graph_node(graph)}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update; QueryError when it cannot be parsed or applied."""
        self._update(sparql)

    def load(
        self,
        path: Path,
        fmt: str | None = None,
        graph: str | None = None,
        checked: tuple[ox.RdfFormat, int] | None = None,
    ) -> int:
        """Load an RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD); returns the quads read.

        The format comes from the extension when `fmt` is None. Triples outside any named graph go to
        `graph`, or else to a graph named after the file (FILE_GRAPH_PREFIX + file name), so that the
        default graph stays the union of named graphs and a file can be dropped again by name. The file is
        parsed in full before anything is written: bad syntax is BadInput and leaves the store unchanged.
        `checked` is what check_rdf_file said of this file, when the caller has parsed it already.
        """
        path = Path(path)
        ox_format, count = checked or check_rdf_file(path, fmt)
        target = _graph_node(graph) if graph else _graph_node(FILE_GRAPH_PREFIX + quote(path.name))
        self._load_checked(path, ox_format, target)
        return count

    # reads --------------------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        """The IRIs of every named graph, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row["g"]) for row in result.rows)

    def count(self, graph: str | None = None) -> int:
        """The quads in `graph`, or in the whole dataset when None."""
        if graph is None:
            result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            result = self.query(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                {"g": URIRef(_graph_node(graph).value)},
            )
        rows = result.rows
        return int(str(rows[0]["n"])) if rows and "n" in rows[0] else 0

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph with at least one triple is called `graph`."""
        result = self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(_graph_node(graph).value)})
        return bool(result.boolean)

    def holds_exactly(self, graph: str, triples: Iterable[Writable]) -> bool:
        """Whether the named graph `graph` holds `triples` and nothing else."""
        rows = self.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_graph_node(graph)} {{ ?s ?p ?o }} }}")
        stored = [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]
        return set(_ox_triples(stored)) == set(_ox_triples(triples))

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
        untrusted: bool = False,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query over the union default graph, binding variables to `bindings`.

        Bound variables keep their values as terms, never as query text: a one-row VALUES block opening
        the WHERE group, which a FILTER or BIND there sees (a subquery does not). `timeout`
        (seconds) defaults to settings.query_timeout, `float("inf")` means none; past it the caller
        gets QueryTimeout. `untrusted` marks a query a user wrote (the SPARQL endpoint): it runs apart
        from the service's own canned queries, so runaway user queries cannot starve the REST routes.
        """
        bound = {name.lstrip("?$"): to_ox(value) for name, value in (bindings or {}).items()}
        limit = self.settings.query_timeout if timeout is None else timeout
        return self._query(sparql, bound, limit, untrusted)

    def select_rows(self, sparql: str) -> list[tuple[Node | None, ...]]:
        """The solutions of a SELECT the service wrote itself, as tuples in projection order, with no
        time limit: for bulk reads (the entity index) where building a dict per row would dominate."""
        result = self.query(sparql, timeout=float("inf"))
        return [tuple(row.get(name) for name in result.variables) for row in result.rows]

    def select_terms(self, sparql: str) -> list[tuple[OxTerm | None, ...]]:
        """As select_rows, in pyoxigraph's terms: for reads too big to make rdflib terms of."""
        return [tuple(None if t is None else to_ox(t) for t in row) for row in self.select_rows(sparql)]

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialize the store: fmt is trig, nquads, jsonld (datasets) or turtle, ntriples (graphs).

        With `graph`, that graph only (NotFound when it is empty or absent). Without it, a dataset format
        writes every graph with its name, a graph format writes the default graph: the union of all graphs.
        """
        name, ox_format = rdf_format(fmt)
        node = _graph_node(graph) if graph else None
        if node is not None and not self.has_graph(node.value):
            raise NotFound(f"no graph {node.value}")
        if name in _QUAD_FORMATS:
            return _serialize_quads(self._quads(node), name, ox_format)
        if node is not None:
            return _serialize_triples((q.triple for q in self._quads(node)), ox_format)
        union = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", timeout=float("inf"))
        return _serialize_triples(union._ox_triples(), ox_format)

    @abstractmethod
    def close(self) -> None:
        """Release the store; the object cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # backend primitives -------------------------------------------------------------------------

    @abstractmethod
    def _update(self, sparql: str) -> None:
        """Run one SPARQL update request, as one transaction where the backend has them."""

    @abstractmethod
    def _query(
        self, sparql: str, bindings: dict[str, Any], timeout: float, untrusted: bool = False
    ) -> QueryResult:
        """Evaluate a query over the union default graph with pyoxigraph terms bound, within `timeout`."""

    @abstractmethod
    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        """Every quad of `graph`, or of the whole dataset when None."""

    @abstractmethod
    def _load_checked(self, path: Path, fmt: ox.RdfFormat, target: ox.NamedNode) -> None:
        """Load a file already parsed once; triples outside named graphs go to `target`."""


_TOKENS = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",  # long strings
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",  # short strings
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs
            r"#[^\n]*",  # comments
            r"[{}]",
            r"(?<![\w:?$])(?:WHERE|CONSTRUCT)(?![\w:])",
        ]
    ),
    re.IGNORECASE,
)


def _with_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """`sparql` with an inline VALUES block of `bindings` opening its WHERE group.

    The SPARQL protocol has no bindings, so they travel as a VALUES block, joined first in the query's
    WHERE group (a FILTER or BIND there sees them, as with Oxigraph's substitutions). Terms are written
    by pyoxigraph's N-Triples serializer, so a value cannot escape its term. Strings, IRIs and comments
    are skipped while looking for the group; a query without one (DESCRIBE <x>) gets a trailing block.
    """
    names = " ".join(f"?{name}" for name in bindings)
    block = f" VALUES ({names}) {{ ({' '.join(str(term) for term in bindings.values())}) }} "
    depth, top_groups, after_where, construct = 0, 0, False, False
    for match in _TOKENS.finditer(sparql):
        token = match.group().upper()
        if token == "{":
            if depth == 0:
                top_groups += 1
                if after_where or top_groups == (2 if construct else 1):
                    return sparql[: match.end()] + block + sparql[match.end() :]
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and token == "WHERE":
            after_where = True
        elif depth == 0 and token == "CONSTRUCT":
            construct = True
    return f"{sparql}\nVALUES ({names}) {{ ({' '.join(str(t) for t in bindings.values())}) }}"


def _json_term(term: Any) -> dict[str, str]:
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


def _query_kind(result: object) -> QueryKind:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


class EmbeddedStore(Store):
    """An on-disk Oxigraph store (RocksDB) in settings.data, also offered as an rdflib Dataset.

    Queries, bulk loads and dumps go straight to the pyoxigraph Store under the Dataset: rdflib's own
    SPARQL engine and per-triple calls would be orders of magnitude slower.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        path = Path(settings.data)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._ox: ox.Store | None = ox.Store(str(path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                # RocksDB takes an exclusive lock on the folder: a second process cannot open it.
                raise StoreError(
                    f"the store at {path} is in use by another process (a running "
                    "`kg serve`?): stop it, or go through its HTTP API"
                ) from None
            raise StoreError(f"cannot open the store at {path}: {_one_line(exc)}") from None
        self.dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)
        """The same data as an rdflib Dataset (default graph = union of all graphs)."""
        self._pool: ThreadPoolExecutor | None = None
        self._user_pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._graphs: list[str] | None = None
        self._size: int | None = None
        self._generation = 0
        """How many writes this process has made: a sandbox worker reopens its view when it moves."""
        self._listing_lock = threading.Lock()
        self._writing = threading.Lock()
        """Held by every write to RocksDB and by a checkpoint, which a concurrent write can break."""
        self._sandbox: QuerySandbox | None = None

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph Store; StoreError once the store is closed."""
        if self._ox is None:
            raise StoreError("the store is closed")
        return self._ox

    def add(self, graph: str, triples: Iterable[Triple]) -> int:
        """Add `triples` to `graph` in one transaction (pyoxigraph `extend` writes all or nothing)."""
        node = _graph_node(graph)
        rows = _ox_triples(triples)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in rows]
        try:
            with self._writing:
                self._call(lambda: self.oxigraph.extend(quads))
        finally:
            self._written()
        return len(rows)

    def bulk_replace_graph(self, graph: str, triples: Iterable[Writable]) -> int:
        # Oxigraph's bulk writer skips the transaction: a crash half-way leaves part of the graph, which
        # the next `kg load` or `kg reindex` writes again whole.
        node = _graph_node(graph)
        rows = _ox_triples(triples)
        self._update(f"DROP SILENT GRAPH {node}")
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in rows]
        try:
            with self._writing:
                self._call(lambda: self.oxigraph.bulk_extend(quads))
        finally:
            self._written()
        return len(rows)

    def holds_exactly(self, graph: str, triples: Iterable[Writable]) -> bool:
        # A count and a lookup per triple: reading the graph back would decode every term of it, which
        # took most of a rebuild's time on a big store.
        node = _graph_node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in _ox_triples(triples)]
        stored = self._call(lambda: self.oxigraph.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"))
        count = next(iter(stored))[0] if isinstance(stored, ox.QuerySolutions) else None
        if not isinstance(count, ox.Literal) or int(count.value) != len(quads):
            return False
        return self._call(lambda: all(quad in self.oxigraph for quad in quads))

    def graphs(self) -> list[str]:
        with self._listing_lock:
            if self._graphs is None:
                names = self._call(lambda: list(self.oxigraph.named_graphs()))
                self._graphs = sorted(g.value for g in names if isinstance(g, ox.NamedNode))
            return list(self._graphs)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            # Counting is a scan of the whole store: the answer is kept until the next write (this process
            # is the only writer: RocksDB's lock keeps other processes out).
            with self._listing_lock:
                if self._size is None:
                    self._size = self._call(lambda: len(self.oxigraph))
                return self._size
        return super().count(graph)

    def _written(self) -> None:
        with self._listing_lock:
            self._graphs = self._size = None
            self._generation += 1

    def open_sandbox(self, workers: int = _USER_QUERY_WORKERS) -> None:
        """Run user-written queries (`untrusted`) from now on in killable worker processes (kg/sandbox.py),
        so that a timed-out query stops using the CPU at once. The HTTP service calls this at start-up."""
        with self._pool_lock:
            if self._sandbox is None:
                views = Path(self.settings.data) / _QUERY_VIEWS
                self._sandbox = QuerySandbox(views, self._checkpoint, _PREFIXES, workers)

    def _checkpoint(self, folder: str) -> None:
        """A consistent copy of the store as it is now in `folder` (hard links to RocksDB's files).

        No write runs meanwhile; RocksDB's own background flushes can still move a log file from under
        the copy now and then, so a failed checkpoint is deleted and taken again.
        """
        for attempt in range(_CHECKPOINT_ATTEMPTS):
            try:
                with self._writing:
                    self.oxigraph.backup(folder)
                return
            except (OSError, RuntimeError) as exc:
                shutil.rmtree(folder, ignore_errors=True)
                if attempt == _CHECKPOINT_ATTEMPTS - 1:
                    raise OSError(f"could not checkpoint the store: {_one_line(exc)}") from None

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
        for pool in (self._pool, self._user_pool):
            if pool is not None:
                # Abandoned evaluations cannot always be stopped (see _query); don't wait for them.
                pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._user_pool = None
        if self._ox is not None:
            self.dataset.close()
            self._ox = None
            # Dropping the last reference to the pyoxigraph Store closes RocksDB and releases its lock.
            self.dataset = Dataset()

    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except OSError as exc:
            raise StoreError(f"store: {_one_line(exc)}") from None

    def _update(self, sparql: str) -> None:
        # pyoxigraph runs one update request, with all its operations, as a single RocksDB transaction:
        # it commits whole or not at all, also when the process is killed half-way.
        try:
            with self._writing:
                self.oxigraph.update(sparql, prefixes=_PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {_one_line(exc)}") from None
        except (RuntimeError, ValueError) as exc:
            raise QueryError(_one_line(exc)) from None
        finally:
            self._written()

    def _evaluate(self, sparql: str, bindings: dict[str, Any],
                  cancel: threading.Event | None = None) -> QueryResult:
        # Values travel as a VALUES block opening the WHERE group, as they do to a remote store: Oxigraph
        # joins such a block first and looks the bound terms up in its indexes, where its `substitutions`
        # option binds them later (4 to 10 times slower on the REST routes' queries at a million quads).
        result = self.oxigraph.query(
            _with_values(sparql, bindings) if bindings else sparql,
            prefixes=_PREFIXES,
            use_default_graph_as_union=True,
        )
        if cancel is None:
            if isinstance(result, ox.QueryTriples):
                return QueryResult("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
            payload = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return QueryResult(_query_kind(result), payload)
        # Pulled row by row, so a cancelled evaluation stops at its next row instead of running on.
        if isinstance(result, ox.QueryTriples):
            lines = []
            for triple in result:
                if cancel.is_set():
                    raise QueryTimeout("the query was cancelled")
                lines.append(f"{triple.subject} {triple.predicate} {triple.object} .\n")
            return QueryResult("graph", "".join(lines).encode("utf-8"))
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", json.dumps({"head": {}, "boolean": bool(result)}).encode("utf-8"))
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if cancel.is_set():
                raise QueryTimeout("the query was cancelled")
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = _json_term(term)
            rows.append(row)
        body = {"head": {"vars": names}, "results": {"bindings": rows}}
        return QueryResult("select", json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _query(
        self, sparql: str, bindings: dict[str, Any], timeout: float, untrusted: bool = False
    ) -> QueryResult:
        # pyoxigraph 0.5.13 has no query timeout or cancellation in its Python API. It does release the
        # GIL while it evaluates, so the evaluation runs in a worker thread and the caller waits at most
        # `timeout` seconds for the whole of it (blocking operators such as ORDER BY or GROUP BY
        # included), then gets QueryTimeout. Results are pulled row by row, so a streaming query (a
        # cartesian product, say) stops at its next row once cancelled. What this does not bound: a
        # blocking operator (ORDER BY, GROUP BY, aggregates) computes its input before the first row
        # and runs on to its end in its thread; the pool caps how many run at once, and a query still
        # queued when its time is up is cancelled before it starts.
        if untrusted and self._sandbox is not None and timeout != float("inf"):
            return self._sandboxed(_with_values(sparql, bindings) if bindings else sparql, timeout)
        try:
            if timeout == float("inf"):
                return self._evaluate(sparql, bindings)
            cancel = threading.Event()
            pool = self._executor(untrusted)
            future: Future[QueryResult] = pool.submit(self._evaluate, sparql, bindings, cancel)
            try:
                return future.result(timeout=max(timeout, 0.0))
            except FutureTimeout:
                cancel.set()
                future.cancel()
                raise QueryTimeout(f"the query ran longer than {timeout:g} s") from None
        except KgError:
            raise
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL query: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {_one_line(exc)}") from None
        except (RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(_one_line(exc)) from None

    def select_rows(self, sparql: str) -> list[tuple[Node | None, ...]]:
        # Straight from pyoxigraph's solutions, without the JSON round trip of `query`.
        terms: dict[Any, Node | None] = {None: None}

        def term(value: Any) -> Node | None:
            known = terms.get(value)
            if known is None and value is not None:
                known = terms[value] = from_ox(value)
            return known

        return [tuple(map(term, solution)) for solution in self._solutions(sparql)]

    def select_terms(self, sparql: str) -> list[tuple[OxTerm | None, ...]]:
        return [tuple(solution) for solution in self._solutions(sparql)]

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        """pyoxigraph's solutions of a SELECT the service wrote itself, with no time limit."""
        try:
            solutions = self.oxigraph.query(sparql, prefixes=_PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL query: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {_one_line(exc)}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        return solutions

    def _sandboxed(self, sparql: str, timeout: float) -> QueryResult:
        assert self._sandbox is not None
        try:
            answer = self._sandbox.query(sparql, self._generation, timeout)
        except SandboxTimeout:
            raise QueryTimeout(f"the query ran longer than {timeout:g} s") from None
        except SandboxError as exc:
            if exc.cause == "syntax":
                raise QueryError(f"bad SPARQL query: {_one_line(exc)}") from None
            if exc.cause == "store":
                raise StoreError(f"store: {_one_line(exc)}") from None
            raise QueryError(_one_line(exc)) from None
        kind: QueryKind = "graph" if answer.kind == "graph" else ("ask" if answer.kind == "ask" else "select")
        return QueryResult(kind, answer.payload)

    def _executor(self, untrusted: bool = False) -> ThreadPoolExecutor:
        with self._pool_lock:
            if untrusted:
                if self._user_pool is None:
                    self._user_pool = ThreadPoolExecutor(max_workers=_USER_QUERY_WORKERS,
                                                         thread_name_prefix="kg-user-query")
                return self._user_pool
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=_QUERY_WORKERS, thread_name_prefix="kg-query")
            return self._pool

    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        if graph is None:
            return iter(self.oxigraph)
        return self.oxigraph.quads_for_pattern(None, None, None, graph)

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        name, ox_format = rdf_format(fmt)
        if graph is None and name in ("trig", "nquads"):
            prefixes = _PREFIXES if name == "trig" else None
            return self._call(lambda: self.oxigraph.dump(format=ox_format, prefixes=prefixes)) or b""
        if graph is not None and name in _TRIPLE_FORMATS:
            node = _graph_node(graph)
            if not self.has_graph(graph):
                raise NotFound(f"no graph {graph}")
            out = self._call(
                lambda: self.oxigraph.dump(format=ox_format, from_graph=node, prefixes=_PREFIXES)
            )
            return out or b""
        return super().dump(fmt, graph)

    def _load_checked(self, path: Path, fmt: ox.RdfFormat, target: ox.NamedNode) -> None:
        # Oxigraph's bulk loader: fastest for big files. The file was parsed once already, so a syntax
        # error cannot stop it half-way.
        try:
            with self._writing:
                self.oxigraph.bulk_load(path=path, format=fmt, to_graph=target)
        except SyntaxError as exc:
            raise BadInput(f"{path.name}: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {_one_line(exc)}") from None
        finally:
            self._written()


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP: queries at settings.store, updates at settings.store_update.

    The endpoint must use the union of its named graphs as the default graph of queries (Oxigraph:
    `oxigraph serve --union-default-graph`; Fuseki: `unionDefaultGraph`). It speaks the plain SPARQL
    1.1 Protocol through httpx, which pools connections and hands back the raw bytes to parse.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        assert settings.store is not None
        self.query_url = settings.store
        default_update = settings.store.rstrip("/").removesuffix("/query") + "/update"
        self.update_url = settings.store_update or default_update
        self._client = httpx.Client(timeout=httpx.Timeout(settings.query_timeout, connect=10.0))

    def close(self) -> None:
        self._client.close()

    def _post(self, url: str, data: dict[str, str], accept: str, timeout: float) -> httpx.Response:
        limit = None if timeout == float("inf") else timeout
        try:
            response = self._client.post(
                url, data=data, headers={"Accept": accept}, timeout=httpx.Timeout(limit, connect=10.0)
            )
        except httpx.TimeoutException:
            raise QueryTimeout(f"the endpoint did not answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {_one_line(exc)}") from None
        if response.status_code == 400:
            raise QueryError(_one_line(response.text or "the endpoint refused the request"))
        if response.status_code >= 300:
            raise StoreError(
                f"the SPARQL endpoint {url} answered {response.status_code}: "
                f"{_one_line(response.text or response.reason_phrase)}"
            )
        return response

    def _update(self, sparql: str) -> None:
        # The Oxigraph server runs one update request as one transaction; other endpoints may not.
        self._post(self.update_url, {"update": sparql}, "*/*", float("inf"))

    def _query(
        self, sparql: str, bindings: dict[str, Any], timeout: float, untrusted: bool = False
    ) -> QueryResult:
        if bindings:
            sparql = _with_values(sparql, bindings)
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        response = self._post(self.query_url, {"query": sparql}, accept, timeout)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type == "application/n-triples":
            return QueryResult("graph", response.content)
        if media_type in ("application/sparql-results+json", "application/json"):
            try:
                parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
            except SyntaxError as exc:
                raise StoreError(f"the SPARQL endpoint sent unreadable results: {_one_line(exc)}") from None
            return QueryResult(_query_kind(parsed), response.content)
        raise StoreError(f"the SPARQL endpoint answered with unexpected media type {media_type!r}")

    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        bindings = {"g": URIRef(graph.value)} if graph is not None else None
        for row in self.query(sparql, bindings, timeout=float("inf")).rows:
            s, p, o = to_ox(row["s"]), to_ox(row["p"]), to_ox(row["o"])
            yield ox.Quad(s, p, o, to_ox(row["g"]))  # type: ignore[arg-type]

    def _load_checked(self, path: Path, fmt: ox.RdfFormat, target: ox.NamedNode) -> None:
        # One update request for the whole file: all or nothing, and blank nodes keep their identity.
        by_graph: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
        for q in ox.parse(path=path, format=fmt):
            name = target if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            by_graph.setdefault(name, []).append(q.triple)
        blocks = [_insert_data(name, triples) for name, triples in by_graph.items()]
        if blocks:
            self._update(" ;\n".join(blocks))


def load_files(store: Store, paths: Iterable[Path], fmt: str | None = None, graph: str | None = None) -> int:
    """Load several RDF files into `store` (see Store.load); returns the quads read.

    Every file is parsed before the first is loaded, so one bad file leaves the store unchanged.
    """
    files = [Path(p) for p in paths]
    checked = [check_rdf_file(path, fmt) for path in files]
    pairs = zip(files, checked, strict=True)
    return sum(store.load(path, fmt, graph, checked=check) for path, check in pairs)


def open_store(settings: Settings) -> Store:
    """The store `settings` name: a remote endpoint when settings.store is an http(s) URL, else embedded."""
    if settings.store:
        if not settings.store.startswith(("http://", "https://")):
            raise BadInput(f"KG_STORE must be an http(s) URL of a SPARQL endpoint, not {settings.store!r}")
        return RemoteStore(settings)
    return EmbeddedStore(settings)
