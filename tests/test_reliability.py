"""Reliability: a killed ingest, concurrent writers and readers, runaway queries, guarded updates.

Every test runs real processes on loopback ports and is bounded in time.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from server import ROOT, LiveServer, free_port, load_fixture

from kg.articles import iter_articles
from kg.ingest import ingest_articles
from kg.rdf import iris
from kg.settings import Settings
from kg.store import Store, open_store

BIN = Path(sys.executable).parent
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A four-way cartesian product of the whole dataset: it never ends on its own."""
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""The same product behind an aggregate, which yields no row until the product is done."""

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_NAMES = ("Varosh", "Kelden", "Amrit", "Tolvane", "Suderi", "Marak", "Ivenko", "Dastan", "Orlec", "Brisa")


def small_article(n: int) -> str:
    """A short, distinct news-like text about made-up parties and places."""
    a, b, c = _NAMES[n % 10], _NAMES[(n // 10) % 10], _NAMES[(n * 7 + 3) % 10]
    return (f"Fighters of the {a} Liberation Front attacked army positions near {b}ville on Monday, "
            f"officials in {c}stan said. The {c}stan army said it repelled the assault and shelled "
            f"{a} Front positions in the hills. Report number {n}.")


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:04d}.txt"
        path.write_text(small_article(n), encoding="utf-8")
        paths.append(path)
    return paths


def graph_lines(store: Store, graph: str) -> set[str]:
    """The triples of one named graph, as canonical N-Triples lines."""
    return {line for line in store.dump("ntriples", graph).decode().splitlines() if line.strip()}


def article_graphs(store: Store) -> list[str]:
    return [g for g in store.graphs() if "/graph/article/" in g]


# -- a killed ingest ---------------------------------------------------------------------------------

def test_kill_9_during_ingest_leaves_each_article_graph_whole_or_absent(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 240)
    data = tmp_path / "killed"
    env = {**os.environ, "KG_BATCH_SIZE": "4"}
    env.pop("KG_STORE", None)
    # stderr on a terminal makes `kg ingest` draw its progress bar, which tells what is committed.
    parent, child = pty.openpty()
    # tqdm draws nothing on a terminal zero columns wide.
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen([str(BIN / "kg"), "ingest", str(folder), "--data", str(data)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=child)
    os.close(child)
    seen = b""
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([parent], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(parent, 4096)
                except OSError:
                    break
                done = [int(n) for n in re.findall(rb"(\d+)/240", seen)]
                if done and max(done) >= 12:
                    break
        assert process.poll() is None, f"the ingest ended before it could be killed: {seen[-300:]!r}"
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(parent)

    articles = list(iter_articles([folder]))
    with open_store(Settings(data=data, store=None)) as killed:
        present = article_graphs(killed)
        assert 0 < len(present) < len(articles), f"{len(present)} of {len(articles)} graphs present"
        clean_settings = Settings(data=tmp_path / "clean", store=None)
        with open_store(clean_settings) as clean:
            by_graph = {r.graph: r for r in ingest_articles(clean, articles, batch_size=4)}
            for graph in present:
                assert graph in by_graph, f"unknown graph after the kill: {graph}"
                assert graph_lines(killed, graph) == graph_lines(clean, graph), f"{graph} is not whole"
        # The store still takes writes after the crash.
        rest = [a for a in articles if str(iris.article_graph(a.id)) not in present][:2]
        written = list(ingest_articles(killed, rest))
        assert len(written) == len(rest)


# -- concurrent writers and readers ------------------------------------------------------------------

@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "store", query_timeout=30) as server:
        yield server


def test_concurrent_ingest_and_queries_lose_and_duplicate_nothing(empty_server: LiveServer) -> None:
    texts = [small_article(n) for n in range(1000, 1024)]
    posted: list[str] = []
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def writer(chunk: list[str]) -> None:
        with httpx.Client(base_url=empty_server.url, timeout=60) as client:
            for text in chunk:
                # Each text twice: posting again must replace, never duplicate.
                for _ in range(2):
                    r = client.post("/articles", json={"text": text, "published": "2021-03-04"})
                    if r.status_code != 201:
                        failures.append(f"POST /articles -> {r.status_code} {r.text[:200]}")
                    else:
                        with lock:
                            posted.append(r.json()["id"])

    def reader() -> None:
        with httpx.Client(base_url=empty_server.url, timeout=60) as client:
            while not stop.is_set():
                for r in (client.get("/articles"), client.get("/health"),
                          client.get("/sparql", params={"query": COUNT_ALL})):
                    if r.status_code != 200:
                        failures.append(f"{r.request.url.path} -> {r.status_code} {r.text[:200]}")

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(writer, [texts[i::3] for i in range(3)], timeout=120))
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=30)
    assert not failures, failures[:5]

    ids = set(posted)
    assert len(ids) == len(texts)
    listed = [a["id"] for a in httpx.get(empty_server.url + "/articles", timeout=30).json()["articles"]]
    assert Counter(listed) == Counter(ids)
    per_graph = httpx.get(empty_server.url + "/sparql", timeout=30, params={"query": (
        "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> "
        "SELECT ?g (COUNT(?doc) AS ?n) WHERE { GRAPH ?g { ?doc a conf:Article } } GROUP BY ?g")},
        headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert len(per_graph) == len(texts)
    assert {row["n"]["value"] for row in per_graph} == {"1"}


# -- runaway queries ---------------------------------------------------------------------------------

@pytest.fixture
def fixture_server(tmp_path: Path) -> Iterator[LiveServer]:
    data = tmp_path / "store"
    load_fixture(Settings(data=data, store=None))
    with LiveServer(data, query_timeout=2) as server:
        yield server


def _timed_get(url: str, path: str, **params: str) -> tuple[int, float]:
    start = time.perf_counter()
    r = httpx.get(url + path, params=params, timeout=10)
    return r.status_code, time.perf_counter() - start


def _cpu_seconds(pid: int) -> float:
    """CPU seconds used by the process `pid` and every process below it (the query workers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # it ended meanwhile
        return 0.0
    used = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        used += sum(_cpu_seconds(int(child)) for child in children)
    return used


def _runaway(url: str, query: str = RUNAWAY) -> httpx.Response:
    return httpx.post(url + "/sparql", data={"query": query}, timeout=30,
                      headers={"Accept": "application/sparql-results+json"})


def test_runaway_query_ends_at_the_timeout_while_other_routes_answer(fixture_server: LiveServer) -> None:
    url = fixture_server.url
    with ThreadPoolExecutor(1) as pool:
        start = time.perf_counter()
        runaway = pool.submit(_runaway, url)
        slowest = 0.0
        while not runaway.done() and time.perf_counter() - start < 20:
            for path, params in (("/health", {}), ("/actors", {"q": "a"}), ("/articles", {})):
                status, seconds = _timed_get(url, path, **params)
                assert status == 200, path
                slowest = max(slowest, seconds)
            time.sleep(0.1)
        response = runaway.result(timeout=20)
        elapsed = time.perf_counter() - start
    assert slowest < 1.0, f"a route took {slowest:.2f} s while the runaway query ran"
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["status"] == 503 and error["type"] == "QueryTimeout" and error["message"]
    assert 1.5 < elapsed < 6, f"the runaway query answered after {elapsed:.1f} s (timeout 2 s)"


@pytest.mark.parametrize("query", [RUNAWAY, RUNAWAY_COUNT], ids=["rows", "aggregate"])
def test_runaway_query_stops_using_the_cpu_after_its_timeout(fixture_server: LiveServer, query: str) -> None:
    assert fixture_server.process is not None
    response = _runaway(fixture_server.url, query)
    assert response.status_code == 503
    time.sleep(1.0)
    before = _cpu_seconds(fixture_server.process.pid)
    time.sleep(2.0)
    used = _cpu_seconds(fixture_server.process.pid) - before
    assert used < 0.5, f"the server used {used:.1f} s of CPU in the 2 s after the query timed out"


@pytest.mark.parametrize("query", [RUNAWAY, RUNAWAY_COUNT], ids=["rows", "aggregate"])
def test_repeated_runaway_queries_do_not_starve_other_routes(fixture_server: LiveServer, query: str) -> None:
    url = fixture_server.url
    for _ in range(5):
        assert _runaway(url, query).status_code == 503
    status, seconds = _timed_get(url, "/health")
    assert status == 200 and seconds < 1.0, f"/health answered {status} after {seconds:.1f} s"
    status, seconds = _timed_get(url, "/actors", q="a")
    assert status == 200 and seconds < 1.0, f"/actors answered {status} after {seconds:.1f} s"


# -- guarded updates ---------------------------------------------------------------------------------

INSERT = ("INSERT DATA { GRAPH <https://w3id.org/conflict-kg/graph/test> { "
          "<https://w3id.org/conflict-kg/id/actor/zz-update-test> "
          "<http://www.w3.org/2000/01/rdf-schema#label> \"Update test\" } }")
ASK = "ASK { <https://w3id.org/conflict-kg/id/actor/zz-update-test> ?p ?o }"


def _asked(client: httpx.Client) -> bool:
    r = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    answer: bool = r.json()["boolean"]
    return answer


def test_updates_need_the_token_and_are_logged(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["KG_UPDATE_TOKEN"] = "s3cret-token"
    with log.open("wb") as out:
        command = [str(BIN / "kg"), "serve", "--data", str(tmp_path / "store"), "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "kg serve did not start"
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=30) as client:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"}):
                r = client.post("/sparql", data={"update": INSERT}, headers=headers)
                assert r.status_code in (401, 403), r.text
                assert r.json()["error"]["status"] == r.status_code
            r = client.post("/sparql", content=INSERT, headers={"Content-Type": "application/sparql-update"})
            assert r.status_code in (401, 403)
            assert not _asked(client)

            r = client.post("/sparql", data={"update": INSERT},
                            headers={"Authorization": "Bearer s3cret-token"})
            assert r.status_code in (200, 204), r.text
            assert _asked(client)
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert "zz-update-test" in log.read_text(errors="replace"), "the applied update was not logged"
