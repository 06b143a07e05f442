"""Ingest: articles are extracted, converted and written as one named graph each, batch by batch."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, cast

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.extract import extract, extract_many
from kg.extract.pool import ExtractionPool
from kg.ingest import IngestResult, _due, ingest_article, ingest_articles, prepare_article
from kg.models import Article, Facts
from kg.rdf import iris
from kg.rdf.background import background_triples
from kg.rdf.namespaces import CONF
from kg.settings import Settings
from kg.store import Store, open_store
from kg.store.terms import DistinctTriples

TEXTS = [
    "Government troops captured the town of Kalmar on Sunday after heavy shelling, the army said. "
    "Rebel fighters withdrew to the hills.",
    "Rebels attacked an army checkpoint near the border. The defence ministry said two soldiers were killed.",
    "Aid groups warned of a growing crisis as fighting spread to three more villages.",
]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [Article(text=TEXTS[0], title="Town captured", published=date(2022, 5, 8), source="Wire"),
            Article(text=TEXTS[1]), Article(text=TEXTS[2])]


def quads(store: Store) -> list[str]:
    return sorted(store.dump("nquads").decode().splitlines())


def test_ingest_article_writes_its_graph(store: Store, articles: list[Article]) -> None:
    article = articles[0]
    result = ingest_article(store, article)
    graph = str(iris.article_graph(article.id))
    assert (result.article_id, result.graph) == (article.id, graph)
    assert graph in store.graphs()
    assert store.count(graph) == result.triples
    doc = iris.article(article.id)
    ask = "ASK { GRAPH ?g { ?doc ?text ?value } }"
    assert store.query(ask, {"g": URIRef(graph), "doc": doc, "text": CONF.text,
                             "value": Literal(article.text)}).boolean
    assert store.query(ask, {"g": URIRef(graph), "doc": doc, "text": CONF.title,
                             "value": Literal("Town captured")}).boolean


def test_result_counts_are_the_extracted_facts(store: Store, articles: list[Article]) -> None:
    facts = extract(articles[1])
    result = ingest_article(store, articles[1])
    assert result == IngestResult(
        article_id=articles[1].id, graph=str(iris.article_graph(articles[1].id)), triples=result.triples,
        actors=len(facts.actors), places=len(facts.places), relations=len(facts.relations),
        operations=len(facts.operations), statements=len(facts.statements),
    )


def test_reingesting_the_same_text_replaces_its_graph(store: Store, articles: list[Article]) -> None:
    first = ingest_article(store, articles[0])
    before = quads(store)
    again = ingest_article(store, Article(text=articles[0].text, title="Town captured",
                                          published=date(2022, 5, 8), source="Wire"))
    assert again == first
    assert quads(store) == before


def test_background_knowledge_goes_to_the_background_graph(store: Store, articles: list[Article]) -> None:
    expected = set(background_triples(extract(articles[0])))
    ingest_article(store, articles[0])
    rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": iris.BACKGROUND_GRAPH})
    assert expected <= {ox.Triple(r["s"], r["p"], r["o"]) for r in rows}


def test_ingest_articles_in_batches_with_progress(store: Store, articles: list[Article]) -> None:
    seen: list[IngestResult] = []
    batch = [articles[0], articles[1], articles[0], articles[2]]
    results = list(ingest_articles(store, batch, batch_size=2, progress=seen.append))
    assert [r.article_id for r in results] == [a.id for a in batch]
    assert seen == results
    article_graphs = [g for g in store.graphs() if g.startswith(iris.ARTICLE_GRAPH_PREFIX)]
    assert sorted(article_graphs) == sorted({r.graph for r in results})
    assert sum(store.count(g) for g in article_graphs) == sum({r.graph: r.triples for r in results}.values())


def test_a_prepared_article_travels_between_processes_as_it_is(articles: list[Article]) -> None:
    prepared = prepare_article(extract(articles[0]))
    copy = pickle.loads(pickle.dumps(prepared))
    assert copy == prepared
    assert copy.result.triples == len(copy.triples) > 0
    assert isinstance(copy.triples, DistinctTriples) and isinstance(copy.background, DistinctTriples)
    assert copy.background and len(set(copy.background)) == len(copy.background)
    assert set(copy.background) == set(background_triples(extract(articles[0])))


def test_a_pool_writes_what_one_process_writes(settings: Settings, articles: list[Article]) -> None:
    batch = [articles[0], articles[1], articles[0], articles[2]]
    written = []
    for workers in (0, 2):
        folder = settings.data / f"workers-{workers}"
        store = open_store(settings.model_copy(update={"data": folder}))
        try:
            if workers:
                with ExtractionPool(workers) as pool:
                    results = list(ingest_articles(store, batch, pool=pool, batch_size=1))
            else:
                results = list(ingest_articles(store, batch, batch_size=1))
            written.append((results, quads(store)))
        finally:
            store.close()
    assert written[0] == written[1]
    assert [r.article_id for r in written[0][0]] == [a.id for a in batch]



class _InProcessPool:
    """Extraction with a pool's interface, in this process: `workers` is what the writer groups by."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def extract_many(self, articles: Iterable[Article], then: Callable[[Facts], Any]) -> Iterator[Any]:
        return (then(facts) for facts in extract_many(articles))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_writer_groups_a_batch_per_worker_in_each_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # Batches that come while the writer is busy join the next transaction too, so only the first
    # transaction's size is certain; none but the last holds fewer batches than there are workers.
    replaced: list[int] = []
    write = store.replace_graphs

    def counted(graphs: Any, patch: Any = None) -> int:
        replaced.append(len(graphs))
        return write(graphs, patch=patch)

    monkeypatch.setattr(store, "replace_graphs", counted)
    batch = [Article(text=f"{TEXTS[n % 3]} Report {n}.") for n in range(5)]
    pool = cast(ExtractionPool, _InProcessPool(workers))
    # A stream of articles, not a list: how many there are is not known, so the groups hold to the end.
    results = list(ingest_articles(store, iter(batch), pool=pool, batch_size=1))
    assert [r.article_id for r in results] == [a.id for a in batch]
    assert replaced[0] == workers
    assert all(n >= workers for n in replaced[:-1])
    assert sum(replaced) == len(batch)


@pytest.mark.parametrize(
    ("waiting", "left", "rest", "writing", "due"),
    [
        (32, None, 0.0, 0.0, False),  # how many are left is not known: a group of two batches
        (64, None, 0.0, 0.0, True),
        (32, 100, 9.0, 1.0, False),  # a group can still form
        (32, 40, 4.0, 1.0, True),  # no group will form again, and writing the batch ends in time
        (32, 8, 0.5, 1.0, False),  # its transaction would outlast the extraction: kept for the last
        (32, 8, 2.0, 1.0, True),
        (40, 0, 0.0, 1.0, True),  # nothing is left: the last transaction
        (40, -3, 0.0, 1.0, True),  # more articles came than the caller said
        (8, 20, 2.0, 1.0, False),  # less than a batch
    ],
)
def test_when_the_writer_starts_a_transaction(
    waiting: int, left: int | None, rest: float, writing: float, due: bool
) -> None:
    assert _due(waiting, 32, 64, left, rest, writing) is due
