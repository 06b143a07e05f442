"""Several `kg ingest` processes writing one remote store at once leave the derived graphs as a rebuild.

Three processes of twenty articles each start together against one SPARQL server; the articles share
actors, backers, places and days, so every batch touches entities, counterpart lists, the newest
articles and events that the other processes touch too. Once they are done, the entity index (with
its kept summaries) and the events graph must be exactly what `kg reindex` rebuilds from the articles.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kg.events import EVENTS_GRAPH
from kg.index import INDEX_GRAPH
from kg.rdf.iris import ARTICLE_GRAPH_PREFIX
from kg.settings import Settings
from kg.store import open_store

WRITERS = 3
ARTICLES_EACH = 20

ACTORS = ("Russian forces", "Ukrainian forces", "Hezbollah", "the Houthis", "Israeli forces",
          "Wagner Group fighters", "Syrian government forces", "Hamas")
BACKERS = ("Iran", "Russia", "the United States", "Turkey")
PLACES = ("Kharkiv", "Bakhmut", "Aleppo", "Idlib", "Hodeidah", "Avdiivka")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def write_articles(folder: Path, rng: random.Random, first: int, count: int) -> None:
    """`count` short wire reports in `folder`, with a manifest giving each its title, day and source.

    Few actors, places and days, so that the writers' articles overlap: an attack at one place a day
    apart in two articles is one event, a backer named by many articles has many counterparts."""
    folder.mkdir(parents=True)
    manifest = {}
    for n in range(first, first + count):
        published = date(2024, 3, 1) + timedelta(days=rng.randrange(6))
        agent, target = rng.sample(ACTORS, 2)
        place, backer = rng.choice(PLACES), rng.choice(BACKERS)
        weekday = WEEKDAYS[(published.weekday() - 1) % 7]
        text = "\n\n".join((
            f"{_capital(agent)} attacked {target} positions in {place} on {weekday}, officials said.",
            f"{_capital(backer)} has supplied weapons to {target} for months.",
            f'"We will not retreat from {place}," a spokesman for {target} said.',
            f"This is report {n} from the wire.",
        ))
        name = f"{n:03d}.txt"
        (folder / name).write_text(text + "\n")
        manifest[name] = {"title": f"Report {n}", "published": published.isoformat(), "source": "Wire"}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def kg(*args: str, data: Path, update_url: str) -> subprocess.Popen[str]:
    """`kg` started in its own process over data folder `data`, updates going to `update_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    # Small batches: more write transactions per process, so more chances to interleave.
    env.update(KG_DATA=str(data), KG_STORE_UPDATE=update_url, KG_BATCH_SIZE="4")
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def derived(settings: Settings) -> dict[str, set[str]]:
    """The index and events graphs as sets of N-Triples lines."""
    with open_store(settings) as store:
        return {graph: set(store.dump("ntriples", graph).decode().splitlines())
                for graph in (str(INDEX_GRAPH), str(EVENTS_GRAPH))}


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
def test_concurrent_ingests_leave_the_derived_graphs_as_a_rebuild(
    server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    endpoint = request.getfixturevalue(server)
    endpoint.clear()
    rng = random.Random(16)
    folders = [tmp_path / f"articles-{w}" for w in range(WRITERS)]
    for w, folder in enumerate(folders):
        write_articles(folder, rng, w * ARTICLES_EACH, ARTICLES_EACH)

    writers = [kg("ingest", str(folder), "--store", endpoint.url, data=tmp_path / f"data-{w}",
                  update_url=endpoint.update_url)
               for w, folder in enumerate(folders)]
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        assert f"Ingested {ARTICLES_EACH} articles" in out, out

    settings = Settings(data=tmp_path / "reader", store=endpoint.url, store_update=endpoint.update_url)
    with open_store(settings) as store:
        articles = [g for g in store.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX)]
    assert len(articles) == WRITERS * ARTICLES_EACH
    written = derived(settings)
    # Not vacuous: every article is listed, and reports of several articles were grouped into events.
    assert sum("#articleGraph>" in line for line in written[str(INDEX_GRAPH)]) == WRITERS * ARTICLES_EACH
    assert any('#sourceCount> "2"' in line for line in written[str(EVENTS_GRAPH)])

    reindex = kg("reindex", "--store", endpoint.url, data=tmp_path / "data-0", update_url=endpoint.update_url)
    out, err = reindex.communicate(timeout=600)
    assert reindex.returncode == 0, err
    rebuilt = derived(settings)
    for graph in rebuilt:
        assert written[graph] - rebuilt[graph] == set(), f"{graph}: stale triples the rebuild drops"
        assert rebuilt[graph] - written[graph] == set(), f"{graph}: triples the writers lost"
