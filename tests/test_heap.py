"""Start-up objects frozen out of the collector's passes."""

from __future__ import annotations

import gc
import weakref


class _Loop:
    def __init__(self) -> None:
        self.me = self


def test_freeze_loaded_takes_live_objects_out_of_the_passes_and_collects_garbage_first() -> None:
    kept: list[object] = [[], {}]
    loop = _Loop()
    gone = weakref.ref(loop)
    del loop  # garbage only the collector can free
    from kg.heap import freeze_loaded

    try:
        freeze_loaded()
        assert gone() is None  # collected, not frozen for good
        assert gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}
        assert id(kept) not in tracked and id(kept[0]) not in tracked
        after: list[object] = []
        assert id(after) in {id(o) for o in gc.get_objects()}  # what comes later is collected as usual
    finally:
        gc.unfreeze()
