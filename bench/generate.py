"""Synthetic N-Quads shaped like the conflict graph, at any size.

Articles are built as `kg.models.Facts` and turned into triples by the project's own
`kg.rdf.convert.article_triples`, so each article's named graph has exactly the shape an
ingest writes; a background graph adds coordinates, geometries, place hierarchy and
Wikidata links. Actors and places are drawn with a skewed (Zipf-like) popularity, so a few
are mentioned everywhere and most rarely, as in real news. The file ends with the entity index
graph of all of it (`kg.index`), as a store that ingested those articles holds it.

Run `python -m bench.generate OUT.nq --quads 1000000` to write a file by hand.
"""

from __future__ import annotations

import argparse
import itertools
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import index
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
from kg.rdf import iris
from kg.rdf.convert import article_triples
from kg.rdf.namespaces import CONF, GEO, WD, WGS84
from kg.store import Triple, from_ox

_SYLLABLES = ("al", "ba", "dar", "el", "fa", "ha", "ka", "lin", "mar", "na", "or", "qa", "ras", "sa",
              "tal", "um", "va", "wa", "yar", "zu", "ken", "dor", "mir", "sul", "bek", "tar")
_GROUP_WORDS = ("Brigade", "Front", "Movement", "Army", "Guard", "Legion", "Council", "Battalion",
                "Party", "Alliance", "Forces", "Union")
_ADJECTIVES = ("Northern", "Southern", "Free", "United", "Popular", "National", "Revolutionary",
               "Eastern", "Western", "Islamic", "Democratic", "Liberation")
_VERBS = {
    OperationKind.AIRSTRIKE: "struck", OperationKind.SHELLING: "shelled", OperationKind.ATTACK: "attacked",
    OperationKind.CAPTURE: "captured", OperationKind.ADVANCE: "advanced on",
    OperationKind.WITHDRAWAL: "withdrew from", OperationKind.SIEGE: "besieged",
    OperationKind.CLASH: "clashed with", OperationKind.BOMBING: "bombed",
    OperationKind.OFFENSIVE: "launched an offensive on", OperationKind.OTHER: "moved against",
}
_OUTLETS = ("Daily Wire Service", "Frontline Report", "Regional Herald", "World Desk", "Evening Courier")
_FIRST = date(2011, 1, 1)
_DAYS = 14 * 365


@dataclass(frozen=True)
class PoolActor:
    """An actor of the synthetic world: its key, names and kind."""

    key: str
    label: str
    kind: ActorKind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PoolPlace:
    """A place of the synthetic world, with its parent and coordinates."""

    key: str
    label: str
    kind: PlaceKind
    parent: str | None
    lat: float
    lon: float
    aliases: tuple[str, ...]


@dataclass
class Generated:
    """What a generation wrote, and the busiest entities, to aim queries at."""

    path: Path
    quads: int = 0
    articles: int = 0
    actors: int = 0
    places: int = 0
    hub_actor: str = ""
    busy_place: str = ""
    busy_region: str = ""
    top_speaker: str = ""
    label_word: str = ""
    relation_counts: Counter[str] = field(default_factory=Counter)
    place_counts: Counter[str] = field(default_factory=Counter)
    speaker_counts: Counter[str] = field(default_factory=Counter)


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def make_actors(rng: random.Random, n: int) -> list[PoolActor]:
    """`n` actors with distinct keys: states, forces, groups, people and organisations."""
    kinds = list(ActorKind)
    actors = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        base = _name(rng, 2)
        aliases: tuple[str, ...]
        if kind is ActorKind.PERSON:
            label = f"{_name(rng, 2)} {base}"
            aliases = (base,)
        elif kind is ActorKind.STATE:
            label = f"{base}ia"
            aliases = (f"Republic of {label}", f"{base}ian government")
        else:
            label = f"{rng.choice(_ADJECTIVES)} {base} {rng.choice(_GROUP_WORDS)}"
            aliases = (label.split()[1] + " " + label.split()[2],)
        actors.append(PoolActor(f"{base.lower()}-{i}", label, kind, aliases))
    return actors


