"""/sparql: the SPARQL 1.1 Protocol (queries, and updates behind a bearer token) and, on `?graph=IRI` or
`?default`, the SPARQL 1.1 Graph Store HTTP Protocol (GET, HEAD, PUT, POST, DELETE; writes need the same
token)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs, urlencode, urljoin

import pyoxigraph as ox
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, Namespace
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, check_update_token
from api.errors import NotAcceptable, UnsupportedMediaType
from api.negotiation import negotiate
from kg import graphstore, index
from kg.answers import FileAnswer
from kg.dataset import DEFAULT_GRAPH, RequestDataset
from kg.errors import BadInput, KgError, NotFound
from kg.query_policy import check_refused
from kg.settings import Settings
from kg.store import Store

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
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
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
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
}
"""Names the `format` parameter accepts."""

GRAPH_EQUIVALENTS = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}
"""What a result format named in `format` stands for when the answer is a graph."""

FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS.RDF_XML,
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
            if graph:
                # `json` and `xml` name the result formats; for a graph they mean its JSON or XML syntax.
                media = GRAPH_EQUIVALENTS.get(media, media)
        if media not in offered:
            raise BadInput(
                f"Unknown or unfitting format {fmt!r}; this answer can be one of: {', '.join(offered)}."
            )
        return media
    chosen = negotiate(accept, offered, graph)
    if chosen is None:
        # A client that sends one Accept for every query (a result type with a CONSTRUCT, say) gets this
        # kind's default; 406 is for types this service serves for no answer at all.
        if any(negotiate(accept, [media], graph=not graph) for media in _other(graph)):
            return offered[0]
        raise NotAcceptable(
            f"None of the accepted types can be served; available: {', '.join(RESULT_TYPES + GRAPH_TYPES)}."
        )
    return chosen


def _other(graph: bool) -> list[str]:
    return RESULT_TYPES if graph else GRAPH_TYPES


@dataclass(frozen=True)
class Answer:
    """A serialized answer and its media type."""

    body: bytes
    media_type: str


def _kind_media(fmt: str | None, accept: str | None) -> tuple[dict[str, str | None], dict[str, KgError]]:
    """The media type each kind of answer would go out in, and why a kind cannot, where it cannot."""
    media: dict[str, str | None] = {}
    refusals: dict[str, KgError] = {}
    for kind, graph in (("select", False), ("graph", True)):
        try:
            media[kind] = choose_type(fmt, accept, graph)
        except (BadInput, NotAcceptable) as exc:
            media[kind], refusals[kind] = None, exc
    if len(refusals) == 2:
        raise refusals["select"]
    return media, refusals


def _answer(
    store: Store,
    settings: Settings,
    sparql: str,
    fmt: str | None,
    accept: str | None,
    dataset: RequestDataset | None,
    base_iri: str,
    client: str,
) -> FileAnswer:
    media, refusals = _kind_media(fmt, accept)
    answer = store.answer(
        sparql,
        media,
        timeout=settings.query_timeout,
        dataset=dataset,
        base_iri=base_iri,
        max_rows=settings.max_rows,
        client=client,
    )
    if answer.path is None:
        raise refusals["graph" if answer.kind == "graph" else "select"]
    return answer


def _chunks(path: Path, size: int = 1 << 16) -> Iterator[bytes]:
    """The file's bytes a chunk at a time; the file is deleted once read or abandoned."""
    try:
        with path.open("rb") as answer:
            while chunk := answer.read(size):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


def _with_charset(media_type: str) -> str:
    if media_type.startswith("application/sparql-results"):
        return media_type  # their syntaxes fix the encoding: a charset parameter is not registered
    return media_type + "; charset=utf-8"


