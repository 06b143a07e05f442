"""Questions about actors: search by name, one actor, and the actors related to it with the evidence."""

from __future__ import annotations

import json
from typing import Any

from kg.errors import BadInput
from kg.index import GRAM
from kg.models import ActorKind
from kg.rdf.iris import key_of
from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, Param, iri
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
from kg.store import OxTerm, Row
from kg.summaries import ARTICLES_KEPT, EVIDENCE_KEPT, claim_node, pair_node
from kg.values import decimal, key, local_name, number, split_list, text

__all__ = [
    "ARTICLES_KEPT", "BANDS_ASKED_TOGETHER", "EVIDENCE_KEPT", "actor_relations", "find_actors", "get_actor",
]


def find_actors(
    canned: Canned, q: str = "", kind: ActorKind | None = None, limit: int = 100
) -> list[ActorMatch]:
    """Actors whose name contains `q` (any case; all when empty), of `kind`, most mentioned first."""
    wanted = q.strip()
    params: dict[str, Param] = {"q": wanted, "kind": iri(CONF[kind.value] if kind else CONF.Actor)}
    found: list[OxTerm]
    if len(wanted) >= GRAM:
        found = _by_name_runs(canned, wanted, params, limit)
    else:
        found = [row["actor"] for row in canned.page("find_actors", params, limit)]
    details = canned.rows_each("get_actor", "actor", found) if found else []
    heads = {row["actor"].value: row for row in details}
    return [
        ActorMatch(
            **_ref(actor, heads[actor.value]).model_dump(),
            iri=actor.value,
            aliases=split_list(heads[actor.value].get("aliases")),
            articles=number(heads[actor.value].get("articles")) or 0,
        )
        for actor in found
        if actor.value in heads
    ]


BANDS_ASKED_TOGETHER = (range(64, 9, -1), *((band,) for band in range(9, -1, -1)))
"""The count bands (kg/index.py `count_band`) a name search asks about in one query, most mentioned
first: the first reaches down to 512 articles, where few actors are, then one band at a time, so that
a common word stops once its page is full, having read about as many actors as the page holds, instead
of sorting every actor that has it (each costs some ten lookups)."""


def _by_name_runs(canned: Canned, wanted: str, params: dict[str, Param], limit: int) -> list[OxTerm]:
    """The actors `find_actors` answers for a text of GRAM characters or more, from the index's runs of
    names: three of the text's runs (first, middle, last), bound with a band each time, and the bands
    read from the top until `limit` actors are found. The bands hold disjoint ranges of counts, so
    pages of successive bands, each most mentioned first, are in order together."""
    lowered = wanted.lower()
    middle = (len(lowered) - GRAM) // 2
    runs = (lowered[:GRAM], lowered[middle:middle + GRAM], lowered[-GRAM:])
    found: list[OxTerm] = []
    for bands in BANDS_ASKED_TOGETHER:
        rows = [[f"{run} {band}" for run in runs] for band in bands]
        table = (("first", "middle", "last"), rows)
        found += [row["actor"] for row in canned.page("find_actors_by_name", params, limit - len(found),
                                                      table=table)]
        if len(found) >= limit:
            break
    return found


def _head(canned: Canned, actor: OxTerm) -> Row:
    return canned.rows("get_actor", actor=actor)[0]


def _ref(actor: OxTerm, head: Row) -> ActorRef:
    return ActorRef(id=key(actor), label=text(head.get("label")) or key(actor),
                    kind=local_name(head.get("kind_iri"), "Actor"))


def get_actor(canned: Canned, given: str) -> Actor:
    """The actor `given` names (slug, label or alias): names, kind, Wikidata id and newest articles."""
    actor = canned.resolve("actor", given)
    head = _head(canned, actor)
    wikidata = head.get("wikidata")
    return Actor(
        **_ref(actor, head).model_dump(),
        iri=actor.value,
        aliases=split_list(head.get("aliases")),
        wikidata=key(wikidata) if wikidata is not None else None,
        articles=[
            ArticleRef(id=key(r["doc"]), title=text(r.get("title")), published=text(r.get("published")))
            for r in canned.rows("list_entity_articles", entity=actor)
        ],
        article_count=number(head.get("articles")) or 0,
    )


