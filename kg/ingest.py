"""Articles to the store: extract facts, turn them into triples, write one named graph per article."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kg import settle
from kg.errors import NotFound
from kg.extract import extract_many
from kg.extract.pool import ExtractionFailure, ExtractionPool
from kg.models import Article, Facts
from kg.rdf import iris
from kg.rdf.background import background_triples
from kg.rdf.convert import article_triples
from kg.store import Store, Writable
from kg.store.terms import DistinctTriples, ox_triples

__all__ = ["IngestResult", "delete_article", "ingest_article", "ingest_articles"]


@dataclass(frozen=True)
class IngestResult:
    """What one article added to the store: its id, graph IRI and how many facts of each sort.

    An article that could not be extracted has `skipped`, the reason, and nothing written.
    """

    article_id: str
    graph: str
    triples: int
    actors: int
    places: int
    relations: int
    operations: int
    statements: int
    skipped: str | None = None


@dataclass(frozen=True)
class PreparedArticle:
    """One article's facts ready to write: its graph's triples and the background triples it leans on,
    in pyoxigraph's terms, each distinct and in order, with what it adds.

    Extraction workers prepare articles (`prepare_article`) so that the one writer only writes. Pickled
    as N-Triples text, which pyoxigraph writes and reads back many times faster than it pickles terms.
    """

    result: IngestResult
    triples: DistinctTriples
    background: DistinctTriples

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle_prepared, (self.result, _n_triples(self.triples), _n_triples(self.background))


def _n_triples(triples: DistinctTriples) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _unpickle_prepared(result: IngestResult, triples: bytes, background: bytes) -> PreparedArticle:
    def read(data: bytes) -> DistinctTriples:
        return DistinctTriples(quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    return PreparedArticle(result, read(triples), read(background))


def prepare_article(facts: Facts) -> PreparedArticle:
    """The triples of one article's graph, and of the background graph about its entities."""
    triples = ox_triples(article_triples(facts))
    result = IngestResult(
        article_id=facts.article.id,
        graph=str(iris.article_graph(facts.article.id)),
        triples=len(triples),
        actors=len(facts.actors),
        places=len(facts.places),
        relations=len(facts.relations),
        operations=len(facts.operations),
        statements=len(facts.statements),
    )
    return PreparedArticle(result, triples, ox_triples(background_triples(facts)))


