"""User-written SPARQL in worker processes that can be killed.

pyoxigraph cannot cancel a query: a blocking operator (ORDER BY, GROUP BY, an aggregate) computes its
whole input before the first row, so a thread that gave up on it keeps a core busy until it ends. A
query a user wrote (the /sparql endpoint) therefore runs in a worker process holding its own read-only
view of the embedded store; when the query's time is up the process is killed, the core is free at
once, and a fresh worker takes its place.

RocksDB lets read-only openers share a folder with the one writer. A read-only view sees the store as it
was when it was opened, so a worker reopens it (about 50 ms at a million quads) whenever the store's
write generation has moved since its last query.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import pyoxigraph as ox

__all__ = ["Answer", "QuerySandbox", "SandboxError", "SandboxTimeout"]


class SandboxError(Exception):
    """The query could not be evaluated: `cause` is "syntax" (it does not parse), "store" (the store
    could not be read) or "error" (the engine refused it)."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class SandboxTimeout(Exception):
    """The query did not finish in time; its worker was killed."""


@dataclass(frozen=True)
class Answer:
    """A result as the store would serialize it: kind ("select", "ask", "graph") and payload."""

    kind: str
    payload: bytes


def _evaluate(store: ox.Store, sparql: str, prefixes: dict[str, str]) -> Answer:
    result = store.query(sparql, prefixes=prefixes, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        return Answer("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", json.dumps({"head": {}, "boolean": bool(result)}).encode("utf-8"))
    return Answer("select", result.serialize(format=ox.QueryResultsFormat.JSON) or b"")


def _serve(path: str, prefixes: dict[str, str], conn: Connection) -> None:
    """The worker's loop: (sparql, generation) in, ("ok", Answer) or (error kind, message) out."""
    store: ox.Store | None = None
    opened_at: int | None = None
    while True:
        try:
            sparql, generation = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation != opened_at:
                store = None  # let go of the old view before opening the new one
                store = ox.Store.read_only(path)
                opened_at = generation
            reply: tuple[str, Any] = ("ok", _evaluate(store, sparql, prefixes))
        except SyntaxError as exc:
            reply = ("syntax", str(exc))
        except OSError as exc:
            reply = ("store", str(exc))
        except Exception as exc:  # anything else the engine raises goes back as one message
            reply = ("error", str(exc))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, context: Any, path: str, prefixes: dict[str, str]) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(path, prefixes, child), daemon=True, name="kg-sparql-worker"
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QuerySandbox:
    """Runs queries over the store at `path` in up to `workers` killable processes at once."""

    def __init__(self, path: str, prefixes: dict[str, str], workers: int = 2) -> None:
        self._path, self._prefixes = path, prefixes
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):  # started now, so the first query does not wait for an interpreter
            self._idle.put(self._start())

    def query(self, sparql: str, generation: int, timeout: float) -> Answer:
        """The answer to `sparql` over the store as of write `generation`, within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=max(timeout, 0.0)):
            raise SandboxTimeout("every query worker stayed busy until the query's time was up")
        try:
            worker = self._take()
            try:
                worker.conn.send((sparql, generation))
                if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                    raise SandboxTimeout("the query did not finish in time")
                status, value = worker.conn.recv()
            except (SandboxTimeout, EOFError, OSError):
                self._retire(worker)
                raise
            self._idle.put(worker)
        finally:
            self._slots.release()
        if status == "ok":
            answer: Answer = value
            return answer
        raise SandboxError(str(value), cause=status)

    def close(self) -> None:
        """Kill every worker; the sandbox cannot be used afterwards."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise SandboxError("the query sandbox is closed", cause="store")
            worker = _Worker(self._context, self._path, self._prefixes)
            self._all.add(worker)
            return worker

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            return self._start()
        if not worker.process.is_alive():
            self._retire(worker)
            return self._start()
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill `worker` and start its successor, which warms up while no one waits for it."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.kill()
        if not closed:
            self._idle.put(self._start())
