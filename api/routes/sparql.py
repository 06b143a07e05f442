"""GET|POST /sparql: the SPARQL 1.1 Query Protocol, with updates behind a bearer token."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request, Response
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, Namespace
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, check_update_token
from api.errors import NotAcceptable, UnsupportedMediaType
from api.negotiation import negotiate
from kg import index
from kg.errors import BadInput
from kg.query_policy import check_refused
from kg.settings import Settings
from kg.store import QueryResult, Store

log = logging.getLogger(__name__)
router = APIRouter(tags=["sparql"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
"""Media types of SELECT and ASK answers, the default first."""
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json"]
"""Media types of CONSTRUCT and DESCRIBE answers (and the service description), the default first."""

FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}
"""Names the `format` parameter accepts."""

FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
}



def choose_type(fmt: str | None, accept: str | None, graph: bool) -> str:
    """The media type to answer with: from the `format` parameter when given, else from Accept."""
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    if fmt:
        # Some clients (SPARQLWrapper among them) send media types in `format`, comma-separated.
        if "/" in fmt:
            media = negotiate(fmt, offered, graph) or fmt
        else:
            media = FORMAT_NAMES.get(fmt.lower(), fmt.lower())
            if media == "application/sparql-results+json" and graph:
                media = "application/ld+json"
        if media not in offered:
            raise BadInput(
                f"Unknown or unfitting format {fmt!r}; this answer can be one of: {', '.join(offered)}."
            )
        return media
    chosen = negotiate(accept, offered, graph)
    if chosen is None:
        raise NotAcceptable(f"None of the accepted types can be served; available: {', '.join(offered)}.")
    return chosen


@dataclass(frozen=True)
class Answer:
    """A serialized query answer and whether rows were cut at the limit."""

    body: bytes
    media_type: str
    truncated: bool


def _cap_rows(result: QueryResult, max_rows: int) -> tuple[QueryResult, bool]:
    if result.kind != "select":
        return result, False
    data = json.loads(result.payload)
    bindings = data["results"]["bindings"]
    if len(bindings) <= max_rows:
        return result, False
    data["results"]["bindings"] = bindings[:max_rows]
    return QueryResult("select", json.dumps(data).encode()), True


def _answer(store: Store, settings: Settings, sparql: str, fmt: str | None, accept: str | None) -> Answer:
    result = store.query(sparql, timeout=settings.query_timeout, untrusted=True)
    media = choose_type(fmt, accept, graph=result.kind == "graph")
    result, truncated = _cap_rows(result, settings.max_rows)
    return Answer(result.serialize(media), media, truncated)


def _service_description(request: Request, store: Store, settings: Settings) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(str(request.url.replace(query="", fragment="")))))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.update_token:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for media in RESULT_TYPES + GRAPH_TYPES:
        graph.add((service, SD.resultFormat, FORMAT_IRIS[media]))
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in store.graphs():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph


def _describe(
    request: Request, store: Store, settings: Settings, fmt: str | None, accept: str | None
) -> Answer:
    media = choose_type(fmt, accept, graph=True)
    graph = _service_description(request, store, settings)
    rdflib_format = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}
    return Answer(graph.serialize(format=rdflib_format[media], encoding="utf-8"), media, False)


def _respond(answer: Answer, settings: Settings) -> Response:
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Limit"] = str(settings.max_rows)
    charset = "" if answer.media_type.startswith("application/sparql-results") else "; charset=utf-8"
    return Response(answer.body, media_type=answer.media_type + charset, headers=headers)


async def _run(
    request: Request,
    store: Store,
    settings: Settings,
    *,
    query: str | None,
    update: str | None,
    fmt: str | None,
    accept: str | None,
    authorization: str | None,
) -> Response:
    if query is not None and update is not None:
        raise BadInput("Send either a query or an update, not both.")
    if update is not None:
        check_update_token(settings, authorization)
        check_refused(update)
        await run_in_threadpool(index.update, store, update)
        log.info("SPARQL update from %s: %s", request.client.host if request.client else "?", update)
        return Response(status_code=204)
    if query is None:
        answer = await run_in_threadpool(_describe, request, store, settings, fmt, accept)
        return _respond(answer, settings)
    if not query.strip():
        raise BadInput("The query is empty.")
    check_refused(query)
    # The store gives up after settings.query_timeout and raises QueryTimeout (503); running it in a
    # worker thread keeps the event loop free to answer other requests meanwhile.
    answer = await run_in_threadpool(_answer, store, settings, query, fmt, accept)
    return _respond(answer, settings)


def _only(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    if not found:
        return None
    if len(found) > 1:
        raise BadInput(f"The parameter {name!r} was given more than once.")
    return found[0]


def _refuse_dataset(values: dict[str, list[str]]) -> None:
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        if name in values:
            raise BadInput(
                f"The {name!r} parameter is not supported: the default graph is the union of all graphs."
            )


QueryParam = Annotated[
    str | None, Query(description="A SPARQL 1.1 query; without one, the service description.")
]
FormatParam = Annotated[
    str | None,
    Query(
        description="Answer format: json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld (graphs). "
        "Overrides Accept."
    ),
]


@router.get("/sparql")
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: QueryParam = None,
    format: FormatParam = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Answer a SPARQL query sent as the `query` parameter, or describe the service when there is none."""
    values = parse_qs(request.url.query, keep_blank_values=True)
    _refuse_dataset(values)
    if "update" in values:
        raise BadInput("SPARQL updates must be sent with POST.")
    return await _run(
        request,
        store,
        settings,
        query=_only(values, "query"),
        update=None,
        fmt=format,
        accept=accept,
        authorization=None,
    )


@router.post(
    "/sparql",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                    }
                },
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/sparql-update": {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: FormatParam = None,
    accept: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Answer a query (form `query` or an application/sparql-query body) or run an update (form `update`
    or an application/sparql-update body, with `Authorization: Bearer <token>`)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("The request body is not UTF-8 text.") from None
    values = parse_qs(request.url.query, keep_blank_values=True)
    query: str | None = None
    update: str | None = None
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        values = {**values, **form}
        query, update = _only(form, "query"), _only(form, "update")
    elif content_type == "application/sparql-query":
        query = text
    elif content_type == "application/sparql-update":
        update = text
    else:
        raise UnsupportedMediaType(
            "POST a form (application/x-www-form-urlencoded), "
            "application/sparql-query or application/sparql-update."
        )
    _refuse_dataset(values)
    if query is None and update is None:
        raise BadInput("The request has neither a 'query' nor an 'update'.")
    return await _run(
        request,
        store,
        settings,
        query=query,
        update=update,
        fmt=format,
        accept=accept,
        authorization=authorization,
    )
