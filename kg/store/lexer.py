"""The SPARQL lexer: finds the WHERE group of a query, past strings, IRIs and comments, to bind values;
and the whole token stream of a request, for reading its shape (kg/update_scope.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["Token", "tokens", "with_page", "with_table", "with_values"]

_TOKENS = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",  # long strings
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",  # short strings
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs
            r"#[^\n]*",  # comments
            r"[{}]",
            r"(?<![\w:?$])(?:WHERE|CONSTRUCT)(?![\w:])",
        ]
    ),
    re.IGNORECASE,
)


def with_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """`sparql` with an inline VALUES block of `bindings` opening its WHERE group.

    The SPARQL protocol has no bindings, so they travel as a VALUES block, joined first in the query's
    WHERE group (a FILTER or BIND there sees them, as with Oxigraph's substitutions). Terms are written
    by pyoxigraph's N-Triples serializer, so a value cannot escape its term. Strings, IRIs and comments
    are skipped while looking for the group; a query without one (DESCRIBE <x>) gets a trailing block.
    """
    return with_table(sparql, list(bindings), [tuple(bindings.values())])


def with_table(sparql: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """`sparql` with a VALUES block of several `rows` (pyoxigraph terms) for the variables `names`,
    placed as with_values places one row: the query is answered for each row."""
    table = " ".join(f"({' '.join(str(term) for term in row)})" for row in rows)
    block = f"VALUES ({' '.join(f'?{name}' for name in names)}) {{ {table} }}"
    where = _where_group(sparql)
    if where is None:
        return f"{sparql}\n{block}"
    return f"{sparql[:where]} {block} {sparql[where:]}"


def with_page(sparql: str, limit: int, offset: int = 0) -> str:
    """A SELECT cut to its solutions `offset` to `offset + limit`: SPARQL has no variable for these, so
    the two integers are written as solution modifiers after the query (which must not have its own)."""
    return f"{sparql}\nLIMIT {int(limit)} OFFSET {int(offset)}"


def _where_group(sparql: str) -> int | None:
    """Where the inside of the query's WHERE group begins; None for a query without one."""
    depth, top_groups, after_where, construct = 0, 0, False, False
    for match in _TOKENS.finditer(sparql):
        token = match.group().upper()
        if token == "{":
            if depth == 0:
                top_groups += 1
                if after_where or top_groups == (2 if construct else 1):
                    return match.end()
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and token == "WHERE":
            after_where = True
        elif depth == 0 and token == "CONSTRUCT":
            construct = True
    return None


_TOKEN = re.compile(
    r"""
    (?P<skip>\s+|\#[^\n]*)
    | (?P<string>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:
                (?:[\w\-:%\\.\u00B7\u00C0-\uFFFF]*[\w\-:%\u00B7\u00C0-\uFFFF])?)
    | (?P<word>[A-Za-z_][\w]*)
    | (?P<other>.)
    """,
    re.VERBOSE,
)

Token = tuple[str, str]
"""(kind, text): kind is string, iri, var, pname, word or other (one character)."""


def tokens(sparql: str) -> Iterator[Token]:
    """Every token of `sparql` but white space and comments. The WHERE search above reads far fewer
    (it runs for every canned query): this is for reading a whole request."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind is not None and kind != "skip":
            yield kind, match.group()
