"""What a long-running process loaded at start-up, kept out of the garbage collector's full passes."""

from __future__ import annotations

import gc

__all__ = ["WRITER_YOUNG_THRESHOLD", "freeze_loaded"]

WRITER_YOUNG_THRESHOLD = 10_000
"""Allocations of tracked objects between two passes over the youngest generation for a process that
writes batches of articles (Python's default is 700). Each pass that goes on to an older generation walks
more objects: with the default, a 200-article ingest with 2 workers set off about 1,250 young passes, 113
middle and 10 full ones, 0.34-0.54 s of the writing process's CPU in all; with this threshold 57 and 5
and no full pass, 0.12-0.16 s (three runs each, start-up frozen in both).

Not for `kg serve`, where no gain showed: the bench's worst query against its floor was 0.86x and 1.08x
without it, 1.22x and 1.43x with it; the slowest REST median 17.0 and 24.9 ms without, 22.5 and 15.9 ms
with (two runs each, as noisy as that)."""


def freeze_loaded(young: int | None = None) -> None:
    """Collect, then exempt every object alive now (the modules, the loaded tables and models, the app)
    from the collector's passes: they live as long as the process, and a full pass walks every tracked
    object. With `young`, at least that many allocations come between two young passes. Call once
    start-up is over, before the work begins.

    The modules of `kg ingest` hold about 105,000 tracked objects. In a 200-article ingest with 2 workers
    the collector took 1.26-1.37 s of the writing process's CPU unfrozen, most of it in ten full passes;
    frozen, 0.52-0.57 s.
    In `kg serve` a full pass over its 140,000 objects cost 65 ms, charged to whichever request set it off.
    """
    gc.collect()
    gc.freeze()
    first, *older = gc.get_threshold()
    if young is not None and first < young:
        gc.set_threshold(young, *older)