def _service_description(request: Request, store: Store, settings: Settings) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url(request))))
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
    rdflib_format = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
    }
    return Answer(graph.serialize(format=rdflib_format[media], encoding="utf-8"), media)


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
    values: dict[str, list[str]],
) -> Response:
    if query is not None and update is not None:
        raise BadInput("Send either a query or an update, not both.")
    base_iri = endpoint_url(request)
    if update is not None:
        check_update_token(settings, authorization)
        check_refused(update)
        dataset = _dataset(values, "using-graph-uri", "using-named-graph-uri")
        await run_in_threadpool(index.update, store, update, dataset, base_iri)
        log.info("SPARQL update from %s: %s", request.client.host if request.client else "?", update)
        return Response(status_code=204)
    if query is None:
        described = await run_in_threadpool(_describe, request, store, settings, fmt, accept)
        return Response(
            described.body, media_type=_with_charset(described.media_type), headers={"Vary": "Accept"}
        )
    if not query.strip():
        raise BadInput("The query is empty.")
    check_refused(query)
    dataset = _dataset(values, "default-graph-uri", "named-graph-uri")
    # The store gives up after settings.query_timeout, the answer written out included, and raises
    # QueryTimeout (503); waiting in a worker thread keeps the event loop free for other requests.
    client = request.client.host if request.client else ""
    answer = await run_in_threadpool(
        _answer, store, settings, query, fmt, accept, dataset, base_iri, client
    )
    assert answer.path is not None and answer.media_type is not None
    headers = {"Vary": "Accept", "Content-Length": str(answer.path.stat().st_size)}
    media_type = _with_charset(answer.media_type)
    return StreamingResponse(_chunks(answer.path), media_type=media_type, headers=headers)


