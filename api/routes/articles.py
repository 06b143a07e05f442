"""Articles: post one to extract its facts, list them, read one back with its facts, delete one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from api.deps import IngestLockDep, QueriesDep, SettingsDep, StoreDep, plain, require_update_token
from api.routes.operations import find_operations
from api.routes.statements import find_statements
from kg import events, index
from kg.errors import NotFound, PayloadTooLarge
from kg.ingest import ingest_article
from kg.models import Article
from kg.rdf import iris
from kg.rdf.iris import key_of

router = APIRouter(prefix="/articles", tags=["articles"])

ArticleId = Annotated[str, Path(max_length=300, description="The article id returned by POST /articles.")]


class ArticleIn(BaseModel):
    """A news article to extract facts from."""

    model_config = ConfigDict(strict=True, extra="ignore")

    text: str = Field(description="The article text (plain text).")
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(
        default=None,
        description="Publication date, YYYY-MM-DD; relative dates in the text are resolved against it.",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
    )
    source: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)

    @field_validator("text")
    @classmethod
    def _has_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the text is empty")
        return text

    @field_validator("published")
    @classmethod
    def _is_a_date(cls, published: str | None) -> str | None:
        if published is not None:
            date.fromisoformat(published)  # ValueError for e.g. 2024-02-30
        return published

    def to_article(self) -> Article:
        return Article(
            text=self.text,
            title=self.title or None,
            published=date.fromisoformat(self.published) if self.published else None,
            source=self.source or None,
            url=self.url or None,
        )


def _metadata(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": key_of(row["doc"]),
        "title": plain(row.get("title")),
        "published": plain(row.get("published")),
        "source": plain(row.get("source")),
        "url": plain(row.get("url")),
        "graph": str(row["graph"]),
    }


@router.post("", status_code=201)
async def post_article(
    body: ArticleIn, response: Response, store: StoreDep, settings: SettingsDep, lock: IngestLockDep
) -> dict[str, Any]:
    """Extract the facts of one article into its own named graph; the same text again replaces that graph."""
    if len(body.text) > settings.max_article_chars:
        raise PayloadTooLarge(
            f"The text has {len(body.text)} characters; the limit is {settings.max_article_chars}."
        )
    article = body.to_article()

    def ingest() -> Any:
        # spaCy parsing is CPU-bound: it runs in a worker thread, one article at a time.
        with lock:
            return ingest_article(store, article)

    result = await run_in_threadpool(ingest)
    response.headers["Location"] = f"/articles/{result.article_id}"
    return {
        "id": result.article_id,
        "graph": str(result.graph),
        "title": article.title,
        "triples": result.triples,
        "actors": result.actors,
        "places": result.places,
        "relations": result.relations,
        "operations": result.operations,
        "statements": result.statements,
    }


@router.get("")
def list_articles(
    queries: QueriesDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Articles in this page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Articles skipped before it.")] = 0,
) -> dict[str, Any]:
    """The articles in the store with their metadata, newest first, a page at a time."""
    page: dict[str, dict[str, Any]] = {}
    for row in queries.select_page("list_articles", limit, offset):
        page.setdefault(str(row["doc"]), _metadata(row))
    return {"articles": list(page.values()), "limit": limit, "offset": offset}


@router.get("/{article_id}")
def get_article(article_id: ArticleId, queries: QueriesDep) -> dict[str, Any]:
    """One article: metadata, text, where it names actors and places, and the facts it states."""
    doc = iris.article(article_id)
    rows = queries.select("get_article", doc=doc)
    if not rows:
        raise NotFound(f"No article has the id {article_id!r}.")
    answer = _metadata(rows[0])
    answer["text"] = plain(rows[0].get("text"))
    answer["mentions"] = [
        {
            "start": plain(r["start"]),
            "end": plain(r["end"]),
            "text": plain(r.get("text")),
            "entity": {
                "id": key_of(r["entity"]),
                "label": plain(r.get("label")) or key_of(r["entity"]),
                "type": str(r["type"]),
                "kind": str(r["kind"]).rsplit("#", 1)[-1]
                if r.get("kind")
                else ("Actor" if str(r["type"]) == "actor" else "Location"),
            },
        }
        for r in queries.select("list_article_mentions", doc=doc)
    ]
    answer["relations"] = [
        {
            "type": str(r["type"]),
            "source": {
                "id": key_of(r["source"]),
                "label": plain(r.get("source_label")) or key_of(r["source"]),
            },
            "target": {
                "id": key_of(r["target"]),
                "label": plain(r.get("target_label")) or key_of(r["target"]),
            },
            "sentence": plain(r.get("sentence")),
            "start": plain(r.get("start")),
            "end": plain(r.get("end")),
            "confidence": plain(r.get("confidence")),
        }
        for r in queries.select("list_article_relations", doc=doc)
    ]
    answer["operations"] = find_operations(queries, article=doc)
    answer["statements"] = find_statements(queries, article=doc)
    return answer


@router.delete("/{article_id}", status_code=204, dependencies=[Depends(require_update_token)])
def delete_article(article_id: ArticleId, store: StoreDep, queries: QueriesDep) -> Response:
    """Remove an article and every fact extracted from it (needs `Authorization: Bearer <update token>`)."""
    if not queries.select("get_article", doc=iris.article(article_id)):
        raise NotFound(f"No article has the id {article_id!r}.")
    graph = str(iris.article_graph(article_id))
    with store.write_lock:
        patches = [index.patch_for(store, {graph: []}), events.patch_for(store, {graph: []})]
        store.replace_graphs({graph: []}, patch=patches)
    return Response(status_code=204)