def ingest_article(store: Store, article: Article, pool: ExtractionPool | None = None) -> IngestResult:
    """Extract one article and replace its graph in `store` (posting the same text again replaces it).

    With `pool` the article is extracted in one of its worker processes within the pool's time budget
    (ExtractionTimeout past it, and nothing written); without, in this process.
    """
    facts = pool.extract(article) if pool is not None else next(extract_many([article]))
    prepared = prepare_article(facts)
    written: list[settle.Written] = []
    _write_graphs(store, *_batch([prepared]), written)
    settle.settle_written(store, written)
    return prepared.result


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    pool: ExtractionPool | None = None,
    batch_size: int = 32,
    progress: Callable[[IngestResult], None] | None = None,
    expected: int | None = None,
) -> Iterator[IngestResult]:
    """Extract `articles` and write them, one transaction per batch (per batch and worker of `pool`),
    and results in their order. `expected` is how many articles there are, when the caller knows (a
    list's own length otherwise).

    Extraction runs on `pool`'s worker processes when given (in parallel, each article within the time
    budget; an article past it is skipped with its reason), else in this process with spaCy in batches.
    For each batch the gazetteer knowledge of its entities is added to the background graph first, then
    every article graph of the batch is replaced at once, together with the entity index of what they
    name: no article graph is ever written before the background facts it leans on, nor without its
    index. When the writer falls behind the extraction, the batches waiting for it are written together
    in its next transaction. `progress` is called with each result as it is written. On a store that
    other processes may write at once, the index and events patches of every batch are settled once the
    last batch is written (kg/settle.py): a run stopped before then leaves them to `kg reindex`.
    """
    size = max(1, batch_size)
    # A transaction restates the summaries of every entity and place its articles name, the busiest
    # ones included, which costs about as much for one batch as for several. With N workers the batches
    # come N times as fast, so each transaction holds N of them: the writer commits as often as behind
    # one worker, and takes no more of the cores that the workers need.
    group = size * (pool.workers if pool is not None else 1)
    most = size * max(_MOST_BATCHES_WAITING, group // size)
    if expected is None and isinstance(articles, Sized):
        expected = len(articles)
    received, began = 0, time.monotonic()
    extracted: Iterator[PreparedArticle | ExtractionFailure] = (
        pool.extract_many(articles, then=prepare_article)
        if pool is not None
        else (prepare_article(facts) for facts in extract_many(articles, batch_size=size))
    )
    # One writer thread: while it writes (Oxigraph works outside the GIL), this thread extracts the next
    # batches. For the same reason as above, batches that waited for the writer go in one transaction.
    # Each result is handed out once its article is in the store.
    written: list[settle.Written] = []
    timed: list[float] = []  # seconds each transaction took
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-ingest-writer") as writer:
        pending: Future[list[IngestResult]] | None = None
        waiting: list[PreparedArticle | ExtractionFailure] = []
        while batch := list(islice(extracted, size)):
            waiting += batch
            received += len(batch)
            left = None if expected is None else expected - received
            rest = (left or 0) * (time.monotonic() - began) / received
            if not _due(len(waiting), size, group, left, rest, timed[-1] if timed else 0.0):
                continue
            if pending is not None:
                if not pending.done() and len(waiting) < most:
                    continue
                yield from _handed_out(pending.result(), progress)
            pending, waiting = writer.submit(_write, store, waiting, written, timed), []
        if pending is not None:
            yield from _handed_out(pending.result(), progress)
        if waiting:
            yield from _handed_out(_write(store, waiting, written), progress)
    # Once per run rather than per batch: while the writers are busy, a batch's summaries would be
    # compared again and again with what the others keep changing.
    settle.settle_written(store, written)


_MOST_BATCHES_WAITING = 4
"""Batches extracted ahead of a busy writer before the extraction waits for it (or one per worker, when
there are more workers): memory stays flat, and a transaction holds at most this many batches."""


def _due(waiting: int, size: int, group: int, left: int | None, rest: float, writing: float) -> bool:
    """Whether `waiting` articles make a transaction now: a group of them; or, once fewer than a group
    are `left` to extract (when that is known), a batch, if the rest takes longer to extract (`rest`
    seconds at the pace so far) than a transaction takes to write (`writing`, the last one's seconds).

    No full group forms again once fewer are left, and waiting for one would leave every article since
    the last transaction to be written once the extraction is over, while the cores that extracted them
    stand idle. But the last transaction is written once the extraction is over in any case, and costs
    much the same for a few articles more: a batch whose transaction would still run then goes in it."""
    if left is None or left >= group:
        return waiting >= group
    return waiting >= size and (left <= 0 or rest > writing)


def _write(
    store: Store, items: list[PreparedArticle | ExtractionFailure], written: list[settle.Written],
    timed: list[float] | None = None,
) -> list[IngestResult]:
    """Write the prepared articles of `items` in one transaction; the results of all of them, in order.
    The seconds it took are added to `timed`."""
    began = time.monotonic()
    _write_graphs(store, *_batch([item for item in items if isinstance(item, PreparedArticle)]), written)
    if timed is not None:
        timed.append(time.monotonic() - began)
    return [item.result if isinstance(item, PreparedArticle) else _skipped(item) for item in items]


def _skipped(failure: ExtractionFailure) -> IngestResult:
    article_id = failure.article.id
    graph = str(iris.article_graph(article_id))
    return IngestResult(article_id, graph, 0, 0, 0, 0, 0, 0, skipped=failure.reason)


def _handed_out(
    results: list[IngestResult], progress: Callable[[IngestResult], None] | None
) -> Iterator[IngestResult]:
    for result in results:
        if progress is not None:
            progress(result)
        yield result


def _batch(prepared: list[PreparedArticle]) -> tuple[dict[Writable, None], dict[str, Sequence[Writable]]]:
    """The background triples and article graphs of one transaction."""
    background: dict[Writable, None] = {}
    graphs: dict[str, Sequence[Writable]] = {}
    for article in prepared:
        background.update(dict.fromkeys(article.background))
        # A batch may hold the same text twice: the last copy wins, as it would one article at a time.
        graphs[article.result.graph] = DistinctTriples(article.triples)
    return background, graphs


def delete_article(store: Store, article_id: str) -> None:
    """Remove an article and every fact extracted from it, with its index, in one transaction; NotFound
    when the store holds no such article."""
    graph = str(iris.article_graph(article_id))
    if not store.has_graph(graph):
        raise NotFound(f"No article has the id {article_id!r}.")
    written: list[settle.Written] = []
    _write_graphs(store, {}, {graph: []}, written)
    settle.settle_written(store, written)


def _write_graphs(
    store: Store,
    background: dict[Writable, None],
    graphs: dict[str, Sequence[Writable]],
    written: list[settle.Written],
) -> None:
    """Add `background` to the background graph, then replace `graphs` (an empty list removes one) with
    their index and events patches in the same transaction: the one way article graphs are written.

    On a store that other processes may write at once, the graphs and the scope of their patches are
    added to `written`, for the caller to settle (kg/settle.py) once it has written them all."""
    if not graphs:
        return  # every article of the batch was skipped
    with store.write_lock:
        if background:
            store.add(str(iris.BACKGROUND_GRAPH), background)
        read = settle.read_of(graphs)
        scope = settle.scope_of(store, graphs, written=background, read=read)
        patches = settle.patches(store, graphs, scope, read=read)
        store.replace_graphs(graphs, patch=patches)
    if store.shared:
        written.append((list(graphs), settle.wrote(scope, patches)))
