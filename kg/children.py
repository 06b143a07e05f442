"""Worker processes that Ctrl-C in a terminal does not reach: their parent stops them itself.

Ctrl-C sends SIGINT to every process of the terminal's foreground group, the server's query and
extraction workers included; a worker still importing its modules would die with a traceback. A
signal blocked when a process starts stays blocked in it (the mask survives fork and exec), so the
workers are started with SIGINT blocked, in whichever thread starts them.
"""

from __future__ import annotations

import signal
from multiprocessing.process import BaseProcess

__all__ = ["start_deaf_to_ctrl_c"]


def start_deaf_to_ctrl_c(process: BaseProcess) -> None:
    """Start `process` with SIGINT blocked in it for its whole life."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
