"""Starting and stopping the HTTP services a benchmark talks to, on loopback ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERY_TIMEOUT = 10.0
"""Seconds the services under test give one query: a route slower than that is reported as failing."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Service:
    """A running server process and where it answers."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def tail(self, lines: int = 20) -> str:
        """The last lines the process wrote, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def wait_until_up(service: Service, probe: str, timeout: float) -> None:
    """Poll `probe` until it answers 2xx; RuntimeError when the process dies or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.url} exited with {service.process.returncode}:\n{service.tail()}")
        try:
            if httpx.get(service.url + probe, timeout=2.0).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{service.url}{probe} did not answer within {timeout:.0f} s:\n{service.tail()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the process group to stop, then kill it if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def running(command: Sequence[str], port: int, log: Path, *, probe: str, env: Mapping[str, str] | None = None,
            timeout: float = 120.0) -> Iterator[Service]:
    """Run `command` (which listens on `port`) until the block ends; yields once `probe` answers."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(list(command), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
    service = Service(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_up(service, probe, timeout)
        yield service
    finally:
        stop(process)


def kg_serve(data: Path, port: int, log: Path, workers: int = 1,
             env: Mapping[str, str] | None = None) -> AbstractContextManager[Service]:
    """`kg serve` on `data`; with several workers, uvicorn's own process manager over the app factory."""
    if workers == 1:
        command = [str(BIN / "kg"), "serve", "--data", str(data), "--host", "127.0.0.1", "--port", str(port)]
    else:
        command = [str(BIN / "uvicorn"), "--factory", "api.app:create_app", "--host", "127.0.0.1",
                   "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    settings = {"KG_DATA": str(data), "KG_QUERY_TIMEOUT": str(QUERY_TIMEOUT), **(env or {})}
    return running(command, port, log, probe="/health", env=settings)


def peer_serve(nquads: Path, port: int, log: Path, timeout: float) -> AbstractContextManager[Service]:
    """rdflib-endpoint over `nquads` (see bench.peer); `timeout` bounds the load."""
    command = [sys.executable, "-m", "bench.peer", str(nquads), "--port", str(port)]
    return running(command, port, log, probe="/sparql?query=ASK%7B%7D", timeout=timeout)
