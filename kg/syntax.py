"""SPARQL syntax errors in plain words, with the line, the column and a caret under the spot.

Oxigraph's parser reports where it stopped and the alternatives it tried last: "expected CONSTRUCT"
for a misspelt SELECT, "expected OPTIONAL" for an undeclared prefix, and the character classes of a
name for an unclosed `{`. That last alternative is seldom what the writer missed, so `explain` reads
the query itself for the usual slips (a misspelt query form, an undeclared prefix, an unclosed bracket
or string, an update sent as a query) and falls back to naming what it found at the spot.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["QUERY_FORMS", "UPDATE_WORDS", "explain", "first_keyword", "is_update"]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"(?<![\w<?$\"'])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_DECLARED = re.compile(r"PREFIX\s+([\w.-]*):", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_]\w*")
_BRACKETS = {"{": "}", "(": ")", "[": "]"}


def _without_comments(sparql: str) -> str:
    """`sparql` with each comment blanked to spaces (positions kept); strings and IRIs left whole."""
    out = list(sparql)
    i, quote = 0, ""
    while i < len(sparql):
        char = sparql[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if sparql.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        elif char in "\"'":
            quote = sparql[i : i + 3] if sparql.startswith(char * 3, i) else char
            i += len(quote)
            continue
        elif char == "<":
            end = sparql.find(">", i)
            if end != -1 and not re.search(r"\s", sparql[i:end]):
                i = end + 1
                continue
        elif char == "#":
            while i < len(sparql) and sparql[i] != "\n":
                out[i] = " "
                i += 1
            continue
        i += 1
    return "".join(out)


def first_keyword(sparql: str) -> tuple[str, int] | None:
    """The first word after the PREFIX and BASE declarations, upper-cased, and its offset."""
    text = _without_comments(sparql)
    start = _PROLOGUE.match(text)
    offset = start.end() if start else 0
    word = _WORD.match(text, offset)
    return (word.group().upper(), offset) if word else None


def is_update(sparql: str) -> bool:
    """Whether `sparql` reads as a SPARQL update (INSERT, DELETE, LOAD, DROP, ...) rather than a query."""
    found = first_keyword(sparql)
    return found is not None and found[0] in UPDATE_WORDS


def explain(sparql: str, message: str, known_prefixes: Collection[str] = ()) -> str | None:
    """A plain account of the parser's `message` about `sparql`: a summary line, the line of the query
    with a caret under the spot; None when `message` names no position.

    `known_prefixes` are those the engine declares itself (conf:, rdfs:, ...), which need no PREFIX.
    """
    found = _POSITION.search(message)
    if found is None:
        return None
    line, column = int(found.group(1)), int(found.group(2))
    text = _without_comments(sparql)
    offset = _offset(sparql, line, column)

    keyword = first_keyword(sparql)
    if keyword is not None and keyword[0] not in QUERY_FORMS + UPDATE_WORDS:
        offset = keyword[1]
        words = ", ".join(QUERY_FORMS[:-1]) + " or " + QUERY_FORMS[-1]
        return _report(sparql, offset, f"a query starts with {words} (after any PREFIX or BASE), "
                                       f"not {_word_at(sparql, offset)!r}")
    undeclared = _undeclared_prefix(text, offset, set(known_prefixes))
    if undeclared is not None:
        name, at = undeclared
        return _report(sparql, at, f"the prefix {name + ':'!r} is not declared: add "
                                   f"'PREFIX {name}: <...>' before the query")
    unclosed = _unclosed(text)
    if unclosed is not None:
        what, at = unclosed
        return _report(sparql, at, f"this {what} is never closed")
    expected = _expected(found.group(3))
    if not text[offset:].strip():
        # The parser names the end when a part before it is incomplete: point at the last thing read.
        last = len(text.rstrip())
        return _report(sparql, max(last - 1, 0) if last else 0,
                       "the query is incomplete, or a part of it is out of place; "
                       f"the parser gave up at its end{expected}")
    return _report(sparql, offset, f"{_token_at(sparql, offset)!r} is out of place here, "
                                   f"or something is missing before it{expected}")


def _expected(detail: str) -> str:
    """What the parser would have taken, as kinds of token and plain punctuation, or "" when it said
    nothing plain (a lone keyword is only the last alternative it tried)."""
    if not detail.startswith("expected"):
        return ""
    marks = {m.encode().decode("unicode_escape") for m in re.findall(r'"((?:[^"\\]|\\.)*)"', detail)}
    kinds = [kind for kind, cues in _KINDS if marks & cues]
    if "'A' ..= 'Z'" in detail or "'a' ..= 'z'" in detail:
        kinds.append("a name")
    elif "'0'..='9'" in detail.replace(" ", "") and "a number" not in kinds:
        kinds.append("a number")
    items = kinds + [f"'{mark}'" for mark in _PUNCTUATION if mark in marks]
    if not items:
        return ""
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
    return f" (it expected {listed})"


_KINDS = (
    ("a variable", {"?", "$"}),
    ("an IRI", {"<", ":"}),
    ("a string", {'"', "'"}),
)
"""Kinds of token, each told by the marks that open it in the parser's list."""
_PUNCTUATION = ("{", "}", "(", ")", "[", "]", ".", ";", ",")
"""The punctuation worth naming as such; other marks (operators, `<<`) only add noise."""


