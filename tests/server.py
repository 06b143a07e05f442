"""Test helpers: a real uvicorn serving the app on a free loopback port, and the fixture dataset."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from kg import events, index
from kg.settings import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "data" / "fixture.trig"
"""Two fictional articles and a background graph, in the shape kg/rdf/convert.py writes."""


def load_fixture(settings: Settings) -> int:
    """Load the fixture dataset into the store of `settings` (which must not be open elsewhere) and
    build its entity index and events graph, as `kg load` does; returns the quads of the file."""
    store = open_store(settings)
    try:
        quads = store.load(FIXTURE)
        index.rebuild(store)
        events.rebuild(store)
        return quads
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def interruptible() -> None:
    """Run in a child process before its command: SIGINT back to its default, as a terminal's foreground
    job has it. Tests started in the background by a non-interactive shell inherit SIGINT ignored, and a
    Python process that starts so never turns Ctrl-C into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env_value(value: Any) -> str:
    return json.dumps(value) if isinstance(value, list) else str(value)


class LiveServer:
    """`uvicorn --factory api.app:create_app` in a subprocess, configured through KG_* variables."""

    def __init__(self, data: Path, **settings: Any) -> None:
        self.data = data
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data.parent / f"uvicorn-{self.port}.log"

    def start(self, timeout: float = 60.0) -> LiveServer:
        """Start the server and return once GET /health answers 200."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env["KG_DATA"] = str(self.data)
        env.update({f"KG_{key.upper()}": _env_value(value) for key, value in self.settings.items()})
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"uvicorn did not answer within {timeout} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers) and wait for it to exit."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class KgServe:
    """`kg serve --port 0` over a data folder, in its own process group as a terminal would run it.

    It is ready once the server file it writes into the folder names a URL that answers GET /health.
    """

    def __init__(self, data: Path, **settings: Any) -> None:
        self.data = data
        self.settings = settings
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data.parent / f"kg-serve-{data.name}.log"

    def start(self, timeout: float = 60.0) -> KgServe:
        from kg import serverfile

        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env.update({f"KG_{key.upper()}": _env_value(value) for key, value in self.settings.items()})
        command = [sys.executable, "-m", "kg.cli", "serve", "--data", str(self.data), "--port", "0"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=interruptible,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            running = serverfile.find(self.data)
            if running is not None:
                try:
                    if httpx.get(running.url + "/health", timeout=2).status_code == 200:
                        self.url = running.url
                        return self
                except httpx.TransportError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kg serve did not answer within {timeout} s:\n{self.log.read_text()}")

    def interrupt(self, timeout: float = 30.0) -> int:
        """Ctrl-C as a terminal sends it (SIGINT to the whole process group); the exit status."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGINT)
        status = self.process.wait(timeout=timeout)
        self.process = None
        return status

    def stop(self) -> None:
        """Stop the server (SIGTERM to its group, then SIGKILL if it lingers)."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> KgServe:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Listener:
    """A loopback TCP socket that counts the connections made to it (what must never be reached)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()
