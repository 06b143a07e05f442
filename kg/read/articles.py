"""Questions about articles: a page of them, newest first, and one article with the facts it states."""

from __future__ import annotations

from kg.errors import NotFound
from kg.rdf import iris
from kg.read.canned import Canned, iri
from kg.read.operations import find_operations
from kg.read.records import (
    ArticleDetail,
    ArticleMeta,
    ArticlePage,
    ArticleRelation,
    EntityRef,
    Mention,
    MentionedEntity,
)
from kg.read.statements import find_statements
from kg.store import OxTerm, Row
from kg.summaries import NEWEST_KEPT, newest_node
from kg.values import decimal, key, local_name, number, text

__all__ = ["get_article", "list_articles"]


def _meta(row: Row, graph: OxTerm) -> ArticleMeta:
    return ArticleMeta(id=key(row["doc"]), title=text(row.get("title")), published=text(row.get("published")),
                       source=text(row.get("source")), url=text(row.get("url")), graph=graph.value)


def list_articles(canned: Canned, limit: int = 100, offset: int = 0) -> ArticlePage:
    """The articles in the store with their metadata, newest first, `limit` of them from `offset`."""
    if offset + limit <= NEWEST_KEPT:
        # Within the newest articles the index graph keeps in order: named by rank, no sort.
        nodes: list[OxTerm] = [newest_node(rank) for rank in range(offset, offset + limit)]
        ranks = {node.value: rank for rank, node in enumerate(nodes)}
        named = canned.rows_each("list_newest_articles", "node", nodes)
        rows = sorted(named, key=lambda row: ranks[row["node"].value])
    else:
        rows = canned.page("list_articles", {}, limit, offset)
    if len(rows) < limit and offset + limit > NEWEST_KEPT:
        # Past the dated articles: the undated ones follow, counted from the end of the dated ones.
        counted = canned.rows("count_dated_articles")[0].get("articles") if not rows else None
        dated = offset + len(rows) if rows else number(counted) or 0
        rows += canned.page("list_undated_articles", {}, limit - len(rows), max(0, offset - dated))
    graphs = {row["doc"].value: row["graph"] for row in rows}
    found: dict[str, ArticleMeta] = {}
    if graphs:
        docs: list[OxTerm] = [iri(doc) for doc in graphs]
        for row in canned.rows_each("get_articles", "doc", docs):
            # An article given two titles (by a SPARQL update): its first row.
            found.setdefault(row["doc"].value, _meta(row, graphs[row["doc"].value]))
    return ArticlePage(articles=[found[doc] for doc in graphs if doc in found], limit=limit, offset=offset)


def _entity(row: Row, name: str) -> EntityRef:
    return EntityRef(id=key(row[name]), label=text(row.get(f"{name}_label")) or key(row[name]))


def get_article(canned: Canned, article_id: str) -> ArticleDetail:
    """One article: metadata, text, where it names actors and places, and the facts it states."""
    doc = iri(iris.article(article_id))
    rows = canned.rows("get_article", doc=doc)
    if not rows:
        raise NotFound(f"No article has the id {article_id!r}.")
    mentions = [
        Mention(
            start=number(r["start"]) or 0,
            end=number(r["end"]) or 0,
            text=text(r.get("text")),
            entity=MentionedEntity(
                id=key(r["entity"]),
                label=text(r.get("label")) or key(r["entity"]),
                type="actor" if r["type"].value == "actor" else "place",
                kind=local_name(r.get("kind"), "Actor" if r["type"].value == "actor" else "Location"),
            ),
        )
        for r in canned.rows("list_article_mentions", doc=doc)
    ]
    relations = [
        ArticleRelation(
            type=r["type"].value,
            source=_entity(r, "source"),
            target=_entity(r, "target"),
            sentence=text(r.get("sentence")),
            start=number(r.get("start")),
            end=number(r.get("end")),
            confidence=decimal(r.get("confidence")),
        )
        for r in canned.rows("list_article_relations", doc=doc)
    ]
    return ArticleDetail(
        **_meta(rows[0], rows[0]["graph"]).model_dump(),
        text=text(rows[0].get("text")),
        mentions=mentions,
        relations=relations,
        operations=find_operations(canned, article=doc),
        statements=find_statements(canned, article=doc),
    )
