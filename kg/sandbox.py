"""User-written SPARQL in worker processes that can be killed.

pyoxigraph cannot cancel a query: a blocking operator (ORDER BY, GROUP BY, an aggregate) computes its
whole input before the first row, so a thread that gave up on it keeps a core busy until it ends. A
query a user wrote (the /sparql endpoint) therefore runs in a worker process with its own read-only
view of the embedded store; when the query's time is up the process is killed, the core is free at
once, and a fresh worker takes its place.

A worker never opens the live store folder: RocksDB's writer compacts it and deletes files a
read-only opener may still want (the reader then fails with "No such file or directory"), and
pyoxigraph calls reading a folder another process writes undefined behaviour. Instead, the first user
query after a write takes a checkpoint of the store (`Store.backup`: hard links to its immutable files,
about 10 ms at a million quads) into a folder of views, and the workers open that. A view no worker
holds is deleted once a newer one exists.

Workers are shared fairly: one client (the caller names it, the endpoint by its address) holds at
most all workers but one at a time, and a freed worker goes to the waiting query whose client runs
the fewest, the oldest first; so a query from someone else starts at once, however many a client
keeps sending. A worker can write its answer straight to a file (`answer`, kg/answers.py), so that
serializing it counts against the query's time limit and no answer sits in memory.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import multiprocessing
import queue
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.answers import FileAnswer, TooManyRows, write_answer
from kg.children import start_deaf_to_ctrl_c
from kg.dataset import RequestDataset, query_options
from kg.netguard import guard_thread

__all__ = ["Answer", "QuerySandbox", "SandboxBusy", "SandboxError", "SandboxTimeout"]


class SandboxError(Exception):
    """The query could not be evaluated: `cause` is "syntax" (it does not parse), "store" (the store
    could not be read), "rows" (more rows than the cap), "network" (it tried to open a connection) or
    "error" (the engine refused it)."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class SandboxTimeout(Exception):
    """The query did not finish in time; its worker was killed."""


class SandboxBusy(Exception):
    """The client already has as many queries running or waiting as one client may."""


@dataclass(frozen=True)
class Answer:
    """A result as the store would serialize it: kind ("select", "ask", "graph") and payload."""

    kind: str
    payload: bytes


@dataclass(frozen=True)
class _Task:
    """What a worker is asked: a query over a view, and where to write its answer (None: send it)."""

    sparql: str
    view: str
    dataset: RequestDataset | None
    base_iri: str | None
    media: Mapping[str, str | None] | None = None
    path: Path | None = None
    max_rows: int | None = None


def _evaluate(store: ox.Store, task: _Task, prefixes: dict[str, str]) -> Answer | FileAnswer:
    options = query_options(task.sparql, task.dataset)
    result = store.query(task.sparql, prefixes=prefixes, base_iri=task.base_iri, **options)
    if task.media is not None and task.path is not None:
        return write_answer(result, task.media, task.path, task.max_rows)
    if isinstance(result, ox.QueryTriples):
        return Answer("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", json.dumps({"head": {}, "boolean": bool(result)}).encode("utf-8"))
    return Answer("select", result.serialize(format=ox.QueryResultsFormat.JSON) or b"")


def _serve(prefixes: dict[str, str], conn: Connection) -> None:
    """The worker's loop: a _Task in, ("ok", Answer or FileAnswer) or (error kind, message) out.

    Before anything else the worker gives up the network (kg/netguard.py): a SERVICE in a user's query
    fails here whatever its text looks like.
    """
    guard_thread()
    # Ctrl-C in a terminal reaches every process of the group: the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store: ox.Store | None = None
    opened: str | None = None
    while True:
        try:
            task: _Task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or task.view != opened:
                store = None  # let go of the old view before opening the new one
                store = ox.Store.read_only(task.view)
                opened = task.view
            reply: tuple[str, Any] = ("ok", _evaluate(store, task, prefixes))
        except TooManyRows as exc:
            reply = ("rows", str(exc))
        except SyntaxError as exc:
            reply = ("syntax", str(exc))
        except PermissionError as exc:
            reply = ("network", str(exc))
        except OSError as exc:
            reply = ("store", str(exc))
        except Exception as exc:  # anything else the engine raises goes back as one message
            reply = ("error", str(exc))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class _FairSlots:
    """The workers as slots: at most `per_client` held by one client, and a freed slot goes to the
    waiting query whose client holds the fewest, the oldest first. A client with `most_waiting`
    queries waiting is refused another at once: each waits in a server thread, and the threads are
    shared with every other route."""

    def __init__(self, slots: int, per_client: int, most_waiting: int = 8) -> None:
        self._free = slots
        self._per_client = per_client
        self._most_waiting = most_waiting
        self._held: Counter[str] = Counter()
        self._waiting: list[tuple[int, str]] = []
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    def acquire(self, client: str, timeout: float) -> bool:
        """Take a slot for `client` within `timeout` seconds; False when none came in time, SandboxBusy
        when the client has too many waiting already."""
        deadline = time.monotonic() + timeout
        with self._changed:
            if sum(1 for _, waiting in self._waiting if waiting == client) >= self._most_waiting:
                raise SandboxBusy(f"{self._most_waiting} queries from this client are waiting already")
            entry = (next(self._tickets), client)
            self._waiting.append(entry)
            try:
                while not self._turn_of(entry):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._changed.wait(remaining)
                self._free -= 1
                self._held[client] += 1
                return True
            finally:
                self._waiting.remove(entry)
                self._changed.notify_all()

    def release(self, client: str) -> None:
        """Give back a slot `client` held."""
        with self._changed:
            self._free += 1
            self._held[client] -= 1
            if self._held[client] <= 0:
                del self._held[client]
            self._changed.notify_all()

    def _turn_of(self, entry: tuple[int, str]) -> bool:
        if self._free <= 0:
            return False
        ready = [(self._held[c], t, c) for t, c in self._waiting if self._held[c] < self._per_client]
        return bool(ready) and min(ready)[1:] == entry


