"""Parse-checking a big N-Triples or N-Quads file on every core.

Line-based RDF never continues a statement over a newline, so the file can be cut at line ends into
parts that parse on their own; each part is read and parsed in a worker process. The module imports
nothing but pyoxigraph, so the workers (started fresh, not forked from a process holding an open store)
are ready in a few tens of milliseconds.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

__all__ = ["LINE_FORMATS", "PART_BYTES", "count_quads"]

LINE_FORMATS = frozenset({ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS})
"""Formats whose statements never span a line end."""
PART_BYTES = 48 * 1024 * 1024
"""Bytes one worker reads and parses at a time: files smaller than two parts parse in one piece."""

_LINE = re.compile(r"\bline (\d+)")


def count_quads(path: Path, fmt: ox.RdfFormat, workers: int | None = None) -> int:
    """How many quads the line-based file `path` holds, parsing all of it.

    Raises SyntaxError as a plain parse of the whole file would, with its line number counted from the
    start of the file; the first bad part in file order is the one reported.
    """
    if fmt not in LINE_FORMATS:
        raise ValueError(f"{fmt} is not a line-based RDF format")
    cuts = _cuts(path)
    if len(cuts) <= 2:
        return sum(1 for _ in ox.parse(path=path, format=fmt))
    ranges = list(zip(cuts, cuts[1:], strict=False))
    jobs = min(len(ranges), workers or os.cpu_count() or 1)
    parts = len(ranges)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_count_part, [str(path)] * parts, ranges, [fmt.file_extension] * parts))
    for (start, _end), (_count, error) in zip(ranges, results, strict=True):
        if error is not None:
            raise SyntaxError(_shift_lines(error, _lines_before(path, start)))
    return sum(count for count, _error in results)


def _cuts(path: Path) -> list[int]:
    """Byte offsets that cut `path` into parts of about PART_BYTES, each cut just after a line end."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as handle:
        while cuts[-1] + 2 * PART_BYTES <= size:
            handle.seek(cuts[-1] + PART_BYTES)
            handle.readline()
            cuts.append(handle.tell())
    if cuts[-1] < size:
        cuts.append(size)
    return cuts


def _count_part(path: str, span: tuple[int, int], extension: str) -> tuple[int, str | None]:
    """Quads in bytes [start, end) of `path`, or the parse error's message (its line counted in the part)."""
    start, end = span
    fmt = ox.RdfFormat.from_extension(extension)
    assert fmt is not None
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    try:
        return sum(1 for _ in ox.parse(input=data, format=fmt)), None
    except SyntaxError as exc:
        return 0, str(exc)


def _shift_lines(message: str, lines: int) -> str:
    """`message` with each "line N" in it moved on by `lines`."""
    return _LINE.sub(lambda match: f"line {int(match.group(1)) + lines}", message)


def _lines_before(path: Path, offset: int) -> int:
    """Line ends in the first `offset` bytes of `path`."""
    lines = 0
    with path.open("rb") as handle:
        while offset > 0:
            block = handle.read(min(offset, 1 << 24))
            if not block:
                break
            lines += block.count(b"\n")
            offset -= len(block)
    return lines
