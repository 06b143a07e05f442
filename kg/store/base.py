"""The store interface both backends share: writes, reads and dumps over one dataset of named graphs."""

from __future__ import annotations

import os
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.answers import FileAnswer, TooManyRows, write_answer
from kg.dataset import RequestDataset
from kg.errors import NotFound, QueryError, ResultTooLarge
from kg.rdf.namespaces import GRAPH
from kg.settings import Settings
from kg.store.formats import QUAD_FORMATS, check_rdf_file, rdf_format, serialize_quads, serialize_triples
from kg.store.lexer import with_page, with_table
from kg.store.results import QueryResult
from kg.store.terms import OxTerm, Writable, graph_node, ox_triples, to_ox

__all__ = ["FILE_GRAPH_PREFIX", "GraphPatch", "Row", "Store", "load_files"]

Row = dict[str, OxTerm]
"""One solution of a SELECT: variable name to pyoxigraph term, unbound variables left out."""

FILE_GRAPH_PREFIX = GRAPH["file/"]
"""Triples of a file loaded without a `graph` go to the graph FILE_GRAPH_PREFIX + file name."""


def insert_data(graph: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> str:
    return _data("INSERT", graph, triples)


def delete_data(graph: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> str:
    """DELETE DATA of `triples` in `graph` (DELETE DATA names no blank nodes)."""
    return _data("DELETE", graph, triples)


def _data(verb: str, graph: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> str:
    return f"{verb} DATA {{ {_graph_block(graph, triples)} }}"


def _graph_block(graph: ox.NamedNode | ox.BlankNode, triples: list[ox.Triple]) -> str:
    """`GRAPH graph { triples }` as a DATA block holds them."""
    # Triples are written by pyoxigraph's own N-Triples serializer, which escapes every literal, so no
    # value can end the block early: this is data in its canonical syntax, not pasted text. (A line per
    # triple, as SPARQL reads them: 3 times faster than writing each triple's text apart.)
    body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    return f"GRAPH {graph} {{\n{body}}}"


_SUBJECTS_AT_ONCE = 400
"""Subjects asked about in one query."""


@dataclass(frozen=True)
class GraphPatch:
    """A change to one graph: remove every triple whose subject is in `subjects`, then add `triples`."""

    graph: str
    subjects: Sequence[Node | OxTerm]
    triples: Sequence[Writable]


class Store(ABC):
    """One RDF dataset, with a named graph per article and the union of all graphs as default graph."""

    shared = False
    """Whether other processes may write this store at once (a SPARQL server): the write lock keeps
    out only this process's writers, so writes of derived data are settled afterwards (kg/settle.py)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.write_lock = threading.RLock()
        """Held by writers that read before they write (the entity index), so that no write falls between."""

    # writes -------------------------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[Writable]) -> int:
        """Replace the whole content of `graph` with `triples`, atomically; returns the triples written."""
        return self.replace_graphs({graph: triples})

    def replace_graphs(
        self,
        graphs: Mapping[str, Iterable[Writable]],
        patch: GraphPatch | Sequence[GraphPatch] | None = None,
    ) -> int:
        """Replace several graphs, and apply `patch` (or each of several), in one transaction; returns the
        triples written.

        One SPARQL update request holds every deletion and INSERT DATA: Oxigraph runs a whole update
        request as a single transaction, so readers and a crash see either the old graphs or all the new
        ones. (pyoxigraph's `extend` is transactional too but can only add; `bulk_extend` and
        `bulk_load` write files outside any transaction, so a crash can leave part of their data
        behind.) The graphs that get new content are emptied by one DELETE bound on all of them: in
        Oxigraph every operation of a request that reads (a DROP, a DELETE WHERE) costs milliseconds
        once the request has written, and a DROP slows the whole request, so a DROP per graph doubled
        the time of writing 32 articles. Graphs removed outright are dropped, so that they are no
        longer named.
        """
        removed: list[str] = []
        emptied: list[str] = []
        blocks: list[str] = []
        written = 0
        for graph, triples in graphs.items():
            node = graph_node(graph)
            rows = ox_triples(triples)
            if rows:
                emptied.append(str(node))
                blocks.append(_graph_block(node, rows))
            else:
                removed.append(f"DROP SILENT GRAPH {node}")
            written += len(rows)
        operations = removed
        if emptied:
            values = " ".join(emptied)
            operations.append(f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {values} }} "
                              "GRAPH ?g { ?s ?p ?o } }")
            # One INSERT DATA for every graph: Oxigraph spends about 2 ms on each operation of a request
            # besides its data (32 articles wrote in 0.37-0.40 s this way, 0.44-0.47 s an operation each).
            operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        for each in [patch] if isinstance(patch, GraphPatch) else patch or ():
            operations += self._patch_operations(each)
        if operations:
            self._update(" ;\n".join(operations))
        return written

    def _patch_operations(self, patch: GraphPatch) -> list[str]:
        """The update operations of `patch`: what it changes, not the whole of what it states.

        A summary patch restates every summary it touches, and most of those triples are in the store
        already (an actor's label and kind stay; its article count moves): the triples held about the
        patch's subjects are read first, and only those that go and those that come are written.

        That read is safe only while no one else writes between it and the update. On a store other
        processes write at once (`shared`), another writer's triples about a subject could land in
        that gap, and a diff made before them would leave them beside the patch's: half of a subject
        that no later patch names. There, and where a held triple has a blank node (which DELETE
        DATA cannot name), the subjects' triples are deleted by pattern within the update request and
        all of the patch's written again, so the subjects end as the patch states them.
        """
        node = graph_node(patch.graph)
        subjects = list(dict.fromkeys(to_ox(s) for s in patch.subjects))
        wanted = ox_triples(patch.triples)
        held = self.triples_about(patch.graph, subjects) if subjects and not self.shared else set()
        if subjects and (self.shared or any(isinstance(t.subject, ox.BlankNode)
                                            or isinstance(t.object, ox.BlankNode) for t in held)):
            values = " ".join(map(str, subjects))
            deleting = [f"DELETE {{ GRAPH {node} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
                        f"GRAPH {node} {{ ?s ?p ?o }} }}"]
            return deleting + ([insert_data(node, wanted)] if wanted else [])
        keep = set(wanted)
        going = [t for t in held if t not in keep]
        coming = [t for t in wanted if t not in held]
        return ([delete_data(node, going)] if going else []) + ([insert_data(node, coming)] if coming else [])

    def triples_about(self, graph: str, subjects: Sequence[OxTerm]) -> set[ox.Triple]:
        """The triples of `graph` whose subject is one of `subjects`."""
        # The graph's IRI in the text (a constant of the project's, written by pyoxigraph): bound through
        # VALUES, Oxigraph would read every graph.
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph_node(graph)} {{ ?s ?p ?o }} }}"
        held: set[ox.Triple] = set()
        for start in range(0, len(subjects), _SUBJECTS_AT_ONCE):
            chunk = list(subjects[start:start + _SUBJECTS_AT_ONCE])
            for row in self.select(query, each=("s", chunk), timeout=float("inf")):
                held.add(ox.Triple(row["s"], row["p"], row["o"]))  # type: ignore[arg-type]
        return held

    def bulk_replace_graph(self, graph: str, triples: Iterable[Writable]) -> int:
        """Replace `graph` as fast as the backend can, atomically only where that costs nothing extra.

        For offline work on a store no one else uses (`kg load`); returns the triples written.
        """
        return self.replace_graphs({graph: triples})

    def add(self, graph: str, triples: Iterable[Writable]) -> int:
        """Add `triples` to `graph` (a triple already there stays once); returns the triples given."""
        node = graph_node(graph)
        rows = ox_triples(triples)
        if rows:
            self._update(insert_data(node, rows))
        return len(rows)

    def drop_graph(self, graph: str) -> None:
        """Remove `graph` and everything in it; nothing happens when there is no such graph."""
        self._update(f"DROP SILENT GRAPH {graph_node(graph)}")

    def update(
        self, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None
    ) -> None:
        """Run a SPARQL 1.1 Update; QueryError when it cannot be parsed or applied.

        `dataset` is the graphs the protocol's using-graph-uri / using-named-graph-uri name for the
        WHERE clauses; `base_iri` resolves relative IRIs.
        """
        self._update(sparql, dataset, base_iri)

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
        target = graph_node(graph) if graph else graph_node(FILE_GRAPH_PREFIX + quote(path.name))
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
                {"g": URIRef(graph_node(graph).value)},
            )
        rows = result.rows
        return int(str(rows[0]["n"])) if rows and "n" in rows[0] else 0

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph with at least one triple is called `graph`."""
        result = self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph_node(graph).value)})
        return bool(result.boolean)

    def holds_exactly(self, graph: str, triples: Iterable[Writable]) -> bool:
        """Whether the named graph `graph` holds `triples` and nothing else."""
        rows = self.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph_node(graph)} {{ ?s ?p ?o }} }}")
        stored = [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]
        return set(ox_triples(stored)) == set(ox_triples(triples))

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node | OxTerm] | None = None,
        timeout: float | None = None,
        untrusted: bool = False,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query over the union default graph, binding variables to `bindings`.

        Bound variables keep their values as terms, never as query text: a one-row VALUES block opening
        the WHERE group, which a FILTER or BIND there sees (a subquery does not). `timeout`
        (seconds) defaults to settings.query_timeout, `float("inf")` means none; past it the caller
        gets QueryTimeout. `untrusted` marks a query a user wrote (the SPARQL endpoint): it runs apart
        from the service's own canned queries, so runaway user queries cannot starve the REST routes.
        A dataset the request names (`dataset`, or FROM / FROM NAMED in the text) replaces the union
        (kg/dataset.py); `base_iri` resolves relative IRIs.
        """
        bound = {name.lstrip("?$"): to_ox(value) for name, value in (bindings or {}).items()}
        limit = self.settings.query_timeout if timeout is None else timeout
        return self._query(sparql, bound, limit, untrusted, dataset, base_iri)

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Node | OxTerm] | None = None,
        *,
        each: tuple[str, Sequence[Node | OxTerm]] | None = None,
        table: tuple[Sequence[str], Sequence[Sequence[Node | OxTerm]]] | None = None,
        page: tuple[int, int] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        """The solutions of a SELECT the service wrote, in pyoxigraph's terms, one dict per solution.

        Variables are bound as in `query`; `each` = (variable, values) answers the query for each value
        of that variable in turn (one VALUES block of them), all solutions together; `table` =
        (variables, rows) does the same for several variables, a row of values at a time. `page` =
        (limit, offset) keeps those solutions of an ordered query. Unbound variables are left out of a
        dict.
        """
        bound = {name.lstrip("?$"): to_ox(value) for name, value in (bindings or {}).items()}
        names, rows = list(bound), [tuple(bound.values())]
        if each is not None:
            variable, values = each
            table = ([variable], [(value,) for value in values])
        if table is not None:
            variables, values_rows = table
            if not values_rows:
                return []
            names += [variable.lstrip("?$") for variable in variables]
            rows = [(*rows[0], *map(to_ox, row)) for row in values_rows]
        text = with_table(sparql, names, rows) if names else sparql
        if page is not None:
            text = with_page(text, *page)
        return self._select(text, self.settings.query_timeout if timeout is None else timeout)

    def select_rows(self, sparql: str) -> list[tuple[Node | None, ...]]:
        """The solutions of a SELECT the service wrote itself, as tuples in projection order, with no
        time limit: for bulk reads (the entity index) where building a dict per row would dominate."""
        result = self.query(sparql, timeout=float("inf"))
        return [tuple(row.get(name) for name in result.variables) for row in result.rows]

    def select_terms(self, sparql: str) -> list[tuple[OxTerm | None, ...]]:
        """As select_rows, in pyoxigraph's terms: for reads too big to make rdflib terms of."""
        return [tuple(None if t is None else to_ox(t) for t in row) for row in self.select_rows(sparql)]

    def answer(
        self,
        sparql: str,
        media: Mapping[str, str | None],
        *,
        timeout: float | None = None,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
        max_rows: int | None = None,
        client: str = "",
    ) -> FileAnswer:
        """A user's query (as `query` with `untrusted`) answered into a file, in the media type `media`
        gives its kind ("select" for SELECT and ASK, "graph" for CONSTRUCT and DESCRIBE; None: no file,
        see kg/answers.py); ResultTooLarge past `max_rows` rows. The caller deletes the file.
        `client` names who asks, so that one client cannot take every query worker.
        """
        result = self.query(sparql, timeout=timeout, untrusted=True, dataset=dataset, base_iri=base_iri)
        wanted = media.get("graph" if result.kind == "graph" else "select")
        if wanted is None:
            return FileAnswer(result.kind, None, None)
        handle, name = tempfile.mkstemp(prefix="kg-answer-")
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                if result.kind == "graph":
                    out.write(result.serialize(wanted))
            if result.kind != "graph":
                parsed = ox.parse_query_results(result.payload, ox.QueryResultsFormat.JSON)
                return write_answer(parsed, media, path, max_rows)
        except TooManyRows as exc:
            path.unlink(missing_ok=True)
            raise ResultTooLarge(str(exc)) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return FileAnswer(result.kind, path, wanted)

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialize the store: fmt is trig, nquads, jsonld (datasets) or turtle, ntriples (graphs).

        With `graph`, that graph only (NotFound when it is empty or absent). Without it, a dataset format
        writes every graph with its name, a graph format writes the default graph: the union of all graphs.
        """
        name, ox_format = rdf_format(fmt)
        node = graph_node(graph) if graph else None
        if node is not None and not self.has_graph(node.value):
            raise NotFound(f"no graph {node.value}")
        if name in QUAD_FORMATS:
            return serialize_quads(self._quads(node), name, ox_format)
        if node is not None:
            return serialize_triples((q.triple for q in self._quads(node)), ox_format)
        union = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", timeout=float("inf"))
        return serialize_triples(union.ox_triples(), ox_format)

    @abstractmethod
    def close(self) -> None:
        """Release the store; the object cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # backend primitives -------------------------------------------------------------------------

    @abstractmethod
    def _update(
        self, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None
    ) -> None:
        """Run one SPARQL update request, as one transaction where the backend has them."""

    @abstractmethod
    def _query(
        self,
        sparql: str,
        bindings: dict[str, Any],
        timeout: float,
        untrusted: bool = False,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Evaluate a query over the union default graph with pyoxigraph terms bound, within `timeout`."""

    def _select(self, sparql: str, timeout: float) -> list[Row]:
        """The solutions of a SELECT whose values are in its text already, in pyoxigraph's terms."""
        result = self._query(sparql, {}, timeout)
        if result.kind != "select":
            raise QueryError("only a SELECT query gives rows")
        solutions = ox.parse_query_results(result.payload, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [
            {name: term for name, term in zip(names, solution, strict=True) if term is not None}
            for solution in solutions
        ]

    @abstractmethod
    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        """Every quad of `graph`, or of the whole dataset when None."""

    @abstractmethod
    def _load_checked(self, path: Path, fmt: ox.RdfFormat, target: ox.NamedNode) -> None:
        """Load a file already parsed once; triples outside named graphs go to `target`."""




def load_files(store: Store, paths: Iterable[Path], fmt: str | None = None, graph: str | None = None) -> int:
    """Load several RDF files into `store` (see Store.load); returns the quads read.

    Every file is parsed before the first is loaded, so one bad file leaves the store unchanged.
    """
    files = [Path(p) for p in paths]
    checked = [check_rdf_file(path, fmt) for path in files]
    pairs = zip(files, checked, strict=True)
    return sum(store.load(path, fmt, graph, checked=check) for path, check in pairs)

