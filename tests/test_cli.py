"""The `kg` command end to end, in subprocesses over a temporary data folder."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import OxigraphServer
from rdflib import Dataset, Graph
from server import KgServe, load_fixture

from kg import serverfile
from kg.cli import _size
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
    before = count_quads(data)  # the quad, and the index's statement of its format
    result = kg("load", str(good), str(bad), "--graph", "http://example.org/other", data=data)
    assert_one_line_error(result)
    assert "bad.ttl" in result.stderr
    assert count_quads(data) == before


@pytest.mark.parametrize("args", [
    ("ingest", "no-such-file.txt"),
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


FIXTURE = Path(__file__).resolve().parent / "data" / "fixture.trig"


def test_events_after_load_list_sources_and_figures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert kg("load", str(FIXTURE), data=data).returncode == 0
    listed = kg("events", "--format", "json", data=data)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {e["kind"] for e in found} == {"Capture", "Airstrike"}
    capture = next(e for e in found if e["kind"] == "Capture")
    assert capture["source_count"] == 1 and capture["figures"][0]["count"] == 12
    table = kg("events", "--kind", "Capture", "--actor", "Red Hand Brigade", data=data)
    assert table.returncode == 0
    assert "Capture" in table.stdout and "figure  killed 12-15 (by Red Hand Brigade" in table.stdout
    assert "Airstrike" not in table.stdout
    assert kg("events", "--from", "2030-01-01", data=data).stdout.strip() == "No event matches."


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "yesterday"],
        ["--from", "2024-03-05", "--to", "2024-03-01"],
        ["--limit", "0"],
        ["--kind", "Picnic"],
    ],
)
def test_events_bad_input_is_one_line(tmp_path: Path, args: list[str]) -> None:
    assert_one_line_error(kg("events", *args, data=tmp_path / "data"))


@pytest.mark.parametrize(("sparql", "summary", "caret_line"), [
    ("SELEKT * WHERE { ?s ?p ?o }", "line 1, column 1: a query starts with SELECT", "  ^"),
    ("SELECT * WHERE { ?s ?p ?o", "line 1, column 16: this '{' is never closed", "                 ^"),
    ("SELECT * WHERE {\n  ?s nope:p ?o }", "line 2, column 6: the prefix 'nope:' is not declared",
     "       ^"),
])
def test_a_syntax_error_names_line_and_column_with_a_caret(
    sparql: str, summary: str, caret_line: str, tmp_path: Path
) -> None:
    result = kg("query", sparql, data=tmp_path / "data")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("kg: error: bad SPARQL at " + summary), result.stderr
    assert lines[1] == "  " + sparql.splitlines()[int(summary.split(",")[0].split()[-1]) - 1]
    assert lines[2] == caret_line
    assert "expected CONSTRUCT" not in result.stderr and "\\u{" not in result.stderr


def test_an_update_through_kg_query_says_how_to_run_updates(tmp_path: Path) -> None:
    update = "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }"
    result = kg("query", update, data=tmp_path / "d")
    assert_one_line_error(result)
    assert "SPARQL update" in result.stderr and "POST" in result.stderr and "/sparql" in result.stderr
    assert not (tmp_path / "d").exists()  # refused before any store was opened


@pytest.mark.parametrize(("args", "env", "named"), [
    (("--store", "localhost:8765"), {}, "--store"),
    ((), {"KG_STORE": "localhost:8765"}, "KG_STORE"),
])
def test_a_store_that_is_not_a_url_is_named_as_the_user_gave_it(
    args: tuple[str, ...], env: dict[str, str], named: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", "ASK {}", *args], capture_output=True,
                            text=True, env={**clean, **env}, timeout=120)
    assert_one_line_error(result)
    assert result.stderr.startswith(f"kg: error: {named} must be an http(s) URL")
    assert "http://localhost:8765" in result.stderr  # the likely intent, spelled out


def test_an_unreachable_store_is_named_as_typed() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    typed = f"http://127.0.0.1:{port}/sparql"
    result = kg("ingest", "seeds", "--store", typed)
    assert_one_line_error(result)
    assert f"cannot reach {typed} (given by --store)" in result.stderr


# -- beside a running `kg serve` ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KgServe]:
    """`kg serve` over a data folder holding the fixture dataset."""
    data = tmp_path_factory.mktemp("served") / "data"
    load_fixture(Settings(data=data, store=None))
    with KgServe(data) as server:
        yield server


def sparql_ask(server: KgServe, ask: str) -> bool:
    answer = httpx.post(server.url + "/sparql", data={"query": ask},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


def test_the_server_file_names_the_server_and_only_its_owner_reads_it(served: KgServe) -> None:
    path = served.data / serverfile.FILE_NAME
    assert path.stat().st_mode & 0o777 == 0o600
    running = serverfile.find(served.data)
    assert running is not None and running.url == served.url and len(running.token) >= 32


def test_every_command_works_beside_the_server_and_the_server_sees_the_writes(
    served: KgServe, tmp_path: Path
) -> None:
    data = served.data
    (tmp_path / "article.txt").write_text(f"Title: Shelling near Kalmar\nPublished: 2022-05-08\n\n{TEXT}\n")
    ingested = kg("ingest", str(tmp_path / "article.txt"), data=data)
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith(f"Ingested 1 articles into {data} (through kg serve at {served.url})")
    listed = httpx.get(served.url + "/articles", timeout=30).json()["articles"]
    assert article_id(TEXT) in {a["id"] for a in listed}

    titles = kg("query", "SELECT ?t WHERE { ?d a conf:Article ; conf:title ?t } ORDER BY ?t",
                "--format", "csv", data=data)
    assert titles.returncode == 0, titles.stderr
    assert "Shelling near Kalmar" in titles.stdout.splitlines()

    (tmp_path / "extra.ttl").write_text('<http://example.org/a> <http://example.org/p> "one", "two" .\n')
    loaded = kg("load", str(tmp_path / "extra.ttl"), "--graph", "http://example.org/g", data=data)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("Loaded 2 quads from 1 file")
    assert sparql_ask(served, 'ASK { GRAPH <http://example.org/g> { ?s ?p "two" } }')

    reindexed = kg("reindex", data=data)
    assert reindexed.returncode == 0, reindexed.stderr
    assert reindexed.stdout.startswith("Rebuilt the entity index")

    out = tmp_path / "all.trig"
    exported = kg("export", "--format", "trig", "--out", str(out), data=data)
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr.startswith("Wrote every graph of") and str(out) in exported.stderr
    dataset = Dataset().parse(out, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    assert f"https://w3id.org/conflict-kg/graph/article/{article_id(TEXT)}" in graphs
    assert "http://example.org/g" in graphs

    as_jsonld = kg("export", "--format", "jsonld", "--article", article_id(TEXT), data=data)
    assert as_jsonld.returncode == 0, as_jsonld.stderr
    assert len(Graph().parse(data=as_jsonld.stdout, format="json-ld")) > 10
    graph = f"<https://w3id.org/conflict-kg/graph/article/{article_id(TEXT)}> ."
    one = ("--article", article_id(TEXT))
    as_quads = kg("export", "--format", "nquads", *one, data=data).stdout.splitlines()
    as_triples = kg("export", "--format", "ntriples", *one, data=data).stdout.splitlines()
    assert len(as_quads) == len(as_triples) > 10
    assert all(line.endswith(graph) for line in as_quads)

    bad = kg("query", "SELECT * WHERE { ?s ?p ?o", data=data)
    assert bad.returncode == 1 and "this '{' is never closed" in bad.stderr


def test_a_command_waits_for_a_server_that_holds_the_store_but_has_not_announced_itself(
    served: KgServe,
) -> None:
    path = served.data / serverfile.FILE_NAME
    hidden = path.with_name("hidden.json")
    path.rename(hidden)  # as in the moment between a starting server's opening the store and its file
    restore = threading.Timer(1.5, hidden.rename, args=(path,))
    restore.start()
    try:
        result = kg("reindex", data=served.data)
    finally:
        restore.join()
    assert result.returncode == 0, result.stderr
    assert f"(through kg serve at {served.url})" in result.stdout


def test_the_local_routes_need_the_token_of_the_server_file(served: KgServe) -> None:
    for headers in ({}, {"Authorization": "Bearer not-the-token"}):
        answer = httpx.post(served.url + "/local/reindex", headers=headers, timeout=30)
        assert answer.status_code == 403
        assert answer.json()["error"]["type"] == "Forbidden"
    assert "/local/load" not in httpx.get(served.url + "/openapi.json", timeout=30).text


def test_ingest_through_a_kg_server_url(served: KgServe, tmp_path: Path) -> None:
    (tmp_path / "other.txt").write_text("Title: Checkpoint\n\nRebels attacked a checkpoint near Kalmar.\n")
    result = kg("ingest", str(tmp_path / "other.txt"), "--store", served.url + "/sparql", data=tmp_path / "x")
    assert result.returncode == 0, result.stderr
    assert f"into the kg server at {served.url}/sparql" in result.stdout
    listed = httpx.get(served.url + "/articles", timeout=30).json()["articles"]
    assert "Checkpoint" in {a["title"] for a in listed}


def test_a_second_server_on_the_same_folder_is_refused(served: KgServe) -> None:
    result = kg("serve", "--port", "0", data=served.data)
    assert_one_line_error(result)
    assert f"already served by kg serve at {served.url}" in result.stderr


def test_a_busy_port_fails_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = kg("serve", "--port", str(port), data=tmp_path / "data")
    assert_one_line_error(result)
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert not (tmp_path / "data").exists()


def test_ctrl_c_stops_the_server_quietly_and_removes_its_file(tmp_path: Path) -> None:
    server = KgServe(tmp_path / "data").start()
    assert sparql_ask(server, "ASK { }")  # a query worker has answered
    status = server.interrupt()
    log = server.log.read_text()
    assert status == 130, log
    assert "Traceback" not in log and "KeyboardInterrupt" not in log
    assert "Application shutdown complete" in log
    assert not (tmp_path / "data" / serverfile.FILE_NAME).exists()


def test_a_stale_server_file_is_ignored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (data / serverfile.FILE_NAME).write_text(json.dumps(
        {"url": "http://127.0.0.1:9", "pid": int(dead.stdout), "token": "t"}))
    result = kg("query", "ASK { ?s ?p ?o }", data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "false"
    assert not (data / serverfile.FILE_NAME).exists()


def test_ingest_into_a_plain_sparql_store_by_its_base_url(
    oxigraph_server: OxigraphServer, tmp_path: Path
) -> None:
    oxigraph_server.clear()
    (tmp_path / "article.txt").write_text(f"Title: Shelling near Kalmar\nPublished: 2022-05-08\n\n{TEXT}\n")
    base = oxigraph_server.url.removesuffix("/query")
    result = kg("ingest", str(tmp_path / "article.txt"), "--store", base)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Ingested 1 articles into {base}:")
    graph = f"https://w3id.org/conflict-kg/graph/article/{article_id(TEXT)}"
    answer = httpx.post(oxigraph_server.url, data={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.json()["boolean"] is True


@pytest.mark.parametrize(("count", "shown"), [
    (0, "0 bytes"), (999, "999 bytes"), (1000, "1.0 kB"), (287_800, "287.8 kB"), (1_234_567, "1.2 MB"),
    (5 * 10**9, "5.0 GB"),
])
def test_export_sizes_read_as_people_write_them(count: int, shown: str) -> None:
    assert _size(count) == shown


def test_a_server_file_naming_a_live_process_with_no_server_is_passed_by(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # This test's own process is alive, but nothing listens at the URL: as after a crash and a reused id.
    serverfile.announce(data, f"http://127.0.0.1:{port}", "t")
    result = kg("query", "ASK { ?s ?p ?o }", data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "false"


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the REST fixture (two articles on the Red Hand Brigade)."""
    settings = Settings(data=tmp_path_factory.mktemp("cli-read") / "store", store=None)
    load_fixture(settings)
    return Path(settings.data)


