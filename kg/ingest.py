"""Articles to the store: extract facts, turn them into triples, write one named graph per article."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice

from kg import settle
from kg.errors import NotFound
from kg.extract import extract_many
from kg.extract.pool import ExtractionFailure, ExtractionPool
from kg.models import Article, Facts
from kg.rdf import iris
from kg.rdf.background import background_triples
from kg.rdf.convert import article_triples
from kg.store import Store, Triple

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


def ingest_article(store: Store, article: Article, pool: ExtractionPool | None = None) -> IngestResult:
    """Extract one article and replace its graph in `store` (posting the same text again replaces it).

    With `pool` the article is extracted in one of its worker processes within the pool's time budget
    (ExtractionTimeout past it, and nothing written); without, in this process.
    """
    facts = pool.extract(article) if pool is not None else next(extract_many([article]))
    written: list[settle.Written] = []
    (result,) = _write(store, *_prepare([facts]), written)
    settle.settle_written(store, written)
    return result


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    pool: ExtractionPool | None = None,
    batch_size: int = 16,
    progress: Callable[[IngestResult], None] | None = None,
) -> Iterator[IngestResult]:
    """Extract `articles` and write them, one transaction per batch.

    Extraction runs on `pool`'s worker processes when given (in parallel, each article within the time
    budget; an article past it is skipped with its reason), else in this process with spaCy in batches.
    For each batch the gazetteer knowledge of its entities is added to the background graph first, then
    every article graph of the batch is replaced at once, together with the entity index of what they
    name: no article graph is ever written before the background facts it leans on, nor without its
    index. `progress` is called with each result as it is written. On a store that other processes
    may write at once, the index and events patches of every batch are settled once the last batch is
    written (kg/settle.py): a run stopped before then leaves them to `kg reindex`.
    """
    size = max(1, batch_size)
    extracted: Iterator[Facts | ExtractionFailure] = (
        pool.extract_many(articles) if pool is not None else extract_many(articles, batch_size=size)
    )
    # One writer thread: while it writes a batch (Oxigraph works outside the GIL), this thread parses
    # and extracts the next one. Batches are written one at a time and in order, and each batch's
    # results are handed out once it is in the store.
    written: list[settle.Written] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-ingest-writer") as writer:
        pending: Future[list[IngestResult]] | None = None
        while batch := list(islice(extracted, size)):
            facts = [f for f in batch if isinstance(f, Facts)]
            skipped = [_skipped(f) for f in batch if isinstance(f, ExtractionFailure)]
            prepared = _prepare(facts)
            if pending is not None:
                yield from _handed_out(pending.result(), progress)
            yield from _handed_out(skipped, progress)
            pending = writer.submit(_write, store, *prepared, written)
        if pending is not None:
            yield from _handed_out(pending.result(), progress)
    # Once per run rather than per batch: while the writers are busy, a batch's summaries would be
    # compared again and again with what the others keep changing.
    settle.settle_written(store, written)


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


Prepared = tuple[dict[Triple, None], dict[str, list[Triple]], list[IngestResult]]


def _prepare(batch: list[Facts]) -> Prepared:
    """The background triples, article graphs and results of one batch."""
    background: dict[Triple, None] = {}
    graphs: dict[str, list[Triple]] = {}
    results: list[IngestResult] = []
    for facts in batch:
        background.update(dict.fromkeys(background_triples(facts)))
        graph = str(iris.article_graph(facts.article.id))
        # A batch may hold the same text twice: the last copy wins, as it would one article at a time.
        triples: list[Triple] = list(dict.fromkeys(article_triples(facts)))
        graphs[graph] = triples
        results.append(
            IngestResult(
                article_id=facts.article.id,
                graph=graph,
                triples=len(triples),
                actors=len(facts.actors),
                places=len(facts.places),
                relations=len(facts.relations),
                operations=len(facts.operations),
                statements=len(facts.statements),
            )
        )
    return background, graphs, results


def delete_article(store: Store, article_id: str) -> None:
    """Remove an article and every fact extracted from it, with its index, in one transaction; NotFound
    when the store holds no such article."""
    graph = str(iris.article_graph(article_id))
    if not store.has_graph(graph):
        raise NotFound(f"No article has the id {article_id!r}.")
    written: list[settle.Written] = []
    _write_graphs(store, {}, {graph: []}, written)
    settle.settle_written(store, written)


def _write(
    store: Store,
    background: dict[Triple, None],
    graphs: dict[str, list[Triple]],
    results: list[IngestResult],
    written: list[settle.Written],
) -> list[IngestResult]:
    """Write one batch and hand back its results."""
    _write_graphs(store, background, graphs, written)
    return results


def _write_graphs(
    store: Store,
    background: dict[Triple, None],
    graphs: dict[str, list[Triple]],
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
        scope = settle.scope_of(store, graphs, written=background)
        store.replace_graphs(graphs, patch=settle.patches(store, graphs, scope))
    if store.shared:
        written.append((list(graphs), scope))