def _only(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    if not found:
        return None
    if len(found) > 1:
        raise BadInput(f"The parameter {name!r} was given more than once.")
    return found[0]


def endpoint_url(request: Request) -> str:
    """The URL of the endpoint: the base IRI of every query and update sent to it."""
    return str(request.url.replace(query="", fragment=""))


def _dataset(values: dict[str, list[str]], default: str, named: str) -> RequestDataset | None:
    """The dataset the protocol parameters `default` and `named` give; None when they give none."""
    dataset = RequestDataset(tuple(values.get(default, [])), tuple(values.get(named, [])))
    for iri in (*dataset.default_graphs, *dataset.named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadInput(f"Not a valid graph IRI: {iri!r}.") from None
    return dataset or None


def _check_charset(content_type: str) -> None:
    """BadInput unless the body's charset, when given, is UTF-8: the protocol's only encoding."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"The body must be UTF-8, not {value.strip()}.")


GraphParam = Annotated[str | None, Query(description="The IRI of the graph (Graph Store HTTP Protocol).")]
DefaultParam = Annotated[
    str | None, Query(description="Present (empty): the store's own default graph instead of a named one.")
]


GRAPH_BODIES = {media: {"schema": {"type": "string"}} for media in graphstore.SYNTAXES}
"""The request bodies a Graph Store write reads, for the OpenAPI description."""

QueryParam = Annotated[
    str | None, Query(description="A SPARQL 1.1 query; without one, the service description.")
]
FormatParam = Annotated[
    str | None,
    Query(
        description="Answer format: json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml "
        "(graphs; json and xml stand for jsonld and rdfxml there). Overrides Accept."
    ),
]


@router.get("/sparql")
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: QueryParam = None,
    format: FormatParam = None,
    graph: GraphParam = None,
    default: DefaultParam = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Answer a SPARQL query sent as the `query` parameter, send the graph `graph` (or the `default`
    graph), or describe the service when there is none of these."""
    values = parse_qs(request.url.query, keep_blank_values=True)
    target = _graph_target(values, endpoint_url(request))
    if target is not None:
        return await _read_graph(request, store, target, format, accept)
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
        values=values,
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
                **GRAPH_BODIES,
            }
        }
    },
)
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: FormatParam = None,
    graph: GraphParam = None,
    default: DefaultParam = None,
    accept: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Answer a query (form `query` or an application/sparql-query body) or run an update (form `update`
    or an application/sparql-update body, with `Authorization: Bearer <token>`); with an RDF body, add
    it to the graph `graph` (or the `default` graph), or to a new graph when neither is named (201 and
    its Location)."""
    full_type = request.headers.get("content-type", "")
    content_type = full_type.split(";")[0].strip().lower()
    values = parse_qs(request.url.query, keep_blank_values=True)
    target = _graph_target(values, endpoint_url(request))
    if target is not None or content_type in graphstore.SYNTAXES or content_type == "multipart/form-data":
        return await _write_graph(request, store, settings, target, "POST", authorization)
    _check_charset(full_type)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("The request body is not UTF-8 text.") from None
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
        values=values,
    )


# -- the Graph Store HTTP Protocol -----------------------------------------------------------------------


def _graph_target(values: dict[str, list[str]], endpoint: str) -> str | None:
    """The graph a Graph Store request names (`graph=IRI`, relative to the `endpoint`, or DEFAULT_GRAPH
    for `default`); None when the request names none; BadInput when it names two, or mixes them with a
    query or update."""
    if "graph" not in values and "default" not in values:
        return None
    if "graph" in values and "default" in values:
        raise BadInput("Name one graph: either 'graph' or 'default'.")
    if "query" in values or "update" in values:
        raise BadInput("A request is either a SPARQL query or update, or a Graph Store request on 'graph'.")
    if "default" in values:
        return DEFAULT_GRAPH
    graph = _only(values, "graph")
    if not graph:
        raise BadInput("The 'graph' parameter needs a graph IRI.")
    return urljoin(endpoint, graph)


def _graph_location(request: Request, graph: str) -> str:
    return str(request.url.replace(query=urlencode({"graph": graph}), fragment=""))


async def _read_graph(
    request: Request, store: Store, target: str, fmt: str | None, accept: str | None
) -> Response:
    media = choose_type(fmt, accept, graph=True)
    result = await run_in_threadpool(graphstore.read, store, target)
    body = await run_in_threadpool(result.serialize, media)
    return Response(body, media_type=media + "; charset=utf-8", headers={"Vary": "Accept"})


async def _write_graph(
    request: Request,
    store: Store,
    settings: Settings,
    target: str | None,
    method: str,
    authorization: str | None,
) -> Response:
    check_update_token(settings, authorization)
    if method == "DELETE":
        assert target is not None
        await run_in_threadpool(graphstore.delete, store, target)
        return Response(status_code=204)
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in (*graphstore.SYNTAXES, "multipart/form-data"):
        raise UnsupportedMediaType(f"Send the graph as one of {', '.join(graphstore.SYNTAXES)}.")
    body = await request.body()
    triples = await run_in_threadpool(graphstore.parse_body, body, content_type, endpoint_url(request))
    if target is None:
        # POST to the graph store itself: a new graph, named by the service.
        target = graphstore.new_graph()
        await run_in_threadpool(graphstore.put, store, target, triples)
        return Response(status_code=201, headers={"Location": _graph_location(request, target)})
    write = graphstore.put if method == "PUT" else graphstore.post
    created = await run_in_threadpool(write, store, target, triples)
    log.info("Graph Store %s of %s from %s", method, target, request.client.host if request.client else "?")
    return Response(status_code=201 if created else 204)


def _required_target(request: Request) -> str:
    target = _graph_target(parse_qs(request.url.query, keep_blank_values=True), endpoint_url(request))
    if target is None:
        raise BadInput(f"{request.method} on /sparql needs a graph: '?graph=IRI' or '?default'.")
    return target


@router.head("/sparql")
async def sparql_head(
    request: Request,
    store: StoreDep,
    format: FormatParam = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """What GET would answer for a graph (`?graph=IRI` or `?default`), headers only, without reading
    the graph: its status and media type."""
    values = parse_qs(request.url.query, keep_blank_values=True)
    target = _graph_target(values, endpoint_url(request))
    media = choose_type(format, accept, graph=True)
    if target is not None and not await run_in_threadpool(graphstore.exists, store, target):
        raise NotFound(f"No graph {target}.")
    return Response(media_type=_with_charset(media), headers={"Vary": "Accept"})


@router.put("/sparql", openapi_extra={"requestBody": {"content": GRAPH_BODIES}})
async def sparql_put(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    graph: GraphParam = None,
    default: DefaultParam = None,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Replace a graph with the body (Turtle, N-Triples, RDF/XML or JSON-LD): 201 when it is new, else 204.
    Needs `Authorization: Bearer <token>`."""
    return await _write_graph(request, store, settings, _required_target(request), "PUT", authorization)


@router.delete("/sparql")
async def sparql_delete(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    graph: GraphParam = None,
    default: DefaultParam = None,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Remove a graph (204; 404 when there is none). Needs `Authorization: Bearer <token>`."""
    return await _write_graph(request, store, settings, _required_target(request), "DELETE", authorization)