def actor_relations(canned: Canned, given: str, limit: int = 100, offset: int = 0,
                    evidence: int = EVIDENCE_KEPT) -> Relations:
    """The actors related to the actor `given` names, most attested first, `limit` of them from
    `offset`, each with its `evidence` newest evidence sentences and the count of all.

    Read from the counterpart summaries the index graph keeps (kg/summaries.py): the page's nodes by
    IRI, each with one packed value, so the answer costs the same however many articles there are.
    """
    if limit < 1 or offset < 0 or not 0 <= evidence <= EVIDENCE_KEPT:
        raise BadInput(f"limit must be at least 1, offset at least 0, evidence from 0 to {EVIDENCE_KEPT}.")
    actor = canned.resolve("actor", given)
    head = _head(canned, actor)
    total = number(head.get("counterparts")) or 0
    pairs: list[OxTerm] = [pair_node(actor, rank) for rank in range(offset, min(offset + limit, total))]
    page = canned.rows_each("list_actor_relations", "pair", pairs) if pairs else []
    if any("packed" not in row for row in page):
        relations = _relations_by_facts(canned, pairs, evidence)
    else:
        order = {pair.value: rank for rank, pair in enumerate(pairs)}
        page.sort(key=lambda row: order[row["pair"].value])
        relations = [_relation(row, json.loads(row["packed"].value), evidence) for row in page]
    return Relations(actor=_ref(actor, head), relations=relations, total=total, limit=limit, offset=offset)


def _relation(row: Row, packed: dict[str, Any], evidence: int) -> Relation:
    """A counterpart from its node's packed listing (kg/summaries.py `_counterparts`)."""
    sentences = [found for fields in packed.get("evidence", ()) if (found := _evidence(fields)) is not None]
    return _counterpart(row, packed.get("type", ""), packed.get("direction"), packed.get("articles"),
                        packed.get("evidence_count"), sentences, evidence)


def _counterpart(row: Row, relation: str, way: object, articles: object, stated: object,
                 sentences: list[Evidence], evidence: int) -> Relation:
    other = row["other"]
    sentences = sorted(sentences, key=lambda e: (e.article, e.start or -1))
    sentences.sort(key=lambda e: e.published or "", reverse=True)  # newest first, undated last
    direction: Direction = way if way in ("outgoing", "incoming") else "mutual"  # type: ignore[assignment]
    return Relation(
        actor=ActorRef(id=key(other), label=text(row.get("other_label")) or key(other),
                       kind=local_name(row.get("other_kind"), "Actor")),
        type=relation,
        direction=direction,
        articles=articles if isinstance(articles, int) else 0,
        evidence=sentences[:evidence],
        evidence_count=stated if isinstance(stated, int) else 0,
    )


def _relations_by_facts(canned: Canned, pairs: list[OxTerm], evidence: int) -> list[Relation]:
    """The counterparts of `pairs` read field by field, and their evidence claim by claim: for an index
    that keeps no packed listing of its counterpart nodes."""
    page = canned.rows_each("list_actor_relation_facts", "pair", pairs)
    found: dict[str, list[Evidence]] = {row["pair"].value: [] for row in page}
    if page and evidence:
        # The newest `evidence` claims of each pair, named by rank: the others are not read.
        slots: list[OxTerm] = [claim_node(pair, newest) for pair in pairs for newest in range(evidence)]
        unlisted: list[OxTerm] = []
        for row in canned.rows_each("list_relation_listings", "slot", slots):
            if "listing" not in row:
                unlisted.append(row["slot"])
            elif (packed := _evidence(json.loads(row["listing"].value))) is not None:
                found[row["slot"].value.rsplit("/", 1)[0]].append(packed)
        for row in canned.rows_each("list_relation_evidence", "slot", unlisted) if unlisted else ():
            found[row["slot"].value.rsplit("/", 1)[0]].append(Evidence(
                article=key(row["doc"]), title=text(row.get("title")), published=text(row.get("published")),
                sentence=row["sentence"].value, start=number(row.get("start")), end=number(row.get("end")),
                confidence=decimal(row.get("confidence")),
            ))
    return [_counterpart(row, row["type"].value, text(row.get("direction")), number(row.get("articles")),
                         number(row.get("evidence_count")), found[row["pair"].value], evidence)
            for row in page]


def _evidence(fields: dict[str, Any]) -> Evidence | None:
    """The evidence a claim's listing fields give (kg/summaries.py `listed_fields`); None without an
    article or a sentence, as list_relation_evidence.rq finds none then."""
    docs, sentences = fields.get("doc"), fields.get("evidence")
    if not docs or not sentences:
        return None

    def first(name: str) -> Any:
        values = fields.get(name)
        return values[0] if values else None

    return Evidence(article=key_of(docs[0]), title=first("title"), published=first("published"),
                    sentence=sentences[0], start=first("start"), end=first("end"),
                    confidence=first("confidence"))
