"""The explorer: a single page over the REST API, its static files, example queries and map outlines.

Everything the page needs is served from here, so it works with no network access:
its own HTML, CSS and JavaScript modules from `api/static/`, the canned queries of
`queries/*.rq` as editor examples, and the world's country outlines from the npm package
`world-atlas` that `make install` puts in `node_modules/`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.schemas import ExampleQueries, ExampleQuery
from kg.errors import NotFound

router = APIRouter(tags=["explorer"], include_in_schema=False)

PROJECT_DIR = Path(__file__).resolve().parents[2]
STATIC_DIR = PROJECT_DIR / "api" / "static"
QUERY_DIR = PROJECT_DIR / "queries"
WORLD_OUTLINES = PROJECT_DIR / "node_modules" / "world-atlas" / "countries-110m.json"
"""Natural Earth 1:110m country outlines as TopoJSON, in longitude and latitude degrees."""

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
# The page changes with the code; a revalidation per load is cheap on loopback and never stale.
NO_STALE = {"Cache-Control": "no-cache"}


@router.get("/")
def index() -> FileResponse:
    """The explorer page."""
    return FileResponse(STATIC_DIR / "index.html", media_type=MEDIA_TYPES[".html"], headers=NO_STALE)


@router.get("/explorer/static/{path:path}")
def static_file(path: str) -> FileResponse:
    """One of the explorer's own files (CSS, JavaScript modules); nothing outside `api/static/`."""
    if "\x00" in path:
        raise NotFound(f"The explorer has no file {path!r}.")
    file = (STATIC_DIR / path).resolve()
    if not file.is_relative_to(STATIC_DIR) or not file.is_file() or file.suffix not in MEDIA_TYPES:
        raise NotFound(f"The explorer has no file {path!r}.")
    return FileResponse(file, media_type=MEDIA_TYPES[file.suffix], headers=NO_STALE)


def _describe(text: str) -> str:
    """The leading `#` comment lines of a query, joined into one paragraph."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


@router.get("/explorer/queries")
def example_queries() -> ExampleQueries:
    """The canned queries as editor examples: name, description and SPARQL text."""
    examples = []
    for file in sorted(QUERY_DIR.glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        examples.append(ExampleQuery(name=file.stem, description=_describe(text), query=text))
    return ExampleQueries(queries=examples)


@router.get("/explorer/world.json")
def world_outlines() -> FileResponse:
    """The world's country outlines (TopoJSON) for the operations map."""
    if not WORLD_OUTLINES.is_file():
        raise NotFound("The map outlines are not installed: run `make install` (npm package world-atlas).")
    return FileResponse(WORLD_OUTLINES, media_type="application/json",
                        headers={"Cache-Control": "max-age=86400"})
