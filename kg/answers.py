"""A user query's answer written to a file in the syntax the client asked for, rows checked against a cap.

The SPARQL endpoint sends answers from such a file: an answer of any size streams to the client
without sitting in memory, and writing it counts against the query's time limit (the sandbox worker
that evaluates the query writes the file before its time is up). pyoxigraph writes the file itself
(its serializers stream); only JSON-LD, which the project writes compacted with its prefixes, is made
in memory, by rdflib.

Choices a caller should know:
- `media` maps each kind of answer ("select" for SELECT and ASK, "graph" for CONSTRUCT and DESCRIBE)
  to the media type to write it in; None for a kind the client cannot take: the answer then says its
  kind and has no file, and the caller refuses it in its own words.
- A SELECT with more rows than `max_rows` raises TooManyRows: the client sees an error, never a cut
  answer. Counting reads the written answer back only up to the cap.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

__all__ = ["JSONLD", "FileAnswer", "TooManyRows", "kind_of", "write_answer"]

JSONLD = "application/ld+json"
"""The one graph syntax made in memory (compacted with the project's prefixes)."""


class TooManyRows(Exception):
    """The SELECT has more rows than the configured cap."""


@dataclass(frozen=True)
class FileAnswer:
    """An answer written to `path` in `media_type`; `path` is None when no media type fits its kind."""

    kind: str
    """"select", "ask" or "graph"."""
    path: Path | None
    media_type: str | None


def kind_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> str:
    """The kind of a pyoxigraph query result: "select", "ask" or "graph"."""
    if isinstance(result, ox.QueryTriples):
        return "graph"
    return "ask" if isinstance(result, ox.QueryBoolean) else "select"


def write_answer(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    media: Mapping[str, str | None],
    path: Path,
    max_rows: int | None = None,
) -> FileAnswer:
    """Write `result` to `path` in the media type `media` gives its kind; TooManyRows past `max_rows`."""
    kind = kind_of(result)
    wanted = media.get("graph" if kind == "graph" else "select")
    if wanted is None:
        return FileAnswer(kind, None, None)
    if isinstance(result, ox.QueryTriples):
        if wanted == JSONLD:
            # Imported here: the store module (and rdflib) load in a query worker only when needed.
            from kg.store import QueryResult

            triples = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
            path.write_bytes(QueryResult("graph", triples).serialize(JSONLD))
            return FileAnswer(kind, path, wanted)
        written = ox.RdfFormat.from_media_type(wanted)
        if written is None:
            raise ValueError(f"cannot write a graph as {wanted}")
        result.serialize(output=str(path), format=written)
        return FileAnswer(kind, path, wanted)
    target = ox.QueryResultsFormat.from_media_type(wanted)
    if target is None:
        raise ValueError(f"cannot write results as {wanted}")
    if isinstance(result, ox.QueryBoolean) or max_rows is None:
        result.serialize(output=str(path), format=target)
        return FileAnswer(kind, path, wanted)
    # Rows are counted in the JSON pyoxigraph wrote, reading no further than the cap, then converted.
    as_json = path.with_suffix(".srj")
    result.serialize(output=str(as_json), format=ox.QueryResultsFormat.JSON)
    try:
        solutions = ox.parse_query_results(path=str(as_json), format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        for count, _ in enumerate(solutions, 1):
            if count > max_rows:
                raise TooManyRows(
                    f"The answer has more than {max_rows} rows, the most this service sends "
                    "(KG_MAX_ROWS): narrow the query, or page through it with LIMIT and OFFSET."
                )
        if target == ox.QueryResultsFormat.JSON:
            os.replace(as_json, path)
        else:
            parsed = ox.parse_query_results(path=str(as_json), format=ox.QueryResultsFormat.JSON)
            parsed.serialize(output=str(path), format=target)
    finally:
        as_json.unlink(missing_ok=True)
    return FileAnswer(kind, path, wanted)
