"""The `kg` command end to end, in subprocesses over a temporary data folder."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.models import article_id
from kg.settings import Settings
from kg.store import open_store

TEXT = ("Government troops shelled rebel positions outside the town of Kalmar on Sunday, "
        "the army said. Rebel fighters withdrew to the hills.")


def kg(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `kg` with KG_DATA set to `data` (when given) and no remote store configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if data is not None:
        env["KG_DATA"] = str(data)
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert result.stderr.startswith("kg: error: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def count_quads(data: Path) -> int:
    with open_store(Settings(data=data, store=None)) as store:
        return store.count()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding one ingested article (through `kg ingest --data`)."""
    folder = tmp_path_factory.mktemp("cli")
    (folder / "article.txt").write_text(f"Title: Shelling near Kalmar\nPublished: 2022-05-08\n\n{TEXT}\n")
    result = kg("ingest", str(folder / "article.txt"), "--data", str(folder / "data"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ingested 1 articles")
    for word in ("triples", "actors", "places", "relations", "operations", "statements", "articles/s"):
        assert word in result.stdout
    return folder / "data"


def test_ingest_if_empty_leaves_a_store_with_articles_alone(ingested: Path, tmp_path: Path) -> None:
    before = count_quads(ingested)
    (tmp_path / "other.txt").write_text("Rebels attacked an army checkpoint near the border.")
    result = kg("ingest", "--if-empty", str(tmp_path / "other.txt"), data=ingested)
    assert result.returncode == 0, result.stderr
    assert "nothing ingested" in result.stdout
    assert count_quads(ingested) == before


def test_query_formats(ingested: Path) -> None:
    sparql = ("PREFIX conf: <https://w3id.org/conflict-kg/ontology#> "
              "SELECT ?doc ?title WHERE { ?doc a conf:Article ; conf:title ?title }")
    table = kg("query", sparql, data=ingested)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["doc", "title"]
    assert "Shelling near Kalmar" in lines[2] and lines[-1] == "(1 row)"
    as_json = json.loads(kg("query", sparql, "--format", "json", "--data", str(ingested)).stdout)
    assert as_json["results"]["bindings"][0]["title"]["value"] == "Shelling near Kalmar"
    rows = list(csv.reader(io.StringIO(kg("query", sparql, "--format", "csv", data=ingested).stdout)))
    assert rows[0] == ["doc", "title"] and rows[1][1] == "Shelling near Kalmar"


def test_export_dataset_and_one_article(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.trig"
    assert kg("export", "--format", "trig", "--out", str(out), data=ingested).returncode == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    graph_iri = f"https://w3id.org/conflict-kg/graph/article/{article_id(TEXT)}"
    assert graph_iri in {str(g.identifier) for g in dataset.graphs()}
    one = kg("export", "--article", article_id(TEXT), data=ingested)
    assert one.returncode == 0, one.stderr
    assert len(Graph().parse(data=one.stdout, format="turtle")) == len(dataset.graph(graph_iri))


def test_load_then_query(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "extra.ttl").write_text('<http://example.org/a> <http://example.org/p> "one", "two" .\n')
    loaded = kg("load", str(tmp_path / "extra.ttl"), "--graph", "http://example.org/g", data=data)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("Loaded 2 quads from 1 file")
    answer = kg("query", "SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } } ORDER BY ?o",
                "--format", "csv", data=data)
    assert answer.stdout.split() == ["o", "one", "two"]


def test_load_builds_the_entity_index_and_reindex_rebuilds_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    actor = "https://w3id.org/conflict-kg/id/actor/north-guard"
    conf = "https://w3id.org/conflict-kg/ontology#"
    graph = "<http://example.org/g1>"
    (tmp_path / "a.nq").write_text(
        f'<{actor}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{conf}Actor> {graph} .\n'
        f'<{actor}> <http://www.w3.org/2000/01/rdf-schema#label> "North Guard" {graph} .\n'
        f'<http://example.org/doc> <{conf}mentions> <{actor}> {graph} .\n'
    )
    assert kg("load", str(tmp_path / "a.nq"), data=data).returncode == 0
    count = (f"SELECT ?n WHERE {{ GRAPH <https://w3id.org/conflict-kg/graph/index> "
             f"{{ <{actor}> <{conf}articleCount> ?n }} }}")
    assert kg("query", count, "--format", "csv", data=data).stdout.split() == ["n", "1"]
    with open_store(Settings(data=data)) as store:  # the index goes stale behind the service's back
        store.update("DROP GRAPH <https://w3id.org/conflict-kg/graph/index>")
    assert kg("query", count, "--format", "csv", data=data).stdout.split() == ["n"]
    result = kg("reindex", data=data)
    assert result.returncode == 0 and result.stdout.startswith("Rebuilt the entity index")
    assert kg("query", count, "--format", "csv", data=data).stdout.split() == ["n", "1"]


def test_load_of_a_bad_file_exits_with_one_line_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text('<http://example.org/a> <http://example.org/p> "one" .\n')
    bad.write_text('<http://example.org/a> <http://example.org/p> "never closed .\n')
    assert kg("load", str(good), data=data).returncode == 0
    result = kg("load", str(good), str(bad), "--graph", "http://example.org/other", data=data)
    assert_one_line_error(result)
    assert "bad.ttl" in result.stderr
    assert count_quads(data) == 1


@pytest.mark.parametrize("args", [
    ("ingest", "no-such-file.txt"),
    ("query", "SELEKT * WHERE { ?s ?p ?o }"),
    ("export", "--article", "no-such-article"),
    ("export", "--format", "rdfxml"),
    ("serve", "--workers", "2"),
    ("frobnicate",),
])
def test_errors_are_one_line_and_a_non_zero_exit(args: tuple[str, ...], tmp_path: Path) -> None:
    assert_one_line_error(kg(*args, data=tmp_path / "data"))


def test_a_store_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(Settings(data=data, store=None)):
        result = kg("query", "ASK {}", data=data)
    assert_one_line_error(result)
    assert "in use" in result.stderr