def make_places(rng: random.Random, n: int) -> list[PoolPlace]:
    """`n` places: a few countries, regions inside them, settlements and districts inside those."""
    places: list[PoolPlace] = []
    countries = max(2, n // 200)
    regions = max(4, n // 20)
    for i in range(n):
        base = _name(rng, rng.choice((2, 3)))
        if i < countries:
            kind, parent = PlaceKind.COUNTRY, None
            lat, lon = rng.uniform(10, 45), rng.uniform(20, 60)
        else:
            is_region = i < countries + regions
            up = rng.choice(places[:countries] if is_region else places[countries:countries + regions])
            kind = PlaceKind.REGION if i < countries + regions else rng.choice(
                (PlaceKind.SETTLEMENT, PlaceKind.SETTLEMENT, PlaceKind.DISTRICT))
            parent = up.key
            lat, lon = up.lat + rng.uniform(-1.5, 1.5), up.lon + rng.uniform(-1.5, 1.5)
        aliases = (f"al-{base}", f"{base[:-1]}i{base[-1]}") if kind is PlaceKind.SETTLEMENT else ()
        places.append(PoolPlace(f"{base.lower()}-{i}", base, kind, parent, round(lat, 5), round(lon, 5),
                                aliases))
    return places


def _zipf(n: int, s: float = 0.9) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))


def _distinct(rng: random.Random, pool: Sequence[object], cum: list[float], k: int) -> list[int]:
    picked: dict[int, None] = {}
    index = range(len(pool))
    while len(picked) < k:
        picked[rng.choices(index, cum_weights=cum)[0]] = None
    return list(picked)


def make_article(rng: random.Random, n: int, actors: Sequence[PoolActor], actor_cum: list[float],
                 places: Sequence[PoolPlace], place_cum: list[float]) -> Facts:
    """One article's facts: a few actors and places, relations, operations and statements."""
    cast = [actors[i] for i in _distinct(rng, actors, actor_cum, rng.randint(3, 6))]
    where = [places[i] for i in _distinct(rng, places, place_cum, rng.randint(2, 4))]
    published = _FIRST + timedelta(days=rng.randrange(_DAYS))
    sentences: list[str] = []

    def say(sentence: str) -> Evidence:
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        return Evidence(sentence, start, start + len(sentence), round(rng.uniform(0.4, 0.95), 2))

    relations = []
    for _ in range(rng.randint(1, 3)):
        a, b = rng.sample(cast, 2)
        kind = rng.choice(list(RelationKind))
        relations.append(Relation(kind, a.key, b.key,
                                  say(f"{a.label} {kind.value} {b.label}, officials said.")))
    operations = []
    for _ in range(rng.randint(1, 4)):
        agent, target = rng.sample(cast, 2)
        place = rng.choice(where)
        op_kind = rng.choice(list(OperationKind))
        when = published - timedelta(days=rng.randrange(7))
        verb = _VERBS[op_kind]
        ev = say(f"{agent.label} {verb} {target.label} positions in {place.label} on {when:%A}.")
        operations.append(Operation(op_kind, ev, (agent.key,), (target.key,), place.key, when, verb))
    statements = []
    for _ in range(rng.randint(0, 2)):
        speaker = rng.choice(cast)
        quote = f"We will not stop until {rng.choice(where).label} is secure"
        statements.append(Statement(speaker.key, quote, say(f'"{quote}," {speaker.label} said.')))
    text = " ".join(sentences)

    def spans(label: str) -> tuple[Span, ...]:
        found: list[Span] = []
        at = text.find(label)
        while at >= 0 and len(found) < 3:
            found.append(Span(at, at + len(label), label))
            at = text.find(label, at + 1)
        return tuple(found)

    title = f"{cast[0].label} and {cast[1].label} in {where[0].label}"
    article = Article(text=f"{text} (report {n})", title=title,
                      published=published, source=rng.choice(_OUTLETS),
                      url=f"https://news.example.org/{published:%Y/%m}/{n}")
    return Facts(
        article,
        tuple(Actor(a.key, a.label, a.kind, (a.label,) + a.aliases[:1], spans(a.label)) for a in cast),
        tuple(Place(p.key, p.label, p.kind, p.parent, (p.label,), spans(p.label)) for p in where),
        tuple(relations), tuple(operations), tuple(statements),
    )


