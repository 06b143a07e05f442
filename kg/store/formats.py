"""RDF formats: names and aliases, checking a file before it is loaded, and writing graphs and datasets."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg import linecheck
from kg.errors import BadInput, one_line
from kg.rdf.namespaces import PREFIXES
from kg.store.terms import from_ox

__all__ = ["PREFIX_MAP", "QUAD_FORMATS", "TRIPLE_FORMATS", "check_rdf_file", "rdf_format"]

TRIPLE_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
QUAD_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
_FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld"}
PREFIX_MAP = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
"""The project prefixes as text, the way pyoxigraph takes them."""


def rdf_format(fmt: str) -> tuple[str, ox.RdfFormat]:
    """The canonical name and pyoxigraph format of a format name or alias (turtle, ttl, trig, nq, ...)."""
    name = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    found = TRIPLE_FORMATS.get(name) or QUAD_FORMATS.get(name)
    if found is None:
        known = ", ".join([*TRIPLE_FORMATS, *QUAD_FORMATS])
        raise BadInput(f"unknown RDF format {fmt!r} (known: {known})")
    return name, found


def _format_of_file(path: Path, fmt: str | None) -> ox.RdfFormat:
    if fmt is not None:
        return rdf_format(fmt)[1]
    found = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if found is None or found not in (*TRIPLE_FORMATS.values(), *QUAD_FORMATS.values()):
        raise BadInput(f"{path.name}: cannot tell the RDF format from the extension {path.suffix!r}")
    return found


def check_rdf_file(path: Path, fmt: str | None = None) -> tuple[ox.RdfFormat, int]:
    """The format of an RDF file and how many quads it holds, parsing all of it; BadInput when it is bad."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"no such file: {path}")
    ox_format = _format_of_file(path, fmt)
    try:
        if ox_format in linecheck.LINE_FORMATS:
            return ox_format, linecheck.count_quads(path, ox_format)  # in parts, on every core
        return ox_format, sum(1 for _ in ox.parse(path=path, format=ox_format))
    except (SyntaxError, OSError, ValueError) as exc:
        raise BadInput(f"{path.name}: {one_line(exc)}") from None


def _jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """JSON-LD compacted with the project prefixes (rdflib: pyoxigraph writes only expanded JSON-LD)."""
    dataset = Dataset()
    for q in quads:
        graph = (
            dataset.default_graph
            if isinstance(q.graph_name, ox.DefaultGraph)
            else dataset.graph(URIRef(q.graph_name.value))
        )
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD writer calls its own deprecated Dataset methods; nothing for us to change.
        warnings.simplefilter("ignore", DeprecationWarning)
        text = dataset.serialize(format="json-ld", context=PREFIX_MAP, auto_compact=True)
    return text.encode("utf-8")


def jsonld_graph(triples: Iterable[ox.Triple]) -> bytes:
    """One graph as JSON-LD compacted with the project prefixes."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph.serialize(format="json-ld", context=PREFIX_MAP, auto_compact=True).encode("utf-8")


def serialize_quads(quads: Iterable[ox.Quad], name: str, fmt: ox.RdfFormat) -> bytes:
    if name == "jsonld":
        return _jsonld(quads)
    out = ox.serialize(quads, format=fmt, prefixes=PREFIX_MAP if name == "trig" else None)
    return out or b""


def serialize_triples(triples: Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(triples, format=fmt, prefixes=PREFIX_MAP) or b""

