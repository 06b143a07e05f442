"""Start-up objects frozen out of the collector's passes."""

from __future__ import annotations

import gc
import weakref


class _Loop:
    def __init__(self) -> None:
        self.me = self


def test_freeze_loaded_collects_garbage_takes_live_objects_out_of_the_passes_and_spaces_them() -> None:
    kept: list[object] = [[], {}]
    loop = _Loop()
    gone = weakref.ref(loop)
    del loop  # garbage only the collector can free
    from kg.heap import freeze_loaded

    threshold = gc.get_threshold()
    try:
        freeze_loaded()
        assert gone() is None  # collected, not frozen for good
        assert gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}
        assert id(kept) not in tracked and id(kept[0]) not in tracked
        after: list[object] = []
        assert id(after) in {id(o) for o in gc.get_objects()}  # what comes later is collected as usual
        assert gc.get_threshold() == threshold  # a service's passes come as often as before
        freeze_loaded(young=threshold[0] + 5_000)
        assert gc.get_threshold() == (threshold[0] + 5_000, *threshold[1:])
        freeze_loaded(young=1)  # never more often than they came
        assert gc.get_threshold() == (threshold[0] + 5_000, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
