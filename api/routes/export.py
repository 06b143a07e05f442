"""GET /export: the whole dataset, the default graph, or one article's graph, as RDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.errors import NotAcceptable
from api.negotiation import negotiate
from kg.errors import BadInput, NotFound
from kg.rdf import iris

router = APIRouter(tags=["export"])

MEDIA_TYPES = {
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
FORMAT_NAMES = {
    "trig": "trig",
    "nquads": "nquads",
    "nq": "nquads",
    "n-quads": "nquads",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
}
EXTENSIONS = {"trig": "trig", "nquads": "nq", "turtle": "ttl", "ntriples": "nt"}


@router.get("/export")
async def export(
    store: StoreDep,
    format: Annotated[
        str | None,
        Query(
            description="trig (default) or nquads for every graph; turtle or "
            "ntriples for the default graph (the union) or one article."
        ),
    ] = None,
    article: Annotated[
        str | None, Query(max_length=300, description="An article id: export its graph only.")
    ] = None,
    graph: Annotated[str | None, Query(description="A graph IRI: export that graph only.")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Every graph as TriG or N-Quads, the union of all as Turtle, or one graph (an article's, or any
    named by its IRI) as Turtle."""
    if article and graph:
        raise BadInput("Name one graph: either 'article' or 'graph'.")
    if article:
        graph = str(iris.article_graph(article))
    if format:
        name = FORMAT_NAMES.get(format.lower())
        if name is None:
            raise BadInput(f"Unknown export format {format!r}; use trig, nquads, turtle or ntriples.")
    else:
        offered = (
            ["text/turtle", "application/n-triples"]
            if graph
            else ["application/trig", "application/n-quads", "text/turtle", "application/n-triples"]
        )
        media = negotiate(accept, offered, graph=True)
        if media is None:
            raise NotAcceptable(f"None of the accepted types can be served; available: {', '.join(offered)}.")
        name = next(key for key, value in MEDIA_TYPES.items() if value == media)
    if graph and name in ("trig", "nquads"):
        raise BadInput("One graph is exported as turtle or ntriples.")
    if graph and not store.has_graph(graph):
        raise NotFound(f"No article has the id {article!r}." if article else f"No graph {graph}.")
    body = await run_in_threadpool(store.dump, name, graph)
    filename = f"{article or ('graph' if graph else 'conflict-kg')}.{EXTENSIONS[name]}"
    return Response(
        body,
        media_type=MEDIA_TYPES[name] + "; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Vary": "Accept"},
    )
