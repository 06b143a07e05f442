"""Actors: search, one actor, and the relations between actors with their evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from rdflib import URIRef

from api.deps import QueriesDep, plain, split_list
from kg.models import ActorKind
from kg.rdf.iris import key_of
from kg.rdf.namespaces import CONF

router = APIRouter(prefix="/actors", tags=["actors"])

ActorId = Annotated[str, Path(description="The actor's slug, label or any alias, in any case.")]


def kind_name(iri: Any, default: str = "Actor") -> str:
    """The local name of a kind class ("...ontology#ArmedGroup" -> "ArmedGroup")."""
    return str(iri).rsplit("#", 1)[-1] if iri else default


@router.get("")
def find_actors(
    queries: QueriesDep,
    q: Annotated[str, Query(max_length=200, description="Part of a label or alias, any case.")] = "",
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Actors whose name contains `q`, most mentioned first."""
    rows = queries.select("find_actors", q=q.strip(), kind=CONF[kind.value] if kind else CONF.Actor)
    return {
        "actors": [
            {
                "id": key_of(row["actor"]),
                "label": plain(row.get("label")) or key_of(row["actor"]),
                "kind": kind_name(row.get("kind_iri")),
                "iri": str(row["actor"]),
                "aliases": split_list(row.get("aliases")),
                "articles": plain(row.get("articles")) or 0,
            }
            for row in rows[:limit]
        ]
    }


@router.get("/{actor_id}")
def get_actor(actor_id: ActorId, queries: QueriesDep) -> dict[str, Any]:
    """One actor with its aliases, Wikidata identifier and the articles that mention it."""
    iri = queries.resolve("actor", actor_id)
    row = queries.select("get_actor", actor=iri)[0]
    return {
        "id": key_of(iri),
        "label": plain(row.get("label")) or key_of(iri),
        "kind": kind_name(row.get("kind_iri")),
        "iri": str(iri),
        "aliases": split_list(row.get("aliases")),
        "wikidata": key_of(row["wikidata"]) if row.get("wikidata") else None,
        "articles": [
            {"id": key_of(r["doc"]), "title": plain(r.get("title")), "published": plain(r.get("published"))}
            for r in queries.select("list_entity_articles", entity=iri)
        ],
    }


def _evidence_order(evidence: dict[str, Any]) -> tuple[str, int, str]:
    start = evidence["start"]
    return evidence["article"], start if isinstance(start, int) else -1, evidence["sentence"]


@router.get("/{actor_id}/relations")
def list_actor_relations(actor_id: ActorId, queries: QueriesDep) -> dict[str, Any]:
    """Each actor related to this one: relation type, direction, supporting articles and sentences."""
    iri = queries.resolve("actor", actor_id)
    head = queries.select("get_actor", actor=iri)[0]
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in queries.select("list_actor_relations", actor=iri):
        other, type_ = URIRef(row["other"]), str(row["type"])
        rel = grouped.setdefault(
            (other, type_),
            {
                "actor": {
                    "id": key_of(other),
                    "label": plain(row.get("other_label")) or key_of(other),
                    "kind": kind_name(row.get("other_kind")),
                },
                "type": type_,
                "ways": set(),
                "docs": set(),
                "evidence": [],
            },
        )
        rel["ways"].add(bool(plain(row["outgoing"])))
        if row.get("doc") is not None:
            rel["docs"].add(str(row["doc"]))
            if row.get("sentence") is not None:
                rel["evidence"].append(
                    {
                        "article": key_of(row["doc"]),
                        "title": plain(row.get("title")),
                        "sentence": plain(row["sentence"]),
                        "start": plain(row.get("start")),
                        "end": plain(row.get("end")),
                        "confidence": plain(row.get("confidence")),
                    }
                )
    relations = []
    for rel in grouped.values():
        ways, docs = rel.pop("ways"), rel.pop("docs")
        rel["evidence"].sort(key=_evidence_order)
        symmetric = rel["type"] != "supports"
        direction = "mutual" if symmetric or len(ways) == 2 else ("outgoing" if True in ways else "incoming")
        relations.append(
            {
                "actor": rel["actor"],
                "type": rel["type"],
                "direction": direction,
                "articles": len(docs),
                "evidence": rel["evidence"],
            }
        )
    relations.sort(key=lambda r: (-r["articles"], r["type"], r["actor"]["label"].lower()))
    return {
        "actor": {
            "id": key_of(iri),
            "label": plain(head.get("label")) or key_of(iri),
            "kind": kind_name(head.get("kind_iri")),
        },
        "relations": relations,
    }
