"""A parsed article to its facts: entities, relations, operations and statements."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.casualties import find_casualties
from kg.extract.coref import resolve as resolve_coreference
from kg.extract.entities import ArticleEntities, EntityFinder, EntityInfo, Mention
from kg.extract.operations import find_operations
from kg.extract.pipeline import dateline_day
from kg.extract.relation_cues import CueLemmas
from kg.extract.relations import find_relations
from kg.extract.statements import find_statements
from kg.models import (
    Actor,
    ActorKind,
    Article,
    Evidence,
    Facts,
    Operation,
    OperationKind,
    Place,
    PlaceKind,
    Relation,
    RelationKind,
    Span,
    Statement,
)


@lru_cache(maxsize=4)
def entity_finder(nlp: Language) -> EntityFinder:
    """One finder per pipeline: its phrase matchers take a second to build."""
    return EntityFinder(nlp)


def facts_from_doc(doc: Doc, article: Article, nlp: Language) -> Facts:
    """Every fact of one parsed article; only entities that some fact or mention uses are kept."""
    CueLemmas()(doc)
    ents = entity_finder(nlp)(doc)
    resolve_coreference(doc, ents)
    relations = _relations(doc, ents)
    # relative days ("on Tuesday", "four days ago") count from the day the story was written
    written = dateline_day(doc, article.published) or article.published
    operations = _operations(doc, ents, written)
    statements = _statements(ents)
    for op in operations:
        for a, t in _hostile_pairs(op):
            if a != t and ents.kind_of(a) is not None and ents.kind_of(t) is not None:
                relations.setdefault(
                    (RelationKind.OPPOSES, a, t),
                    Relation(
                        RelationKind.OPPOSES,
                        a,
                        t,
                        Evidence(op.evidence.sentence, op.evidence.start, op.evidence.end, 0.5),
                    ),
                )
    _known_ends(ents, relations, operations, statements)
    casualties = tuple(find_casualties(ents, written, operations))
    actors, places = _entities(ents)
    relation_facts = _dedupe_symmetric(relations)
    return Facts(article, actors, places, relation_facts, tuple(operations), tuple(statements), casualties)


def _hostile_pairs(op: Operation) -> list[tuple[str, str]]:
    """Who opposes whom by an operation: its agents its targets, and the sides of a clash with none."""
    if op.targets:
        return [(a, t) for a in op.agents for t in op.targets]
    if op.kind is OperationKind.CLASH:  # "clashes between X and Y": both sides are agents
        return [(a, b) for i, a in enumerate(op.agents) for b in op.agents[i + 1 :]]
    return []


def _known_ends(
    ents: ArticleEntities,
    relations: dict[tuple[RelationKind, str, str], Relation],
    operations: list[Operation],
    statements: list[Statement],
) -> None:
    """Every actor a fact names is an entity of the article: from the gazetteer, or the fact goes."""

    def known(key: str) -> bool:
        if key in ents.entities:
            return True
        entry = ents.gazetteer.actors.get(key)
        if entry is None:
            return False
        ents.entities[key] = EntityInfo(key, entry.label, entry.kind, False, country=entry.country)
        return True

    for key in [k for k in relations if not (known(k[1]) and known(k[2]))]:
        del relations[key]
    operations[:] = [op for op in operations if all(known(a) for a in (*op.agents, *op.targets))]
    statements[:] = [st for st in statements if known(st.speaker)]


def _evidence(token: Token, confidence: float) -> Evidence:
    sent = token.sent
    raw = sent.text
    text = raw.strip()
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return Evidence(text, start, start + len(text), confidence)


def _relations(doc: Doc, ents: ArticleEntities) -> dict[tuple[RelationKind, str, str], Relation]:
    out: dict[tuple[RelationKind, str, str], Relation] = {}
    for r in find_relations(doc, ents):
        out.setdefault(
            (r.kind, r.source, r.target),
            Relation(r.kind, r.source, r.target, _evidence(r.trigger, r.confidence)),
        )
    return out


def _dedupe_symmetric(rels: dict[tuple[RelationKind, str, str], Relation]) -> tuple[Relation, ...]:
    out: list[Relation] = []
    seen: set[tuple[RelationKind, str, str]] = set()
    for (kind, a, b), rel in rels.items():
        key = (kind, *sorted((a, b))) if kind.symmetric else (kind, a, b)
        if key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            out.append(rel)
    return tuple(out)


def _operations(doc: Doc, ents: ArticleEntities, written: date | None) -> list[Operation]:
    out = []
    for op in find_operations(doc, ents, written):
        out.append(
            Operation(
                op.kind,
                _evidence(op.trigger, op.confidence),
                tuple(op.agents),
                tuple(op.targets),
                op.location,
                op.date,
                op.trigger.text,
            )
        )
    return out


def _statements(ents: ArticleEntities) -> list[Statement]:
    out = []
    text = ents.text
    for s in find_statements(ents):
        q = s.quote
        sentence = text[q.sentence_start : q.sentence_end].strip()
        out.append(
            Statement(
                s.speaker, q.text, Evidence(sentence, q.sentence_start, q.sentence_start + len(sentence), 0.7)
            )
        )
    return out


def _entities(ents: ArticleEntities) -> tuple[tuple[Actor, ...], tuple[Place, ...]]:
    actors: list[Actor] = []
    places: list[Place] = []
    for info in ents.entities.values():
        spans = tuple(_span(ents, m) for m in info.mentions)
        aliases = tuple(sorted(a for a in info.aliases if a != info.label))
        if info.is_place:
            assert isinstance(info.kind, PlaceKind)
            places.append(Place(info.key, info.label, info.kind, info.parent, aliases, spans))
        else:
            assert isinstance(info.kind, ActorKind)
            actors.append(Actor(info.key, info.label, info.kind, aliases, spans))
    return tuple(actors), tuple(places)


def _span(ents: ArticleEntities, mention: Mention) -> Span:
    """Where a mention stands in the text (`doc[start:end].text` is that stretch of the Doc's text)."""
    doc = ents.doc
    last = doc[mention.end - 1]
    start, end = doc[mention.start].idx, last.idx + len(last.text)
    return Span(start, end, ents.text[start:end])
