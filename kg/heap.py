"""What a long-running process loaded at start-up, kept out of the garbage collector's full passes."""

from __future__ import annotations

import gc

__all__ = ["freeze_loaded"]


def freeze_loaded() -> None:
    """Collect, then exempt every object alive now (the modules, the loaded tables and models, the app)
    from the collector's passes: they live as long as the process, and a full pass walks every tracked
    object. Call once start-up is over, before the work begins.

    The modules of `kg ingest` hold about 105,000 tracked objects. In a 200-article ingest with 2 workers
    the collector took 1.26-1.37 s of the writing process's CPU unfrozen, most of it in ten full passes;
    frozen, 0.52-0.57 s.
    In `kg serve` a full pass over its 140,000 objects cost 65 ms, charged to whichever request set it off.
    """
    gc.collect()
    gc.freeze()
