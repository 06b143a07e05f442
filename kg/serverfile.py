"""The file by which a running `kg serve` tells the other `kg` commands where it listens.

The embedded store is a RocksDB folder that one process at a time may open. While `kg serve` holds a
data folder, the other commands go through the server's HTTP API instead, and they find the server by
this file in that folder. It names the server's URL and process, and a token made for this run that
lets commands on the same machine do what only the store's owner may (load files from disk, rebuild
the entity index). Choices a caller should know:

- The file is readable by its owner only (mode 0600), like the data folder it sits in.
- The server removes it when it stops cleanly; a file whose process is gone (a crash, SIGKILL) is
  stale and `find` deletes it.
- It is written whole under a temporary name and renamed, so a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FILE_NAME", "RunningServer", "announce", "find", "new_token", "withdraw"]

FILE_NAME = "server.json"
"""Name of the file in the data folder."""


@dataclass(frozen=True)
class RunningServer:
    """A `kg serve` that holds a data folder: its base URL, process id and per-run local token."""

    url: str
    pid: int
    token: str


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(32)


def announce(data: Path, url: str, token: str) -> Path:
    """Record in `data` that this process serves it at `url` with `token`; returns the file's path."""
    path = Path(data) / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    record = {"url": url, "pid": os.getpid(), "token": token}
    # O_EXCL with mode 0600: the token is never readable by others, not even for a moment.
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(record, out)
    os.replace(temporary, path)
    return path


def find(data: Path) -> RunningServer | None:
    """The server that holds `data`, or None when none does (a stale file is removed)."""
    path = Path(data) / FILE_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        server = RunningServer(url=str(record["url"]), pid=int(record["pid"]), token=str(record["token"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or half-written by an older version: no server can be reached by it
    if not _alive(server.pid):
        path.unlink(missing_ok=True)
        return None
    return server


def withdraw(data: Path, token: str) -> None:
    """Remove the file of `data` if it is the one this run wrote (another server may have replaced it)."""
    path = Path(data) / FILE_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(record, dict) and record.get("token") == token:
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
