"""Which graphs a SPARQL update writes, read from its text, so that the derived graphs can follow it by a
patch of what it touched instead of a rebuild of the whole store.

Only the shape of the request is read: its prologue, where each operation starts, and the GRAPH blocks
of its data and templates, from a token stream that steps over strings, IRIs and comments. That is
enough to name the graphs of INSERT DATA, DELETE DATA, DELETE WHERE, DELETE/INSERT (with WITH and GRAPH
blocks) and DROP, CLEAR or CREATE of one graph; anything else, or anything unexpected, answers None
and the caller rebuilds. Syntax is the store's parser's business: it refuses a bad request before
writing anything. (rdflib's parser answers the same question in seconds for one article's INSERT
DATA; this reads it in milliseconds.)
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

from kg.store.formats import PREFIX_MAP
from kg.store.lexer import Token, tokens

__all__ = ["graphs_written"]


class _Unknown(Exception):
    """The text does not tell the graphs (or is not an update this reader follows)."""


class _Reader:
    def __init__(self, tokens: list[Token], base_iri: str | None) -> None:
        self.tokens, self.at = tokens, 0
        self.base = base_iri
        self.prefixes: dict[str, str] = dict(PREFIX_MAP)
        self.written: dict[str, None] = {}

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise _Unknown
        self.at += 1
        return token

    def keyword(self, *words: str) -> str | None:
        """The next token when it is one of `words` (any case), taken; else None, nothing taken."""
        token = self.peek()
        if token is not None and token[0] == "word" and token[1].upper() in words:
            self.at += 1
            return token[1].upper()
        return None

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise _Unknown

    def request(self) -> list[str]:
        while self.peek() is not None:
            self.prologue()
            if self.peek() is None:
                break
            self.operation()
            if self.peek() is not None:
                self.expect(";")
        return list(self.written)

    def prologue(self) -> None:
        while True:
            if self.keyword("PREFIX"):
                kind, name = self.take()
                kind_iri, iri = self.take()
                if kind != "pname" or not name.endswith(":") or kind_iri != "iri":
                    raise _Unknown
                self.prefixes[name[:-1]] = self.resolve(iri[1:-1])
            elif self.keyword("BASE"):
                kind, iri = self.take()
                if kind != "iri":
                    raise _Unknown
                self.base = self.resolve(iri[1:-1])
            else:
                return

    def operation(self) -> None:
        word = self.keyword("INSERT", "DELETE", "WITH", "DROP", "CLEAR", "CREATE")
        if word in ("DROP", "CLEAR", "CREATE"):
            self.keyword("SILENT")
            if not self.keyword("GRAPH"):
                raise _Unknown  # DEFAULT, NAMED or ALL
            self.written[self.graph(self.take())] = None
        elif word == "WITH":
            self.modify(self.graph(self.take()))
        elif word == "INSERT" and self.keyword("DATA") or word == "DELETE" and self.keyword("DATA", "WHERE"):
            self.block(None)
        elif word in ("INSERT", "DELETE"):
            self.at -= 1
            self.modify(None)
        else:
            raise _Unknown  # LOAD, ADD, MOVE, COPY, or not an update

    def modify(self, default: str | None) -> None:
        """DELETE and INSERT templates (their graphs written), then USING and WHERE (read only)."""
        templates = 0
        while self.keyword("DELETE", "INSERT"):
            self.block(default)
            templates += 1
        if not templates:
            raise _Unknown
        depth = 0
        while (token := self.peek()) is not None and (depth or token[1] != ";"):
            depth += {"{": 1, "}": -1}.get(token[1], 0) if token[0] == "other" else 0
            self.at += 1

    def block(self, default: str | None) -> None:
        """A block of quads (data or a template) from its `{`: the graphs of its GRAPH blocks, and
        `default` for triples outside them (None: the default graph, which this reader does not follow)."""
        self.expect("{")
        while (token := self.take())[1] != "}" or token[0] != "other":
            if token[0] == "word" and token[1].upper() == "GRAPH":
                self.written[self.graph(self.take())] = None
                self.skip_group()
            elif token[0] == "other" and token[1] == ".":
                continue
            elif default is None:
                raise _Unknown
            else:
                self.written[default] = None
                self.at -= 1
                self.skip_triples()

    def skip_group(self) -> None:
        self.expect("{")
        depth = 1
        while depth:
            kind, text = self.take()
            if kind == "other":
                depth += {"{": 1, "}": -1}.get(text, 0)

    def skip_triples(self) -> None:
        """Up to the `}` that closes the block (not taken) or the next GRAPH."""
        while (token := self.peek()) is not None:
            if token[0] == "other" and token[1] in "{}":
                if token[1] == "{":
                    raise _Unknown
                return
            if token[0] == "word" and token[1].upper() == "GRAPH":
                return
            self.at += 1
        raise _Unknown

    def graph(self, token: Token) -> str:
        kind, text = token
        if kind == "iri":
            return self.resolve(text[1:-1])
        if kind == "pname" and "\\" not in text:
            prefix, _, local = text.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + local
        raise _Unknown  # a variable, DEFAULT, an undeclared prefix

    def resolve(self, iri: str) -> str:
        if urlsplit(iri).scheme:
            return iri
        if self.base is None:
            raise _Unknown
        return urljoin(self.base, iri)


def graphs_written(sparql: str, base_iri: str | None = None,
                   prefixes: Mapping[str, str] | None = None) -> list[str] | None:
    """The named graphs the update `sparql` may add triples to or remove them from, in order; None when
    its text does not tell them: a graph bound by a variable, the default graph, several graphs at once
    (DROP ALL, CLEAR NAMED), LOAD, ADD, MOVE and COPY, or text this reader does not follow.
    `prefixes` are declared before the text (the store's own, PREFIX_MAP, by default)."""
    reader = _Reader(list(tokens(sparql)), base_iri)
    if prefixes is not None:
        reader.prefixes = dict(prefixes)
    try:
        return reader.request()
    except _Unknown:
        return None
