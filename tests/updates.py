"""Running a SPARQL update through `index.update` with the rebuilds refused: the derived graphs must
follow it by patches alone."""

from __future__ import annotations

import pytest

from kg import events, index
from kg.store import Store


def _refuse(store: Store, bulk: bool = False) -> int:
    raise AssertionError("rebuilt")


def update_by_patches(monkeypatch: pytest.MonkeyPatch, store: Store, update: str) -> None:
    """Run `update` on `store`; AssertionError if it rebuilt the index or the events."""
    with monkeypatch.context() as patched:
        patched.setattr(index, "rebuild", _refuse)
        patched.setattr(events, "rebuild", _refuse)
        index.update(store, update)