def test_relations_lists_each_related_actor_as_text_and_json(fixture_data: Path) -> None:
    shown = kg("relations", "Red Hand", data=fixture_data)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Red Hand Brigade (ArmedGroup): 2 related actors"
    assert any(line.startswith("  supports incoming Kesh Republic") for line in lines)
    answer = json.loads(kg("relations", "rhb", "--json", "--evidence", "1", data=fixture_data).stdout)
    assert answer["total"] == 2
    assert {(r["actor"]["id"], r["type"], r["direction"], r["articles"]) for r in answer["relations"]} == {
        ("kesh-republic", "supports", "incoming", 2),
        ("valorian-army", "opposes", "mutual", 1),
    }
    assert all(len(r["evidence"]) == 1 for r in answer["relations"])
    second = kg("relations", "rhb", "--json", "--limit", "1", "--offset", "1", data=fixture_data)
    paged = json.loads(second.stdout)
    assert [r["actor"]["id"] for r in paged["relations"]] == [answer["relations"][1]["actor"]["id"]]


def test_actor_shows_names_and_newest_articles(fixture_data: Path) -> None:
    shown = kg("actor", "r.h.b.", data=fixture_data)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Red Hand Brigade (ArmedGroup) red-hand-brigade\n")
    assert "named in 2 articles" in shown.stdout
    answer = json.loads(kg("actor", "red-hand-brigade", "--json", data=fixture_data).stdout)
    assert answer["article_count"] == 2 and answer["wikidata"] == "Q999999001"


@pytest.mark.parametrize("args", [("actor", "nobody"), ("relations", "nobody"),
                                  ("relations", "rhb", "--limit", "0")])
def test_read_commands_fail_in_one_line(fixture_data: Path, args: tuple[str, ...]) -> None:
    assert_one_line_error(kg(*args, data=fixture_data))