class _Worker:
    def __init__(self, context: Any, prefixes: dict[str, str]) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(prefixes, child), daemon=True, name="kg-sparql-worker"
        )
        start_deaf_to_ctrl_c(self.process)
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QuerySandbox:
    """Runs queries in up to `workers` killable processes at once, each over a checkpoint of the store
    that `checkpoint(folder)` writes; the checkpoints live in the folder `views`."""

    def __init__(
        self, views: Path, checkpoint: Callable[[str], None], prefixes: dict[str, str], workers: int = 2
    ) -> None:
        self._views, self._checkpoint, self._prefixes = Path(views), checkpoint, prefixes
        shutil.rmtree(self._views, ignore_errors=True)  # what a crashed server left
        self._views.mkdir(parents=True)
        self._view: tuple[int, str] | None = None
        """The newest view: (the store's write generation when it was taken, its folder)."""
        self._taken = 0
        self._held: dict[_Worker, str] = {}
        """The view each worker last opened: kept on disk until the worker moves on or is retired."""
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._slots = _FairSlots(workers, per_client=max(1, workers - 1))
        self._answers = Path(tempfile.mkdtemp(prefix="kg-answers-"))
        """Where workers write answers; the caller deletes each once sent."""
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._views_lock = threading.Lock()
        self._closed = False
        for _ in range(workers):  # started now, so the first query does not wait for an interpreter
            self._idle.put(self._start())

    def query(
        self,
        sparql: str,
        generation: int,
        timeout: float,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """The answer to `sparql` over the store as of write `generation` (or later), within `timeout`
        seconds, over the union of all graphs or the dataset the request names (kg/dataset.py)."""
        answer = self._run(_Task(sparql, "", dataset, base_iri), generation, timeout, "")
        assert isinstance(answer, Answer)
        return answer

    def answer(
        self,
        sparql: str,
        generation: int,
        timeout: float,
        media: Mapping[str, str | None],
        *,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
        max_rows: int | None = None,
        client: str = "",
    ) -> FileAnswer:
        """As `query`, the answer written to a file in the media type `media` gives its kind (see
        kg/answers.py) before `timeout` is up; the caller deletes the file. `client` names who asks,
        for the fair share of workers; a SELECT past `max_rows` is SandboxError with cause "rows"."""
        path = self._answers / f"answer-{uuid.uuid4().hex}"
        task = _Task(sparql, "", dataset, base_iri, dict(media), path, max_rows)
        try:
            answer = self._run(task, generation, timeout, client)
        except BaseException:
            path.unlink(missing_ok=True)  # what a killed or failed worker left half-written
            raise
        assert isinstance(answer, FileAnswer)
        return answer

    def _run(self, task: _Task, generation: int, timeout: float, client: str) -> Answer | FileAnswer:
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(client, timeout=max(timeout, 0.0)):
            raise SandboxTimeout("every query worker stayed busy until the query's time was up")
        try:
            worker = self._take()
            try:
                view = self._hand_view(worker, generation)
                worker.conn.send(dataclasses.replace(task, view=view))
                if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                    raise SandboxTimeout("the query did not finish in time")
                status, value = worker.conn.recv()
            except (SandboxTimeout, EOFError, OSError):
                self._retire(worker)
                raise
            self._idle.put(worker)
        finally:
            self._slots.release(client)
        if status == "ok":
            answer: Answer | FileAnswer = value
            return answer
        raise SandboxError(str(value), cause=status)

    def _hand_view(self, worker: _Worker, generation: int) -> str:
        """The folder of a view at least as new as `generation`, now held by `worker`."""
        with self._views_lock:
            if self._view is None or self._view[0] != generation:
                self._taken += 1
                folder = str(self._views / f"view-{self._taken}")
                try:
                    self._checkpoint(folder)
                except OSError as exc:
                    raise SandboxError(f"could not take a view of the store: {exc}", cause="store") from None
                self._view = (generation, folder)
            self._held[worker] = self._view[1]
            self._collect()
            return self._view[1]

    def _collect(self) -> None:
        """Delete the views that are neither the newest nor held by a worker (under _views_lock)."""
        keep = set(self._held.values())
        if self._view is not None:
            keep.add(self._view[1])
        for folder in self._views.iterdir():
            if str(folder) not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Kill every worker and delete the views; the sandbox cannot be used afterwards."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
        with self._views_lock:
            self._held.clear()
            self._view = None
            shutil.rmtree(self._views, ignore_errors=True)
        shutil.rmtree(self._answers, ignore_errors=True)

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise SandboxError("the query sandbox is closed", cause="store")
            worker = _Worker(self._context, self._prefixes)
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
        with self._views_lock:
            self._held.pop(worker, None)
        if not closed:
            self._idle.put(self._start())