def _offset(sparql: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column, clamped to the text."""
    lines = sparql.split("\n")
    line = min(max(line, 1), len(lines))
    return min(sum(len(text) + 1 for text in lines[: line - 1]) + max(column - 1, 0), len(sparql))


def _word_at(sparql: str, offset: int) -> str:
    word = _WORD.match(sparql, offset)
    return word.group() if word else sparql[offset : offset + 1]


def _token_at(sparql: str, offset: int) -> str:
    """The token at `offset`: a word, or else one character."""
    word = re.compile(r"[\w:?$]+").match(sparql, offset)
    return word.group() if word else sparql[offset : offset + 1]


def _undeclared_prefix(text: str, offset: int, known: set[str]) -> tuple[str, int] | None:
    """The first prefixed name at or before `offset` whose prefix no PREFIX declares."""
    declared = set(_DECLARED.findall(text)) | known
    for name in _PREFIXED_NAME.finditer(text[: offset + 64]):
        prefix = name.group(1) or ""
        if prefix not in declared and name.start() <= offset + 1:
            return prefix, name.start()
    return None


def _unclosed(text: str) -> tuple[str, int] | None:
    """The innermost bracket or string left open at the end of `text`, and where it opens."""
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            quote = text[i : i + 3] if text.startswith(char * 3, i) else char
            end = i + len(quote)
            while end < len(text) and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                return "string", i
            i = end + len(quote)
            continue
        if char == "<":
            end = text.find(">", i)
            if end != -1 and not re.search(r"\s", text[i:end]):
                i = end + 1
                continue
        if char in _BRACKETS:
            stack.append((char, i))
        elif stack and char == _BRACKETS[stack[-1][0]]:
            stack.pop()
        i += 1
    if stack:
        bracket, at = stack[-1]
        return f"'{bracket}'", at
    return None


def _report(sparql: str, offset: int, summary: str) -> str:
    """`summary` with its line and column, then the query's line and a caret under `offset`."""
    before = sparql[:offset]
    line = before.count("\n") + 1
    start = before.rfind("\n") + 1
    end = sparql.find("\n", offset)
    source = sparql[start : end if end != -1 else len(sparql)]
    column = offset - start + 1
    # Long lines are cut around the spot, so that the caret stays on the screen.
    shown_from = max(0, column - 60)
    shown = source[shown_from : shown_from + 100]
    caret = " " * (column - 1 - shown_from) + "^"
    lead = "…" if shown_from else ""
    return (f"bad SPARQL at line {line}, column {column}: {summary}\n"
            f"  {lead}{shown}\n  {' ' * len(lead)}{caret}")
