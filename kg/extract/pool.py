"""Extraction in worker processes, each article within a time budget.

spaCy's tokenizer and the rules over a parse can take time that grows faster than the text (a run of
20,000 quotes took over a minute), and a thread cannot be stopped. So articles are extracted in worker
processes that each load the pipeline once: when an article's time is up its worker is killed, the
caller hears why, and a fresh worker starts in its place. Several workers extract in parallel while
the caller writes, which is how `kg ingest --workers N` uses every core.

Choices a caller should know:
- `extract(article)` answers within `budget` seconds of the worker taking the article (a worker that
  is still loading the pipeline does not count against it), or raises ExtractionTimeout.
- `extract_many(articles)` keeps the input order and hands over, for an article that ran out of time,
  an `ExtractionFailure` in its place instead of stopping: one bad file does not stop a folder. It
  sends articles in small batches (WORKER_BATCH); a batch that runs out of time is retried one
  article at a time, so only the slow article fails.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, overload

from kg.children import start_deaf_to_ctrl_c
from kg.errors import KgError
from kg.models import Article, Facts

__all__ = ["WORKER_BATCH", "ExtractionFailure", "ExtractionPool", "ExtractionTimeout"]

T = TypeVar("T")

WARM_UP = "BEIRUT (AP) — Rebels backed by Turkey attacked the town of Qusayr in Syria on Monday."
"""A short article a new worker extracts before it says it is ready: it loads every lazy table."""
WORKER_BATCH = 2
"""Articles sent to a worker at once: spaCy parses two articles together faster than one by one (200
articles took 30.5 s of the workers' CPU two at a time, 33.0 s one at a time, 30.9 s eight at a time),
and small batches spread the last articles of a run over every worker rather than leaving one worker
to finish a batch of eight alone."""
_STARTUP_SECONDS = 300.0
"""How long a new worker may take to load the pipeline before it is given up as broken."""


class ExtractionTimeout(KgError):
    """The article took longer to extract than the time budget allows (its text may be pathological)."""

    status = 422


class ExtractionFailed(KgError):
    """A worker process failed while extracting an article."""

    status = 500


@dataclass(frozen=True)
class ExtractionFailure:
    """An article that could not be extracted, and why (in place of its Facts in extract_many)."""

    article: Article
    reason: str


def _serve(conn: Connection) -> None:
    """The worker's loop: load the pipeline, say "ready", then a batch of articles in, their Facts (or
    what the caller's `then` makes of them) out."""
    from kg.extract import extract_many

    # Load the pipeline and every gazetteer now, before any article's time starts.
    list(extract_many([Article(text=WARM_UP, title="Warm-up")]))
    conn.send(("ready", None))
    while True:
        try:
            batch: list[Article]
            then: Callable[[Facts], Any] | None
            batch, then = conn.recv()
        except (EOFError, OSError):
            return
        try:
            facts = extract_many(batch, batch_size=max(1, len(batch)))
            reply: tuple[str, Any] = ("ok", [then(f) for f in facts] if then is not None else list(facts))
        except Exception as exc:  # one article's failure goes back as its reason, not a dead worker
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child,), daemon=True, name="kg-extract-worker"
        )
        start_deaf_to_ctrl_c(self.process)
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(_STARTUP_SECONDS):
            raise ExtractionFailed("an extraction worker did not start in time")
        try:
            status, _ = self.conn.recv()
        except (EOFError, OSError):
            raise ExtractionFailed("an extraction worker died while loading the pipeline") from None
        self.ready = status == "ready"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ExtractionPool:
    """Up to `workers` extraction processes; each article gets `budget` seconds."""

    def __init__(self, workers: int = 1, budget: float = 10.0, start: bool = True) -> None:
        """`start` starts every worker now, so the first article need not wait for one to load the
        pipeline; otherwise each starts when first needed."""
        self.workers = max(1, workers)
        self.budget = budget
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        if start:
            for _ in range(self.workers):
                self._idle.put(self._start())

    def warm(self) -> None:
        """Start every worker that is not running yet and wait until each has loaded the pipeline."""
        with self._lock:
            missing = self.workers - len(self._all)
        for _ in range(missing):
            self._idle.put(self._start())
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.wait_ready()

    def extract(self, article: Article) -> Facts:
        """The facts of one article; ExtractionTimeout when its time is up."""
        status, value = self._run([article], self.budget)
        if status == "timeout":
            raise ExtractionTimeout(
                f"The article could not be extracted within {self.budget:g} s (KG_EXTRACT_TIMEOUT): very "
                "long texts, and texts full of symbols rather than words, take longer."
            )
        if status == "error":
            raise ExtractionFailed(f"extraction failed: {value}")
        facts: Facts = value[0]
        return facts

    @overload
    def extract_many(
        self, articles: Iterable[Article], batch_size: int = WORKER_BATCH, then: None = None
    ) -> Iterator[Facts | ExtractionFailure]: ...

    @overload
    def extract_many(
        self, articles: Iterable[Article], batch_size: int = WORKER_BATCH, *, then: Callable[[Facts], T]
    ) -> Iterator[T | ExtractionFailure]: ...

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = WORKER_BATCH,
        then: Callable[[Facts], Any] | None = None,
    ) -> Iterator[Any]:
        """Facts (or an ExtractionFailure) for each article, in order, extracted on every worker.

        `then` (a module-level function, sent by name) is applied to each article's facts in the worker,
        and its result handed over in their place: work the caller would otherwise do in one process
        spreads over the workers with the extraction.
        """
        size = max(1, batch_size)
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="kg-extract") as dispatch:
            pending: deque[Future[list[Any]]] = deque()
            batch: list[Article] = []
            for article in articles:
                batch.append(article)
                if len(batch) == size:
                    pending.append(dispatch.submit(self._batch, batch, then))
                    batch = []
                    while len(pending) > self.workers:  # bounded look-ahead: memory stays flat
                        yield from pending.popleft().result()
            if batch:
                pending.append(dispatch.submit(self._batch, batch, then))
            while pending:
                yield from pending.popleft().result()

    def close(self) -> None:
        """Stop every worker; the pool cannot be used afterwards."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _batch(self, batch: list[Article], then: Callable[[Facts], Any] | None) -> list[Any]:
        status, value = self._run(batch, self.budget * len(batch), then)
        if status == "ok":
            done: list[Any] = value
            return done
        if len(batch) > 1:  # find the slow or broken article: the others still get their facts
            return [result for article in batch for result in self._batch([article], then)]
        if status == "timeout":
            reason = f"not extracted within {self.budget:g} s"
        else:
            reason = f"extraction failed: {value}"
        return [ExtractionFailure(batch[0], reason)]

    def _run(
        self, batch: list[Article], budget: float, then: Callable[[Facts], Any] | None = None
    ) -> tuple[str, Any]:
        """("ok", facts), ("timeout", None) or ("error", message) for `batch` on an idle worker."""
        worker = self._take()
        try:
            worker.wait_ready()
            worker.conn.send((batch, then))
            if not worker.conn.poll(max(budget, 0.0)):
                self._retire(worker)
                return "timeout", None
            status, value = worker.conn.recv()
        except (EOFError, OSError, ExtractionFailed) as exc:
            self._retire(worker)
            return "error", str(exc) or "the worker process died"
        self._idle.put(worker)
        return status, value

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise ExtractionFailed("the extraction pool is closed")
            worker = _Worker(self._context)
            self._all.add(worker)
            return worker

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                room = len(self._all) < self.workers
            worker = self._start() if room else self._idle.get()
        if not worker.process.is_alive():
            self._retire(worker, replace=False)
            return self._start()
        return worker

    def _retire(self, worker: _Worker, replace: bool = True) -> None:
        """Kill `worker` and start its successor, which loads the pipeline while no one waits for it."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.kill()
        if replace and not closed:
            self._idle.put(self._start())
