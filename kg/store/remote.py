"""The remote backend: a SPARQL 1.1 endpoint over HTTP."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import URIRef

from kg.dataset import RequestDataset, dataset_clause
from kg.errors import BadInput, QueryError, QueryTimeout, StoreError, one_line
from kg.settings import Settings
from kg.store.base import Store, insert_data
from kg.store.formats import PREFIX_MAP
from kg.store.lexer import with_values
from kg.store.results import QueryResult, query_kind
from kg.store.terms import to_ox
from kg.syntax import first_keyword

__all__ = ["RemoteStore"]

_SERIALIZATION_FAILURE = "40001"
"""The SQLSTATE of a transaction the store rolled back for a conflict with another (SQL's serialization
failure, which Virtuoso's deadlocks carry)."""
_CONFLICT_RETRIES = 10
"""Times an update rolled back for a conflict is sent again before the conflict is the caller's error."""


class _Conflict(StoreError):
    """The store rolled an update back because it conflicted with another writer's."""


_ASK_VARIABLE = "__ASK_RETVAL"
"""The one variable of Virtuoso's answer to an ASK."""


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP: queries at settings.store, updates at settings.store_update.

    The endpoint must use the union of its named graphs as the default graph of queries (Oxigraph:
    `oxigraph serve --union-default-graph`; Fuseki: `unionDefaultGraph`). It speaks the plain SPARQL
    1.1 Protocol through httpx, which pools connections and hands back the raw bytes to parse.
    """

    shared = True

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        assert settings.store is not None
        self.query_url = settings.store
        default_update = settings.store.rstrip("/").removesuffix("/query") + "/update"
        self.update_url = settings.store_update or default_update
        self._client = httpx.Client(timeout=httpx.Timeout(settings.query_timeout, connect=10.0))

    def close(self) -> None:
        self._client.close()

    def _post(
        self, url: str, data: dict[str, str | list[str]], accept: str, timeout: float
    ) -> httpx.Response:
        limit = None if timeout == float("inf") else timeout
        try:
            response = self._client.post(
                url, data=data, headers={"Accept": accept}, timeout=httpx.Timeout(limit, connect=10.0)
            )
        except httpx.TimeoutException:
            raise QueryTimeout(f"the endpoint did not answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {one_line(exc)}") from None
        if response.status_code == 400:
            raise QueryError(one_line(response.text or "the endpoint refused the request"))
        if response.status_code >= 500 and _SERIALIZATION_FAILURE in response.text:
            raise _Conflict(one_line(response.text))
        if response.status_code >= 300:
            raise StoreError(
                f"the SPARQL endpoint {url} answered {response.status_code}: "
                f"{one_line(response.text or response.reason_phrase)}"
            )
        return response

    def _update(
        self, sparql: str, dataset: RequestDataset | None = None, base_iri: str | None = None
    ) -> None:
        # The Oxigraph server runs one update request as one transaction; other endpoints may not.
        data = _protocol_form("update", _with_base(sparql, base_iri), dataset, update=True)
        for attempt in range(_CONFLICT_RETRIES):
            try:
                self._post(self.update_url, data, "*/*", float("inf"))
                return
            except _Conflict:
                # Rolled back whole (Virtuoso: "40001 Error SR172: Transaction deadlocked" when two
                # writers lock the same rows): sent again after a pause that sets the writers apart.
                time.sleep(random.uniform(0.0, 0.1 * (attempt + 1)))
        self._post(self.update_url, data, "*/*", float("inf"))

    def _query(
        self,
        sparql: str,
        bindings: dict[str, Any],
        timeout: float,
        untrusted: bool = False,
        dataset: RequestDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        if bindings:
            sparql = with_values(sparql, bindings)
        if dataset is None:
            # An endpoint serving the union as default graph ignores FROM (Oxigraph does): the query's
            # own dataset goes as protocol parameters, which it does honour.
            dataset = dataset_clause(sparql, PREFIX_MAP, base_iri)
        # One media type per form: offered both, Virtuoso answers a CONSTRUCT with SPARQL JSON results.
        form_word = first_keyword(sparql)
        graph_form = form_word is not None and form_word[0] in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        form = _protocol_form("query", _with_base(sparql, base_iri), dataset)
        response = self._post(self.query_url, form, accept, timeout)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type == "application/n-triples":
            return QueryResult("graph", response.content)
        if media_type in ("application/sparql-results+json", "application/json"):
            try:
                parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
            except SyntaxError as exc:
                raise StoreError(f"the SPARQL endpoint sent unreadable results: {one_line(exc)}") from None
            names = [v.value for v in parsed.variables] if isinstance(parsed, ox.QuerySolutions) else []
            if names == [_ASK_VARIABLE]:
                # Virtuoso answers an ASK as a SELECT of one variable: a row of 1 when true, none when false.
                assert isinstance(parsed, ox.QuerySolutions)
                answer = any(row[0] is not None and row[0].value not in ("0", "false") for row in parsed)
                return QueryResult("ask", json.dumps({"head": {}, "boolean": answer}).encode())
            return QueryResult(query_kind(parsed), response.content)
        raise StoreError(f"the SPARQL endpoint answered with unexpected media type {media_type!r}")

    def _quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        bindings = {"g": URIRef(graph.value)} if graph is not None else None
        for row in self.query(sparql, bindings, timeout=float("inf")).rows:
            s, p, o = to_ox(row["s"]), to_ox(row["p"]), to_ox(row["o"])
            yield ox.Quad(s, p, o, to_ox(row["g"]))  # type: ignore[arg-type]

    def _load_checked(self, path: Path, fmt: ox.RdfFormat, target: ox.NamedNode) -> None:
        # One update request for the whole file: all or nothing, and blank nodes keep their identity.
        by_graph: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
        for q in ox.parse(path=path, format=fmt):
            name = target if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            by_graph.setdefault(name, []).append(q.triple)
        blocks = [insert_data(name, triples) for name, triples in by_graph.items()]
        if blocks:
            self._update(" ;\n".join(blocks))


def _with_base(sparql: str, base_iri: str | None) -> str:
    """`sparql` with `base_iri` as its first BASE: the protocol has no base parameter, and a BASE the
    text declares itself comes later and wins."""
    if base_iri is None:
        return sparql
    try:
        return f"BASE {ox.NamedNode(base_iri)}\n{sparql}"
    except ValueError:
        raise BadInput(f"not a valid base IRI: {base_iri!r}") from None


def _protocol_form(
    name: str, sparql: str, dataset: RequestDataset | None, update: bool = False
) -> dict[str, str | list[str]]:
    """The form fields of a protocol request: the query or update and the dataset's parameters."""
    form: dict[str, str | list[str]] = {name: sparql}
    for key, value in (dataset.protocol_params(update) if dataset else []):
        listed = form.setdefault(key, [])
        assert isinstance(listed, list)
        listed.append(value)
    return form
