"""Shared fixtures: settings over a temporary data folder, a fresh store per test, a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server import Listener

from kg.settings import Settings
from kg.store import Store, open_store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


class OxigraphServer:
    """`oxigraph serve` on a free loopback port, with the union of all graphs as default graph."""

    def __init__(self, binary: str, location: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.update_url = f"http://127.0.0.1:{self.port}/update"
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"oxigraph serve exited: {stderr.strip()}")
            try:
                httpx.get(self.url, params={"query": "ASK {}"}, timeout=1.0)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer in time")

    def clear(self) -> None:
        """Remove every graph, so that each test starts from an empty dataset."""
        httpx.post(self.update_url, data={"update": "DROP ALL"}, timeout=10.0).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
"""
"""A throwaway Virtuoso: its database in `dir`, SQL and HTTP on loopback only, no result row cap."""


class VirtuosoServer:
    """Virtuoso Open Source (Debian's `virtuoso-opensource`) in the foreground on free loopback ports.

    Its SPARQL endpoint is /sparql for queries and updates alike, over the union of all graphs; the
    anonymous SPARQL user may update once granted SPARQL_UPDATE (through `isql-vt`, as dba).
    """

    def __init__(self, binary: str, location: Path) -> None:
        self.sql_port, http_port = _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{http_port}/sparql"
        self.update_url = self.url
        ini = location / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=location, sql_port=self.sql_port, http_port=http_port))
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=location,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready(location / "virtuoso.log")
        self._sql('GRANT SPARQL_UPDATE TO "SPARQL"')
        self.own_graphs = self._graphs()
        """Virtuoso's system graphs (its RDF views, LDP, URIQA), which clear() leaves."""

    def _wait_until_ready(self, log: Path, seconds: float = 90.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
                raise RuntimeError(f"virtuoso-t exited: {tail.strip()}")
            try:
                httpx.post(self.url, data={"query": "ASK {}"}, timeout=1.0).raise_for_status()
                return
            except (httpx.TransportError, httpx.HTTPStatusError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("virtuoso-t did not answer in time")

    def _sql(self, statement: str) -> None:
        isql = shutil.which("isql-vt") or "isql-vt"
        subprocess.run([isql, str(self.sql_port), "dba", "dba", f"exec={statement};"],
                       check=True, capture_output=True, timeout=30)

    def _graphs(self) -> set[str]:
        answer = httpx.post(self.url, data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30.0)
        answer.raise_for_status()
        return {row["g"]["value"] for row in answer.json()["results"]["bindings"]}

    def clear(self) -> None:
        """Remove every graph but Virtuoso's own, so that each test starts from an empty dataset."""
        for graph in sorted(self._graphs() - self.own_graphs):
            update = f"DROP SILENT GRAPH <{graph}>"
            httpx.post(self.update_url, data={"update": update}, timeout=60.0).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso server for the session (cleared by each test that uses it); skipped only when
    Debian's virtuoso-opensource is not installed."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    server = VirtuosoServer(binary, tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One real Oxigraph SPARQL server for the session (cleared by each test that uses it)."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    server = OxigraphServer(binary, tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings over an empty temporary data folder and an embedded store."""
    return Settings(data=tmp_path / "data", store=None, query_timeout=10.0)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A fresh, empty embedded store."""
    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture
def remote_settings(oxigraph_server: OxigraphServer, settings: Settings) -> Settings:
    """Settings that point at the (emptied) Oxigraph server."""
    oxigraph_server.clear()
    return settings.model_copy(update={"store": oxigraph_server.url})


@pytest.fixture
def virtuoso_store(virtuoso_server: VirtuosoServer, settings: Settings) -> Iterator[Store]:
    """A remote store over the (emptied) Virtuoso server."""
    virtuoso_server.clear()
    opened = open_store(settings.model_copy(
        update={"store": virtuoso_server.url, "store_update": virtuoso_server.update_url}
    ))
    yield opened
    opened.close()


@pytest.fixture(params=["embedded", "remote"])
def any_store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    """A fresh, empty store of each backend: embedded Oxigraph, then a remote Oxigraph server."""
    if request.param == "remote":
        settings = request.getfixturevalue("remote_settings")
    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that counts connections: user SPARQL must never reach it."""
    opened = Listener()
    yield opened
    opened.close()
