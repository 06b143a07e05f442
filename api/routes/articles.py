"""Articles: post one to extract its facts, list them, read one back with its facts, delete one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from api.answer import RecordJSON
from api.deps import (
    CannedDep,
    ExtractorDep,
    IngestLockDep,
    SettingsDep,
    StoreDep,
    require_update_token,
)
from api.schemas import ArticleCreated
from kg import ingest, read
from kg.errors import PayloadTooLarge
from kg.ingest import IngestResult
from kg.models import EARLIEST_PUBLISHED, LATEST_PUBLISHED, Article, published_in_range, web_address
from kg.read.records import ArticleDetail, ArticlePage

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

    @field_validator("text", "title", "source", "url")
    @classmethod
    def _is_unicode(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("holds a lone surrogate, which is not Unicode text") from None
        return value

    @field_validator("url")
    @classmethod
    def _is_web_address(cls, url: str | None) -> str | None:
        if url is not None and url.strip() and web_address(url) is None:
            raise ValueError("must be an http:// or https:// address")
        return url

    @field_validator("published")
    @classmethod
    def _is_a_date(cls, published: str | None) -> str | None:
        # date.fromisoformat raises ValueError for 2024-02-30 too
        if published is not None and not published_in_range(date.fromisoformat(published)):
            raise ValueError(f"must lie between {EARLIEST_PUBLISHED} and {LATEST_PUBLISHED}")
        return published

    def to_article(self) -> Article:
        return Article(
            text=self.text,
            title=self.title or None,
            published=date.fromisoformat(self.published) if self.published else None,
            source=self.source or None,
            url=self.url or None,
        )


@router.post("", status_code=201, dependencies=[Depends(require_update_token)])
async def post_article(
    body: ArticleIn,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    lock: IngestLockDep,
    extractor: ExtractorDep,
) -> ArticleCreated:
    """Extract the facts of one article into its own named graph; the same text again replaces that graph.

    Extraction runs in a worker process within `KG_EXTRACT_TIMEOUT` seconds: past it the answer is 422
    and nothing is written. Needs `Authorization: Bearer <update token>` when a token is configured.
    """
    if len(body.text) > settings.max_article_chars:
        raise PayloadTooLarge(
            f"The text has {len(body.text)} characters; the limit is {settings.max_article_chars}."
        )
    article = body.to_article()

    def write() -> IngestResult:
        # One article at a time: extraction in the pool's worker process, then one write transaction.
        with lock:
            return ingest.ingest_article(store, article, pool=extractor)

    result = await run_in_threadpool(write)
    response.headers["Location"] = f"/articles/{result.article_id}"
    return ArticleCreated(
        id=result.article_id,
        graph=str(result.graph),
        title=article.title,
        triples=result.triples,
        actors=result.actors,
        places=result.places,
        relations=result.relations,
        operations=result.operations,
        statements=result.statements,
    )


@router.get("", response_model=ArticlePage)
def list_articles(
    canned: CannedDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Articles in this page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Articles skipped before it.")] = 0,
) -> RecordJSON:
    """The articles in the store with their metadata, newest first, a page at a time."""
    return RecordJSON(read.list_articles(canned, limit, offset))


@router.get("/{article_id}", response_model=ArticleDetail)
def get_article(article_id: ArticleId, canned: CannedDep) -> RecordJSON:
    """One article: metadata, text, where it names actors and places, and the facts it states."""
    return RecordJSON(read.get_article(canned, article_id))


@router.delete("/{article_id}", status_code=204, dependencies=[Depends(require_update_token)])
def delete_article(article_id: ArticleId, store: StoreDep) -> Response:
    """Remove an article and every fact extracted from it (needs `Authorization: Bearer <update token>`)."""
    ingest.delete_article(store, article_id)
    return Response(status_code=204)