def background(actors: Sequence[PoolActor], places: Sequence[PoolPlace]) -> Iterator[Triple]:
    """The background graph's triples: kinds, labels, aliases, Wikidata links, coordinates, hierarchy."""
    for n, a in enumerate(actors):
        node = iris.actor(a.key)
        yield node, RDF.type, CONF.Actor
        yield node, RDF.type, CONF[a.kind.value]
        yield node, RDFS.label, Literal(a.label)
        for alias in a.aliases:
            yield node, SKOS.altLabel, Literal(alias)
        yield node, OWL.sameAs, WD[f"Q{1_000_000 + n}"]
    for n, p in enumerate(places):
        node = iris.place(p.key)
        yield node, RDF.type, CONF.Location
        yield node, RDF.type, CONF[p.kind.value]
        yield node, RDFS.label, Literal(p.label)
        for alias in p.aliases:
            yield node, SKOS.altLabel, Literal(alias)
        if p.parent:
            yield node, CONF.locatedIn, iris.place(p.parent)
        yield node, OWL.sameAs, WD[f"Q{5_000_000 + n}"]
        yield node, WGS84.lat, Literal(p.lat, datatype=XSD.decimal)
        yield node, WGS84.long, Literal(p.lon, datatype=XSD.decimal)
        geometry = BNode(f"geometry{n}")
        yield node, GEO.hasGeometry, geometry
        yield geometry, GEO.asWKT, Literal(f"POINT({p.lon} {p.lat})", datatype=GEO.wktLiteral)


def generate(path: Path, quads: int, seed: int = 7) -> Generated:
    """Write about `quads` quads (never fewer) to `path` as N-Quads; the same seed gives the same file."""
    rng = random.Random(seed)
    actors = make_actors(rng, max(60, quads // 500))
    places = make_places(rng, max(80, quads // 250))
    actor_cum, place_cum = _zipf(len(actors)), _zipf(len(places), 0.8)
    out = Generated(path, actors=len(actors), places=len(places))
    n3: dict[object, str] = {}

    def term(t: object) -> str:
        if isinstance(t, ox.NamedNode | ox.Literal):
            return str(t)  # pyoxigraph's N-Triples form
        if isinstance(t, URIRef):
            text = n3.get(t)
            if text is None:
                text = n3[t] = t.n3()
            return text
        assert isinstance(t, Literal | BNode)
        return t.n3()

    summary = index.Summary()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        graph = f" <{iris.BACKGROUND_GRAPH}> .\n"
        for s, p, o in background(actors, places):
            f.write(f"{term(s)} {term(p)} {term(o)}{graph}")
            summary.add(s, p, o, iris.BACKGROUND_GRAPH)
            out.quads += 1
        while out.quads < quads:
            facts = make_article(rng, out.articles, actors, actor_cum, places, place_cum)
            graph_iri = iris.article_graph(facts.article.id)
            graph = f" <{graph_iri}> .\n"
            triples = list(article_triples(facts))
            lines = [f"{t.subject} {t.predicate} {t.object}{graph}" for t in triples]
            f.writelines(lines)
            for t in triples:
                summary.add(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph_iri)
            out.quads += len(lines)
            out.articles += 1
            for rel in facts.relations:
                out.relation_counts.update((rel.source, rel.target))
            for op in facts.operations:
                if op.location:
                    out.place_counts[op.location] += 1
            out.speaker_counts.update(st.speaker for st in facts.statements)
        # The entity index, as kg.index builds it in a store: the file holds what a store holds.
        graph = f" <{index.INDEX_GRAPH}> .\n"
        for s, p, o in summary.triples():
            f.write(f"{term(s)} {term(p)} {term(o)}{graph}")
            out.quads += 1
    by_key = {p.key: p for p in places}
    out.hub_actor = out.relation_counts.most_common(1)[0][0]
    out.busy_place = out.place_counts.most_common(1)[0][0]
    region_counts: Counter[str] = Counter()
    for key, count in out.place_counts.items():
        parent = by_key[key].parent
        if parent and by_key[parent].kind is PlaceKind.REGION:
            region_counts[parent] += count
    out.busy_region = region_counts.most_common(1)[0][0]
    out.top_speaker = out.speaker_counts.most_common(1)[0][0]
    out.label_word = Counter(a.label.split()[-1] for a in actors if a.kind is ActorKind.ARMED_GROUP
                             ).most_common(1)[0][0]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Write a synthetic N-Quads file."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=main.__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    made = generate(args.out, args.quads, args.seed)
    print(f"{made.quads} quads, {made.articles} articles, {made.actors} actors, {made.places} places "
          f"-> {made.path}")


if __name__ == "__main__":
    main()
