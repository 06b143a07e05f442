"""Every command of README.md's code blocks, run as written beside a running `kg serve`.

The `.venv/bin/kg` and `curl` lines of the `sh` blocks and the `sparql` blocks (through `kg query`) are
read from the README itself, so an example that stops working fails here. They run in a scratch folder
that links to `seeds/`, over the data folder the server holds; `localhost:8000` becomes the server's
own address, the only change made to them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server import ROOT, KgServe

from kg.articles import article_files

README = ROOT / "README.md"


def readme_blocks(language: str) -> list[str]:
    """The bodies of README.md's fenced code blocks in `language`."""
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def readme_commands() -> list[list[str]]:
    """The `.venv/bin/kg` and `curl` lines of the sh blocks, continuations joined, split as sh would."""
    commands = []
    for block in readme_blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and (words[0] == ".venv/bin/kg" or words[0] == "curl"):
                commands.append(words)
    return commands


def test_the_readme_has_the_commands_the_contract_names() -> None:
    named = {words[1] for words in readme_commands() if words[0] == ".venv/bin/kg"}
    assert {"ingest", "query", "export", "load", "reindex"} <= named
    assert readme_blocks("sparql")


@pytest.fixture(scope="module")
def beside_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KgServe, Path]]:
    """A running `kg serve` over an empty data folder, and a scratch folder to run commands in."""
    scratch = tmp_path_factory.mktemp("readme")
    (scratch / "seeds").symlink_to(ROOT / "seeds")
    with KgServe(scratch / "data") as server:
        yield server, scratch


def run(words: list[str], server: KgServe, scratch: Path) -> subprocess.CompletedProcess[str]:
    """One README command as written, with `kg` from this interpreter and the server's address."""
    address = server.url.removeprefix("http://")
    words = [word.replace("localhost:8000", address) for word in words]
    if words[0] == ".venv/bin/kg":
        words = [sys.executable, "-m", "kg.cli", *words[1:]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["KG_DATA"] = str(server.data)
    return subprocess.run(words, cwd=scratch, env=env, capture_output=True, text=True, timeout=600)


def test_every_readme_command_runs_beside_the_server(beside_server: tuple[KgServe, Path]) -> None:
    server, scratch = beside_server
    if shutil.which("curl") is None:
        pytest.fail("curl is needed to run the README's curl examples")
    seen: set[str] = set()
    for words in readme_commands():
        result = run(words, server, scratch)
        shown = shlex.join(words)
        assert result.returncode == 0, f"{shown}\n{result.stderr}"
        assert "Traceback" not in result.stderr, shown
        action = words[1] if words[0] == ".venv/bin/kg" else "curl " + ("POST" if "POST" in words else "GET")
        seen.add(action)
        health = httpx.get(server.url + "/health", timeout=30).json()
        if action == "ingest":
            seeds = len(list(article_files([scratch / words[2]])))
            assert health["articles"] == seeds, result.stdout
            assert f"(through kg serve at {server.url})" in result.stdout
        elif action == "query":
            rows = result.stdout.splitlines()[2:-1]
            assert rows, result.stdout
            assert len(rows) == len(set(rows)), f"the README query prints duplicate rows:\n{result.stdout}"
        elif action == "export":
            written = scratch / words[words.index("--out") + 1]
            assert written.stat().st_size > 1000
            assert result.stderr.startswith("Wrote every graph of") and written.name in result.stderr
        elif action == "load":
            assert result.stdout.startswith("Loaded ")
        elif action == "reindex":
            assert result.stdout.startswith("Rebuilt the entity index")
        elif action == "curl GET":
            assert json.loads(result.stdout)
        elif action == "curl POST":
            posted = json.loads(result.stdout)
            listed = httpx.get(server.url + "/articles", timeout=30).json()["articles"]
            assert posted["id"] in {a["id"] for a in listed}
    assert {"ingest", "query", "export", "load", "reindex", "curl GET", "curl POST"} <= seen


@pytest.mark.parametrize("sparql", readme_blocks("sparql"))
def test_every_readme_query_runs_beside_the_server(sparql: str, beside_server: tuple[KgServe, Path]) -> None:
    server, scratch = beside_server
    result = run([".venv/bin/kg", "query", sparql], server, scratch)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(("row)", "rows)"))
