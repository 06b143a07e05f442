"""The ontology declares every term the code writes, and the SHACL shapes accept real article graphs only."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kg.models import (
    Actor,
    ActorKind,
    Article,
    CasualtyKind,
    CasualtyReport,
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
    VictimCategory,
)
from kg.rdf.convert import article_triples
from kg.rdf.namespaces import CONF, FOAF, GEO, SCHEMA, SEM

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "conflict.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
DECLARED_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def used_terms() -> set[str]:
    """Local names of every conf: term the converter writes, the architecture names, or an enum maps to."""
    source = (ROOT / "kg" / "rdf" / "convert.py").read_text(encoding="utf-8")
    names = set(re.findall(r"CONF\.(\w+)", source))
    names |= set(re.findall(r"conf:(\w+)", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")))
    # The converter writes CONF[kind.value] for these enums.
    for enum in (ActorKind, PlaceKind, RelationKind, OperationKind, CasualtyKind, VictimCategory):
        names |= {member.value for member in enum}
    return names


def test_ontology_header_has_version_and_licence() -> None:
    g = ontology()
    heads = list(g.subjects(RDF.type, OWL.Ontology))
    assert len(heads) == 1
    head = heads[0]
    assert g.value(head, OWL.versionInfo) is not None
    assert g.value(head, URIRef("http://purl.org/dc/terms/license")) is not None
    assert g.value(head, RDFS.label) is not None


@pytest.mark.parametrize("name", sorted(used_terms()))
def test_used_term_is_declared_labelled_and_commented(name: str) -> None:
    g = ontology()
    term = CONF[name]
    assert set(g.objects(term, RDF.type)) & DECLARED_TYPES, f"conf:{name} is not declared"
    assert g.value(term, RDFS.label) is not None, f"conf:{name} has no label"
    assert g.value(term, RDFS.comment) is not None, f"conf:{name} has no comment"


def test_every_property_has_domain_and_range() -> None:
    g = ontology()
    props = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(props) >= 20
    missing = [p for p in props if g.value(p, RDFS.domain) is None or g.value(p, RDFS.range) is None]
    assert missing == []


def test_every_conf_term_is_labelled() -> None:
    g = ontology()
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(CONF))}
    unlabelled = [t for t in terms if g.value(t, RDFS.label) is None or g.value(t, RDFS.comment) is None]
    assert unlabelled == []


@pytest.mark.parametrize(("term", "relation", "external"), [
    (CONF.Actor, RDFS.subClassOf, SEM.Actor),
    (CONF.Actor, RDFS.subClassOf, PROV.Agent),
    (CONF.Person, OWL.equivalentClass, FOAF.Person),
    (CONF.ArmedGroup, RDFS.subClassOf, FOAF.Organization),
    (CONF.MediaOrganization, RDFS.subClassOf, SCHEMA.NewsMediaOrganization),
    (CONF.Location, RDFS.subClassOf, SEM.Place),
    (CONF.Location, RDFS.subClassOf, GEO.Feature),
    (CONF.Country, OWL.equivalentClass, SCHEMA.Country),
    (CONF.Operation, RDFS.subClassOf, SEM.Event),
    (CONF.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
    (CONF.agent, RDFS.subPropertyOf, SEM.hasActor),
    (CONF.target, RDFS.subPropertyOf, SEM.hasActor),
    (CONF.location, RDFS.subPropertyOf, SEM.hasPlace),
    (CONF.date, RDFS.subPropertyOf, SEM.hasTimeStamp),
    (CONF.speaker, RDFS.subPropertyOf, PROV.wasAttributedTo),
    (CONF.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
])
def test_terms_are_aligned_with_standard_vocabularies(term: URIRef, relation: URIRef,
                                                      external: URIRef) -> None:
    assert (term, relation, external) in ontology()


@pytest.mark.parametrize(("prop", "characteristic"), [
    (CONF.alliedWith, OWL.SymmetricProperty),
    (CONF.opposes, OWL.SymmetricProperty),
    (CONF.locatedIn, OWL.TransitiveProperty),
])
def test_property_characteristics(prop: URIRef, characteristic: URIRef) -> None:
    assert (prop, RDF.type, characteristic) in ontology()
    assert (CONF.supports, RDF.type, OWL.SymmetricProperty) not in ontology()


def test_operation_kinds_are_the_models_kinds() -> None:
    g = ontology()
    individuals = {str(s).removeprefix(str(CONF)) for s in g.subjects(RDF.type, CONF.OperationKind)}
    assert individuals == {k.value for k in OperationKind}


def test_shapes_only_use_declared_terms() -> None:
    declared = {s for s in ontology().subjects() if isinstance(s, URIRef)}
    used = {o for o in shapes().objects() if isinstance(o, URIRef) and str(o).startswith(str(CONF))}
    assert used and used <= declared


# SHACL validation of real converter output


def _facts(**changes: object) -> Facts:
    text = ('Syrian troops backed by Hezbollah stormed Qusayr on Sunday, state TV said. '
            '"We will not retreat," a Hezbollah commander said.')
    article = Article(text=text, title="Troops storm Qusayr", published=date(2013, 5, 20),
                      source="Wire", url="https://example.org/qusayr")
    sentence = Evidence(text[:73], 0, 73, 0.8)
    quote = Evidence(text[74:], 74, len(text), 0.7)
    facts = Facts(
        article=article,
        actors=(
            Actor("syrian-armed-forces", "Syrian Armed Forces", ActorKind.ARMED_FORCES,
                  aliases=("Syrian troops",), mentions=(Span(0, 13, "Syrian troops"),)),
            Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP, mentions=(Span(24, 33, "Hezbollah"),)),
            Actor("syrian-state-tv", "Syrian state television", ActorKind.MEDIA),
        ),
        places=(
            Place("qusayr", "Qusayr", PlaceKind.SETTLEMENT, parent="homs-governorate",
                  mentions=(Span(42, 48, "Qusayr"),)),
        ),
        relations=(Relation(RelationKind.SUPPORTS, "hezbollah", "syrian-armed-forces", sentence),),
        operations=(Operation(OperationKind.ATTACK, sentence, agents=("syrian-armed-forces", "hezbollah"),
                              location="qusayr", date=date(2013, 5, 19), trigger="stormed"),),
        statements=(Statement("hezbollah", "We will not retreat,", quote),),
        casualties=(CasualtyReport(CasualtyKind.KILLED, 20, sentence, count_max=25, victim="hezbollah",
                                   reported_by="syrian-state-tv", operation=1, location="qusayr",
                                   date=date(2013, 5, 19), figure="20 to 25"),
                    CasualtyReport(CasualtyKind.DISPLACED, 1500, sentence,
                                   category=VictimCategory.CIVILIANS)),
    )
    return Facts(**{**facts.__dict__, **changes})  # type: ignore[arg-type]


def _graph(facts: Facts) -> Graph:
    """The article graph as a store holds it: written out and read back, so literals carry parsed values."""
    written = ox.serialize(list(article_triples(facts)), format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=written.decode("utf-8"), format="nt")


def _conforms(g: Graph) -> tuple[bool, str]:
    conforms, _report, text = validate(g, shacl_graph=shapes(), inference="none")
    return bool(conforms), str(text)


def test_converter_output_conforms() -> None:
    conforms, report = _conforms(_graph(_facts()))
    assert conforms, report


def test_operation_without_kind_violates() -> None:
    g = _graph(_facts())
    g.remove((None, CONF.kind, None))
    assert not _conforms(g)[0]


def test_statement_without_speaker_violates() -> None:
    g = _graph(_facts())
    g.remove((None, CONF.speaker, None))
    assert not _conforms(g)[0]


def test_operation_kind_outside_the_list_violates() -> None:
    g = _graph(_facts())
    op = next(g.subjects(RDF.type, CONF.Operation))
    g.set((op, CONF.kind, CONF.Picnic))
    assert not _conforms(g)[0]


def test_operation_without_provenance_violates() -> None:
    g = _graph(_facts())
    op = next(g.subjects(RDF.type, CONF.Operation))
    g.remove((op, PROV.wasDerivedFrom, None))
    assert not _conforms(g)[0]


def test_two_dates_violate() -> None:
    g = _graph(_facts())
    op = next(g.subjects(RDF.type, CONF.Operation))
    g.add((op, CONF.date, Literal("2013-05-21", datatype=URIRef(XSD_DATE))))
    assert not _conforms(g)[0]


def test_agent_that_is_not_an_actor_violates() -> None:
    g = _graph(_facts())
    op = next(g.subjects(RDF.type, CONF.Operation))
    g.add((op, CONF.agent, URIRef("https://w3id.org/conflict-kg/id/place/qusayr")))
    assert not _conforms(g)[0]


def test_actor_without_label_violates() -> None:
    g = _graph(_facts())
    g.remove((URIRef("https://w3id.org/conflict-kg/id/actor/hezbollah"), RDFS.label, None))
    assert not _conforms(g)[0]


def test_location_without_label_violates() -> None:
    g = _graph(_facts())
    g.remove((URIRef("https://w3id.org/conflict-kg/id/place/qusayr"), RDFS.label, None))
    assert not _conforms(g)[0]


def test_negative_offset_violates() -> None:
    bad = Evidence("Syrian troops stormed Qusayr.", -5, 20, 0.8)
    facts = _facts(operations=(Operation(OperationKind.ATTACK, bad, agents=("syrian-armed-forces",)),))
    assert not _conforms(_graph(facts))[0]


def test_start_after_end_violates() -> None:
    bad = Evidence("Syrian troops stormed Qusayr.", 50, 20, 0.8)
    facts = _facts(statements=(Statement("hezbollah", "We will not retreat,", bad),))
    assert not _conforms(_graph(facts))[0]


@pytest.mark.parametrize("confidence", [-0.1, 1.5])
def test_confidence_outside_unit_interval_violates(confidence: float) -> None:
    bad = Evidence("Hezbollah backs the army.", 0, 25, confidence)
    facts = _facts(relations=(Relation(RelationKind.OPPOSES, "hezbollah", "syrian-armed-forces", bad),))
    assert not _conforms(_graph(facts))[0]


def test_relation_claim_with_unknown_predicate_violates() -> None:
    g = _graph(_facts())
    claim = next(g.subjects(RDF.type, CONF.RelationClaim))
    g.set((claim, RDF.predicate, CONF.admires))
    assert not _conforms(g)[0]


def test_casualty_report_without_count_violates() -> None:
    g = _graph(_facts())
    g.remove((None, CONF["count"], None))
    assert not _conforms(g)[0]


def test_casualty_kind_outside_the_list_violates() -> None:
    g = _graph(_facts())
    report = next(g.subjects(RDF.type, CONF.CasualtyReport))
    g.set((report, CONF.casualtyKind, CONF.Bored))
    assert not _conforms(g)[0]


def test_casualty_reporter_that_is_not_an_actor_violates() -> None:
    g = _graph(_facts())
    report = next(g.subjects(RDF.type, CONF.CasualtyReport))
    g.add((report, CONF.reportedBy, URIRef("https://w3id.org/conflict-kg/id/place/qusayr")))
    assert not _conforms(g)[0]
