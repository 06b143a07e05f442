"""The server file: written whole and private, found while its process lives, removed by its owner only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kg import serverfile


def test_announce_then_find_then_withdraw(tmp_path: Path) -> None:
    token = serverfile.new_token()
    path = serverfile.announce(tmp_path, "http://127.0.0.1:8123", token)
    assert path == tmp_path / serverfile.FILE_NAME
    assert path.stat().st_mode & 0o777 == 0o600
    assert serverfile.find(tmp_path) == serverfile.RunningServer("http://127.0.0.1:8123", os.getpid(), token)
    assert [p.name for p in tmp_path.iterdir()] == [serverfile.FILE_NAME]  # no temporary file left
    serverfile.withdraw(tmp_path, token)
    assert serverfile.find(tmp_path) is None and not path.exists()


def test_tokens_differ_from_run_to_run() -> None:
    assert len({serverfile.new_token() for _ in range(20)}) == 20


def test_another_servers_file_is_not_withdrawn(tmp_path: Path) -> None:
    serverfile.announce(tmp_path, "http://127.0.0.1:8123", "theirs")
    serverfile.withdraw(tmp_path, "mine")
    assert (tmp_path / serverfile.FILE_NAME).exists()


def test_the_file_of_a_dead_process_is_stale_and_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    record = {"url": "http://127.0.0.1:9", "pid": int(dead.stdout), "token": "t"}
    (tmp_path / serverfile.FILE_NAME).write_text(json.dumps(record))
    assert serverfile.find(tmp_path) is None
    assert not (tmp_path / serverfile.FILE_NAME).exists()


def test_no_file_or_an_unreadable_one_means_no_server(tmp_path: Path) -> None:
    assert serverfile.find(tmp_path) is None
    assert serverfile.find(tmp_path / "missing") is None
    (tmp_path / serverfile.FILE_NAME).write_text("{not json")
    assert serverfile.find(tmp_path) is None
