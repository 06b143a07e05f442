"""The embedded backend: an on-disk Oxigraph store (RocksDB), also offered as an rdflib Dataset."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset
from rdflib.term import Node

from kg.answers import FileAnswer
from kg.dataset import RequestDataset, query_options, with_using
from kg.errors import (
    BadInput,
    KgError,
    NotFound,
    QueryError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
    TooManyQueries,
    one_line,
)
from kg.netguard import guard_thread
from kg.sandbox import QuerySandbox, SandboxBusy, SandboxError, SandboxTimeout
from kg.settings import Settings
from kg.store.base import Row, Store
from kg.store.formats import PREFIX_MAP, TRIPLE_FORMATS, rdf_format
from kg.store.lexer import with_values
from kg.store.results import QueryKind, QueryResult, json_term, query_kind
from kg.store.terms import OxTerm, Writable, from_ox, graph_node, ox_triples

__all__ = ["EmbeddedStore"]

_QUERY_WORKERS = 4
"""Most SPARQL evaluations one store runs at once (abandoned ones included); the rest wait their turn."""
_USER_QUERY_WORKERS = 2
"""User-written SPARQL runs in its own small pool: a blocking runaway (ORDER BY, GROUP BY) cannot be
stopped in pyoxigraph 0.5.13, so at most this many can run at once, and never in the pool that
answers /health and the REST routes."""
_QUERY_VIEWS = "query-views"
"""Folder inside the store's folder where the query workers' checkpoints of the store live."""
_CHECKPOINT_ATTEMPTS = 5
NETWORK_REFUSED = "this query tried to reach another host, which this service does not allow"
_SANDBOX_WORKERS = 3
"""Worker processes for user-written SPARQL on the embedded store: one client may use two at once
(kg/sandbox.py's fair share), so the third is there for anyone else."""


@contextmanager
def _sandbox_errors(timeout: float) -> Iterator[None]:
    """What a query worker reports, as the project's errors."""
    try:
        yield
    except SandboxTimeout:
        raise QueryTimeout(f"the query ran longer than {timeout:g} s") from None
    except SandboxBusy as exc:
        raise TooManyQueries(f"Too many queries at once: {exc}; wait for one to end.") from None
    except SandboxError as exc:
        raise _sandbox_error(exc) from None


def _sandbox_error(exc: SandboxError) -> KgError:
    """The project's error for what a query worker reported."""
    if exc.cause == "rows":
        return ResultTooLarge(str(exc))
    if exc.cause == "syntax":
        return QueryError(f"bad SPARQL query: {one_line(exc)}")
    if exc.cause == "store":
        return StoreError(f"store: {one_line(exc)}")
    if exc.cause == "network":
        return QueryError(NETWORK_REFUSED)
    return QueryError(one_line(exc))

T = TypeVar("T")


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
            raise StoreError(f"cannot open the store at {path}: {one_line(exc)}") from None
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
        self._update_thread: ThreadPoolExecutor | None = None

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph Store; StoreError once the store is closed."""
        if self._ox is None:
            raise StoreError("the store is closed")
        return self._ox

    def add(self, graph: str, triples: Iterable[Writable]) -> int:
        """Add `triples` to `graph` in one transaction (pyoxigraph `extend` writes all or nothing)."""
        node = graph_node(graph)
        rows = ox_triples(triples)
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
        node = graph_node(graph)
        rows = ox_triples(triples)
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
        node = graph_node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in ox_triples(triples)]
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

    def open_sandbox(self, workers: int = _SANDBOX_WORKERS) -> None:
        """Run user-written queries (`untrusted`) from now on in killable worker processes (kg/sandbox.py),
        so that a timed-out query stops using the CPU at once. The HTTP service calls this at start-up."""
        with self._pool_lock:
            if self._sandbox is None:
                views = Path(self.settings.data) / _QUERY_VIEWS
                self._sandbox = QuerySandbox(views, self._checkpoint, PREFIX_MAP, workers)

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
                    raise OSError(f"could not checkpoint the store: {one_line(exc)}") from None

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
        for pool in (self._pool, self._user_pool, self._update_thread):
            if pool is not None:
                # Abandoned evaluations cannot always be stopped (see _query); don't wait for them.
                pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._user_pool = self._update_thread = None
        if self._ox is not None:
            self.dataset.close()
            self._ox = None
            # Dropping the last reference to the pyoxigraph Store closes RocksDB and releases its lock.
            self.dataset = Dataset()

    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except OSError as exc:
            raise StoreError(f"store: {one_line(exc)}") from None

    def update(
        self, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None
    ) -> None:
        # A user's update runs in a thread that cannot open network sockets (kg/netguard.py): whatever its
        # text says, LOAD and SERVICE cannot reach another host from there.
        with self._pool_lock:
            if self._update_thread is None:
                self._update_thread = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="kg-update", initializer=guard_thread
                )
            worker = self._update_thread
        worker.submit(self._update, sparql, dataset, base_iri).result()

    def _update(
        self, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None
    ) -> None:
        # pyoxigraph runs one update request, with all its operations, as a single RocksDB transaction:
        # it commits whole or not at all, also when the process is killed half-way.
        sparql = with_using(sparql, dataset)
        try:
            with self._writing:
                self.oxigraph.update(sparql, prefixes=PREFIX_MAP, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {one_line(exc)}") from None
        except PermissionError:
            raise QueryError(NETWORK_REFUSED) from None
        except OSError as exc:
            raise StoreError(f"store: {one_line(exc)}") from None
        except (RuntimeError, ValueError) as exc:
            raise QueryError(one_line(exc)) from None
        finally:
            self._written()

    def _evaluate(self, sparql: str, bindings: dict[str, Any], cancel: threading.Event | None = None,
                  dataset: RequestDataset | None = None, base_iri: str | None = None) -> QueryResult:
        # Values travel as a VALUES block opening the WHERE group, as they do to a remote store: Oxigraph
        # joins such a block first and looks the bound terms up in its indexes, where its `substitutions`
        # option binds them later (4 to 10 times slower on the REST routes' queries at a million quads).
        text = with_values(sparql, bindings) if bindings else sparql
        result = self.oxigraph.query(
            text, prefixes=PREFIX_MAP, base_iri=base_iri, **query_options(text, dataset)
        )
        if cancel is None:
            if isinstance(result, ox.QueryTriples):
                return QueryResult("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
            payload = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
            return QueryResult(query_kind(result), payload)
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
                    row[name] = json_term(term)
            rows.append(row)
        body = {"head": {"vars": names}, "results": {"bindings": rows}}
        return QueryResult("select", json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _query(
        self,
        sparql: str,
        bindings: dict[str, Any],
        timeout: float,
        untrusted: bool = False,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
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
            text = with_values(sparql, bindings) if bindings else sparql
            return self._sandboxed(text, timeout, dataset, base_iri)
        return self._timed(
            lambda cancel: self._evaluate(sparql, bindings, cancel, dataset, base_iri), timeout, untrusted
        )

    def _select(self, sparql: str, timeout: float) -> list[Row]:
        # Straight from pyoxigraph's solutions: the read layer takes its terms as they are.
        return self._timed(lambda cancel: self._rows(sparql, cancel), timeout)

    def _rows(self, sparql: str, cancel: threading.Event | None) -> list[Row]:
        solutions = self.oxigraph.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            if cancel is not None and cancel.is_set():
                raise QueryTimeout("the query was cancelled")
            rows.append({name: term for name, term in zip(names, solution, strict=True) if term is not None})
        return rows

    def _timed(self, evaluate: Callable[[threading.Event | None], T], timeout: float,
               untrusted: bool = False) -> T:
        """`evaluate` run in a query worker, waited for at most `timeout` seconds (see _query)."""
        try:
            if timeout == float("inf"):
                return evaluate(None)
            cancel = threading.Event()
            pool = self._executor(untrusted)
            future: Future[T] = pool.submit(_in_this_thread, evaluate, cancel)
            try:
                return future.result(timeout=max(timeout, 0.0))
            except FutureTimeout:
                cancel.set()
                future.cancel()
                raise QueryTimeout(f"the query ran longer than {timeout:g} s") from None
        except KgError:
            raise
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL query: {one_line(exc)}") from None
        except PermissionError:
            raise QueryError(NETWORK_REFUSED) from None
        except OSError as exc:
            raise StoreError(f"store: {one_line(exc)}") from None
        except (RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(one_line(exc)) from None

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
            solutions = self.oxigraph.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL query: {one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {one_line(exc)}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        return solutions

    def _sandboxed(
        self, sparql: str, timeout: float, dataset: RequestDataset | None, base_iri: str | None
    ) -> QueryResult:
        assert self._sandbox is not None
        with _sandbox_errors(timeout):
            answer = self._sandbox.query(sparql, self._generation, timeout, dataset, base_iri)
        kind: QueryKind = "graph" if answer.kind == "graph" else ("ask" if answer.kind == "ask" else "select")
        return QueryResult(kind, answer.payload)

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
        limit = self.settings.query_timeout if timeout is None else timeout
        if self._sandbox is None or limit == float("inf"):
            return super().answer(
                sparql, media, timeout=limit, dataset=dataset, base_iri=base_iri, max_rows=max_rows
            )
        with _sandbox_errors(limit):
            return self._sandbox.answer(
                sparql, self._generation, limit, media,
                dataset=dataset, base_iri=base_iri, max_rows=max_rows, client=client,
            )

    def _executor(self, untrusted: bool = False) -> ThreadPoolExecutor:
        with self._pool_lock:
            if untrusted:
                if self._user_pool is None:
                    self._user_pool = ThreadPoolExecutor(max_workers=_USER_QUERY_WORKERS,
                                                         thread_name_prefix="kg-user-query",
                                                         initializer=guard_thread)
                return self._user_pool
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=_QUERY_WORKERS, thread_name_prefix="kg-query", initializer=guard_thread
                )
            return self._pool

    def triples_about(self, graph: str, subjects: Sequence[OxTerm]) -> set[ox.Triple]:
        node = graph_node(graph)
        pattern = self.oxigraph.quads_for_pattern
        named = [s for s in subjects if not isinstance(s, ox.Literal)]
        return {q.triple for s in named for q in pattern(s, None, None, node)}

    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        if graph is None:
            return iter(self.oxigraph)
        return self.oxigraph.quads_for_pattern(None, None, None, graph)

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        name, ox_format = rdf_format(fmt)
        if graph is None and name in ("trig", "nquads"):
            prefixes = PREFIX_MAP if name == "trig" else None
            return self._call(lambda: self.oxigraph.dump(format=ox_format, prefixes=prefixes)) or b""
        if graph is not None and name in TRIPLE_FORMATS:
            node = graph_node(graph)
            if not self.has_graph(graph):
                raise NotFound(f"no graph {graph}")
            out = self._call(
                lambda: self.oxigraph.dump(format=ox_format, from_graph=node, prefixes=PREFIX_MAP)
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
            raise BadInput(f"{path.name}: {one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"store: {one_line(exc)}") from None
        finally:
            self._written()


def _in_this_thread(evaluate: Callable[[threading.Event | None], T], cancel: threading.Event) -> T:
    """`evaluate(cancel)`, its failure handed on without the frames it failed in.

    pyoxigraph's query results may only be freed by the thread that made them: a traceback holding an
    evaluation's frames, raised again in the waiting thread, would free them there.
    """
    try:
        return evaluate(cancel)
    except BaseException as exc:
        exc.__context__ = None
        raise exc.with_traceback(None) from None
