"""Questions about statements: the words actors are quoted as saying, with their source sentence."""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, iri, optional
from kg.read.records import EntityRef, Statement
from kg.read.values import key, number, text

__all__ = ["find_statements"]


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
    return [
        Statement(
            id=row["st"].value.split("/id/", 1)[-1],
            speaker=EntityRef(id=key(row["who"]), label=text(row.get("who_label")) or key(row["who"])),
            quote=row["quote"].value,
            article=key(row["doc"]) if row.get("doc") is not None else None,
            evidence=text(row.get("evidence")),
            start=number(row.get("start")),
            end=number(row.get("end")),
        )
        for row in canned.page("list_statements_by_speaker" if speaker else "list_statements", params, limit)
    ]
