"""The RDF dataset a SPARQL request names: protocol parameters, FROM clauses, USING for updates.

The store answers a query over the union of all its graphs unless the request names a dataset of its
own: `default-graph-uri` / `named-graph-uri` (SPARQL 1.1 Protocol) or `FROM` / `FROM NAMED` in the
query text; the protocol's parameters win over the text. An update's WHERE clauses read the graphs of
`using-graph-uri` / `using-named-graph-uri` when given; an update that names its own (USING, WITH)
as well is refused, as the protocol asks.

Choices a caller should know:
- `DEFAULT_GRAPH` (`urn:x-arq:DefaultGraph`, the name Jena gives it) stands for the store's own default
  graph, the one holding triples stored outside any named graph, wherever a graph IRI is expected.
- Only a named-graph list (no default graph) makes the default graph empty, as the protocol says.
- pyoxigraph has no dataset option for updates, so the protocol's graphs reach an update as USING
  clauses written before the WHERE of each DELETE/INSERT operation (`DELETE WHERE` is written out as
  `DELETE {...} USING ... WHERE {...}` for that); IRIs are written by pyoxigraph, never pasted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import BadInput, QueryError

__all__ = [
    "DEFAULT_GRAPH",
    "RequestDataset",
    "dataset_clause",
    "names_dataset",
    "query_options",
    "with_using",
]

DEFAULT_GRAPH = "urn:x-arq:DefaultGraph"
"""The name that stands for the store's own default graph (not the union)."""


@dataclass(frozen=True)
class RequestDataset:
    """Graph IRIs a request names: the default graph is the merge of `default_graphs`; `named_graphs`
    are the graphs GRAPH ?g ranges over."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def protocol_params(self, update: bool = False) -> list[tuple[str, str]]:
        """The dataset as SPARQL 1.1 Protocol parameters, for a remote endpoint."""
        default, named = ("using-graph-uri", "using-named-graph-uri") if update else (
            "default-graph-uri", "named-graph-uri")
        return [(default, g) for g in self.default_graphs] + [(named, g) for g in self.named_graphs]


def _graph_term(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    if iri == DEFAULT_GRAPH:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise BadInput(f"not a valid graph IRI: {iri!r}") from None


def _named_term(iri: str) -> ox.NamedNode:
    term = _graph_term(iri)
    if not isinstance(term, ox.NamedNode):
        raise BadInput(f"{DEFAULT_GRAPH} names the default graph, which cannot be a named graph")
    return term


_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''  # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # short strings
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs
    r"|#[^\n]*"  # comments
    r"|[{};]"
    r"|(?<![\w:?$.-])[A-Za-z]+(?![\w:-])",  # keywords (not variables, prefixed names or parts of them)
)


_FROM_WORD = re.compile(r"(?<![\w:?$.-])FROM\s*(?:NAMED\b|<|[\w-]*:)", re.IGNORECASE)
"""FROM as a dataset clause begins (an IRI, a prefixed name or NAMED next): where nothing looks so,
there is none, and the query need not be read token by token."""


def _tokens(sparql: str) -> list[re.Match[str]]:
    return [m for m in _TOKENS.finditer(sparql) if not m.group().startswith("#")]


def names_dataset(query: str) -> bool:
    """Whether `query` has a dataset clause (FROM or FROM NAMED), which replaces the union default graph."""
    if "from" not in query.lower() or not _FROM_WORD.search(query):
        return False
    depth = 0
    for match in _tokens(query):
        token = match.group().upper()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token == "FROM":
            return True
    return False


def dataset_clause(
    query: str, prefixes: dict[str, str], base_iri: str | None = None
) -> RequestDataset | None:
    """The graphs of the FROM / FROM NAMED clauses of `query` (None when it has none or does not parse
    here): for an endpoint whose union default graph would otherwise hide them."""
    if not names_dataset(query):
        return None
    # rdflib's SPARQL parser, imported only here: query workers never need it.
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = translateQuery(parseQuery(query), base=base_iri, initNs=prefixes)
    except Exception:  # rdflib's parser raises several kinds; the endpoint will judge the text itself
        return None
    clauses = parsed.algebra.get("datasetClause") or []
    default = tuple(str(c["default"]) for c in clauses if "default" in c)
    named = tuple(str(c["named"]) for c in clauses if "named" in c)
    return RequestDataset(default, named) if clauses else None


def query_options(query: str, dataset: RequestDataset | None) -> dict[str, Any]:
    """pyoxigraph `Store.query` options for `query` over `dataset` (None: the request names none)."""
    if dataset:
        default = [_graph_term(g) for g in dataset.default_graphs]
        named = [_named_term(g) for g in dataset.named_graphs] if dataset.named_graphs else []
        return {"default_graph": default, "named_graphs": named}
    if names_dataset(query):
        return {}  # pyoxigraph takes FROM / FROM NAMED from the text when the union is not asked for
    return {"use_default_graph_as_union": True}


def with_using(update: str, dataset: RequestDataset | None) -> str:
    """`update` with the graphs of `dataset` as USING / USING NAMED clauses of each DELETE/INSERT
    operation; QueryError when an operation names its own graphs (USING, WITH) as well."""
    if not dataset:
        return update
    clauses = " ".join(
        [f"USING {_named_term(g)}" for g in dataset.default_graphs]
        + [f"USING NAMED {_named_term(g)}" for g in dataset.named_graphs]
    )
    out: list[str] = []
    last = 0
    for operation in _operations(update):
        words = _without_prologue([m.group().upper() for m in operation if m.group()[0].isalpha()])
        if not words or words[0] not in ("WITH", "DELETE", "INSERT") or words[1:2] == ["DATA"]:
            continue
        if "USING" in words or "WITH" in words:
            raise QueryError(
                "The update names its graphs (USING or WITH) and the request names them too "
                "(using-graph-uri / using-named-graph-uri): give them in one place only."
            )
        where, group_end = _top_where(operation)
        if where is None:
            continue
        if words[:2] == ["DELETE", "WHERE"]:
            pattern = update[operation[where + 1].start() : group_end]
            out.append(update[last : operation[0].start()])
            out.append(f"DELETE {pattern} {clauses} WHERE {pattern}")
            last = group_end
        else:
            out.append(update[last : operation[where].start()])
            out.append(f"{clauses} ")
            last = operation[where].start()
    out.append(update[last:])
    return "".join(out)


def _operations(update: str) -> list[list[re.Match[str]]]:
    """The tokens of each operation of an update request (split at ';' outside braces)."""
    operations: list[list[re.Match[str]]] = [[]]
    depth = 0
    for match in _tokens(update):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif token == ";" and depth == 0:
            operations.append([])
            continue
        operations[-1].append(match)
    return [op for op in operations if op]


def _without_prologue(words: list[str]) -> list[str]:
    # Of `PREFIX p: <iri>` and `BASE <iri>` only the keyword is a word: the name and IRI are not.
    return [w for w in words if w not in ("PREFIX", "BASE")]


def _top_where(operation: list[re.Match[str]]) -> tuple[int | None, int]:
    """The index of the operation's WHERE token at brace depth 0, and where its group ends."""
    depth = 0
    where: int | None = None
    for i, match in enumerate(operation):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and where is not None:
                return where, match.end()
        elif depth == 0 and token.upper() == "WHERE" and where is None:
            where = i
    return where, operation[-1].end()
