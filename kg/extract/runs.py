"""Runs of symbols and overlong chunks, blanked before the tokenizer sees them.

No news article holds twenty quote marks in a row, a wall of emoji, or a 500-character word, but a
posted text can, and each costs the pipeline: spaCy's tokenizer peels prefixes and suffixes off a
whitespace-delimited chunk one at a time (quadratic in the chunk: 20,000 quote marks took over a
minute), and every symbol becomes a token the parser and the rules walk over. So, before parsing:
- a run of one repeated non-alphanumeric character keeps its first MAX_REPEAT characters;
- a run of symbols (emoji, pictographs, math and currency signs, mixed) keeps its first MAX_SYMBOLS;
- what is left of a chunk without white space gets a space every MAX_CHUNK characters.
Each removed character becomes a space rather than being cut, so offsets into the article text stay
valid; the article text itself is stored as it was sent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["MAX_CHUNK", "MAX_REPEAT", "MAX_SYMBOLS", "break_long_runs"]

MAX_REPEAT = 3
"""Most copies of one punctuation or symbol character in a row that are kept ("..." , "!!!")."""
MAX_SYMBOLS = 8
"""Most symbol characters in a row that are kept."""
MAX_CHUNK = 64
"""Longest stretch without white space the tokenizer is given (URLs and words are shorter)."""

_REPEATED = re.compile(rf"([^\w\s])\1{{{MAX_REPEAT},}}")
_SYMBOL_RUN = re.compile(rf"[^\w\s\"'()\[\]{{}}.,;:!?&%/\\@#*+=<>|~^`$-]{{{MAX_SYMBOLS + 1},}}")
_LONG_RUN = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")


def _keep(count: int) -> Callable[[re.Match[str]], str]:
    def kept(match: re.Match[str]) -> str:
        run = match.group()
        return run[:count] + " " * (len(run) - count)

    return kept


def _symbols_only(match: re.Match[str]) -> str:
    run = match.group()
    if not all(unicodedata.category(c)[0] in "SPC" for c in run):
        return run  # letters of a script \w does not know: not a symbol run
    return run[:MAX_SYMBOLS] + " " * (len(run) - MAX_SYMBOLS)


def _broken(match: re.Match[str]) -> str:
    run = list(match.group())
    for i in range(MAX_CHUNK, len(run), MAX_CHUNK + 1):
        run[i] = " "
    return "".join(run)


def break_long_runs(text: str) -> str:
    """`text`, the same length, with symbol runs blanked and overlong chunks broken (see above)."""
    text = _REPEATED.sub(_keep(MAX_REPEAT), text)
    text = _SYMBOL_RUN.sub(_symbols_only, text)
    return _LONG_RUN.sub(_broken, text)
