"""Every namespace the project writes, in one place."""

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

CONF = Namespace("https://w3id.org/conflict-kg/ontology#")
"""The conflict ontology (ontology/conflict.ttl)."""
BASE = "https://w3id.org/conflict-kg/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "conf": CONF,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "prov": PROV,
    "xsd": XSD,
    "owl": OWL,
    "schema": SCHEMA,
    "sem": SEM,
    "geo": GEO,
    "wgs84": WGS84,
    "foaf": FOAF,
    "wd": WD,
}
