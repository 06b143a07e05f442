"""Terms as Python values: what the read layer (and the listings the index keeps for it) make of the
pyoxigraph terms a query gives."""

from __future__ import annotations

from kg.rdf.iris import key_of
from kg.store import OxTerm

__all__ = ["LIST_SEPARATOR", "decimal", "key", "local_name", "number", "plain", "split_list", "text"]

LIST_SEPARATOR = "\x1f"
"""Separator of GROUP_CONCAT lists in the canned queries (no name contains it)."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "negativeInteger", "nonPositiveInteger",
)}
_DECIMALS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_BOOLEAN = _XSD + "boolean"


def text(term: OxTerm | None) -> str | None:
    """The IRI or lexical form of a term; None when unbound."""
    return None if term is None else term.value


def key(term: OxTerm) -> str:
    """The key (slug) at the end of an actor, place or article IRI."""
    return key_of(term.value)


def local_name(term: OxTerm | None, default: str) -> str:
    """The local name of a class or property IRI ("...ontology#ArmedGroup" -> "ArmedGroup")."""
    return term.value.rsplit("#", 1)[-1] if term is not None and term.value else default


def plain(term: OxTerm | None) -> str | int | float | bool | None:
    """A term as a JSON value: numbers and booleans as such, dates and everything else as text."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None:
        try:
            if datatype.value in _INTEGERS:
                return int(term.value)
            if datatype.value in _DECIMALS:
                return float(term.value)
        except ValueError:
            return term.value  # an ill-typed literal stated by a SPARQL update: shown as written
        if datatype.value == _BOOLEAN:
            return term.value in ("true", "1")
    return term.value


def number(term: OxTerm | None) -> int | None:
    """An integer literal as an int; None when unbound or not an integer."""
    value = plain(term)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def decimal(term: OxTerm | None) -> float | None:
    """A numeric literal as a float; None when unbound or not a number."""
    value = plain(term)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def split_list(term: OxTerm | None) -> list[str]:
    """The values of a GROUP_CONCAT made with the unit separator the canned queries use, sorted."""
    return sorted(v for v in term.value.split(LIST_SEPARATOR) if v) if term is not None else []
