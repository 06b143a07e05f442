"""Questions about statements: the words actors are quoted as saying, with their source sentence."""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, iri, optional
from kg.read.records import EntityRef, Statement
from kg.summaries import LISTED_KEPT
from kg.values import key, number, text

__all__ = ["find_statements"]


def _start(speaker: ox.NamedNode | None, article: ox.NamedNode | None, limit: int | None) -> str:
    """The query to walk from: the speaker's first statements (kept in the index graph) when the page
    lies among them, else all of the speaker's, else every statement."""
    if speaker is None:
        return "list_statements"
    if article is None and limit is not None and limit <= LISTED_KEPT:
        return "list_first_statements"
    return "list_statements_by_speaker"


def find_statements(
    canned: Canned,
    *,
    speaker: ox.NamedNode | None = None,
    article: ox.NamedNode | None = None,
    limit: int | None = None,
) -> list[Statement]:
    """Statements of `speaker` and/or in `article`, by article and offset (the first `limit` of them);
    with a speaker, the walk starts from that speaker."""
    params = {
        **optional("speaker", speaker, iri(CONF.Actor)),
        **optional("article", article, iri(CONF.Article)),
    }
    rows = canned.page(_start(speaker, article, limit), params, limit)
    labels = canned.labels(row["who"] for row in rows)
    return [
        Statement(
            id=row["st"].value.split("/id/", 1)[-1],
            speaker=EntityRef(id=key(row["who"]),
                              label=text(labels.get(row["who"], {}).get("label")) or key(row["who"])),
            quote=row["quote"].value,
            article=key(row["doc"]) if row.get("doc") is not None else None,
            evidence=text(row.get("evidence")),
            start=number(row.get("start")),
            end=number(row.get("end")),
        )
        for row in rows
    ]
