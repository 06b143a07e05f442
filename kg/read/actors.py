"""Questions about actors: search by name, one actor, and the actors related to it with the evidence."""

from __future__ import annotations

from typing import Any

from kg.errors import BadInput
from kg.models import ActorKind
from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, iri
from kg.read.records import (
    Actor,
    ActorMatch,
    ActorRef,
    ArticleRef,
    Direction,
    Evidence,
    Relation,
    Relations,
)
from kg.read.values import decimal, key, local_name, number, split_list, text
from kg.store import Row

__all__ = ["ARTICLES_LISTED", "EVIDENCE_KEPT", "actor_relations", "find_actors", "get_actor"]

ARTICLES_LISTED = 100
"""Articles listed with an actor, newest first: a busy actor is named by thousands."""
EVIDENCE_KEPT = 5
"""Most evidence sentences given with each related actor, newest first (the count of all comes too)."""


def find_actors(
    canned: Canned, q: str = "", kind: ActorKind | None = None, limit: int = 100
) -> list[ActorMatch]:
    """Actors whose name contains `q` (any case; all when empty), of `kind`, most mentioned first."""
    rows = canned.rows("find_actors", q=q.strip(), kind=iri(CONF[kind.value] if kind else CONF.Actor))
    return [
        ActorMatch(
            id=key(row["actor"]),
            label=text(row.get("label")) or key(row["actor"]),
            kind=local_name(row.get("kind_iri"), "Actor"),
            iri=row["actor"].value,
            aliases=split_list(row.get("aliases")),
            articles=number(row.get("articles")) or 0,
        )
        for row in rows[:limit]
    ]


def _head(canned: Canned, actor: Any) -> Row:
    return canned.rows("get_actor", actor=actor)[0]


def _ref(actor: Any, head: Row) -> ActorRef:
    return ActorRef(id=key(actor), label=text(head.get("label")) or key(actor),
                    kind=local_name(head.get("kind_iri"), "Actor"))


def get_actor(canned: Canned, given: str) -> Actor:
    """The actor `given` names (slug, label or alias): names, kind, Wikidata id and newest articles."""
    actor = canned.resolve("actor", given)
    head = _head(canned, actor)
    rows = canned.rows("list_entity_articles", entity=actor)
    wikidata = head.get("wikidata")
    return Actor(
        **_ref(actor, head).model_dump(),
        iri=actor.value,
        aliases=split_list(head.get("aliases")),
        wikidata=key(wikidata) if wikidata is not None else None,
        articles=[
            ArticleRef(id=key(r["doc"]), title=text(r.get("title")), published=text(r.get("published")))
            for r in rows[:ARTICLES_LISTED]
        ],
        article_count=len(rows),
    )


def actor_relations(canned: Canned, given: str, limit: int = 100, offset: int = 0,
                    evidence: int = EVIDENCE_KEPT) -> Relations:
    """The actors related to the actor `given` names, most attested first, `limit` of them from
    `offset`, each with its `evidence` newest evidence sentences and the count of all."""
    if limit < 1 or offset < 0 or not 0 <= evidence <= EVIDENCE_KEPT:
        raise BadInput(f"limit must be at least 1, offset at least 0, evidence from 0 to {EVIDENCE_KEPT}.")
    actor = canned.resolve("actor", given)
    head = _head(canned, actor)
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in canned.rows("list_actor_relations", actor=actor):
        other, type_ = row["other"], row["type"].value
        rel = grouped.setdefault((other.value, type_), {
            "actor": ActorRef(id=key(other), label=text(row.get("other_label")) or key(other),
                              kind=local_name(row.get("other_kind"), "Actor")),
            "ways": set(), "docs": set(), "evidence": [],
        })
        rel["ways"].add(row["outgoing"].value == "true")
        if row.get("doc") is not None:
            rel["docs"].add(row["doc"].value)
            if row.get("sentence") is not None:
                rel["evidence"].append(Evidence(
                    article=key(row["doc"]), title=text(row.get("title")),
                    published=text(row.get("published")), sentence=row["sentence"].value,
                    start=number(row.get("start")), end=number(row.get("end")),
                    confidence=decimal(row.get("confidence")),
                ))
    relations = []
    for (_other, type_), rel in grouped.items():
        ways = rel["ways"]
        symmetric = type_ != "supports"
        direction: Direction = "outgoing" if True in ways else "incoming"
        if symmetric or len(ways) == 2:
            direction = "mutual"
        found: list[Evidence] = sorted(rel["evidence"], key=lambda e: (e.article, e.start or -1))
        found.sort(key=lambda e: e.published or "", reverse=True)
        relations.append(Relation(actor=rel["actor"], type=type_, direction=direction,
                                  articles=len(rel["docs"]), evidence=found[:evidence],
                                  evidence_count=len(found)))
    relations.sort(key=lambda r: (-r.articles, r.type, r.actor.label.lower()))
    return Relations(actor=_ref(actor, head), relations=relations[offset:offset + limit],
                     total=len(relations), limit=limit, offset=offset)
