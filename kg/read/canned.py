"""The canned queries (`queries/*.rq`) run against a store, parameters bound, never pasted into the text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import BadInput, NotFound, one_line
from kg.models import slugify
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.store import OxTerm, Row, Store

__all__ = ["NAME_STRIP", "QUERY_DIR", "Canned", "Param", "canned_text", "iri", "normalize_name", "optional"]

QUERY_DIR = Path(__file__).resolve().parents[2] / "queries"
"""Canned SPARQL, one `verb_noun.rq` file per question the read layer answers."""

NAME_STRIP = r"[\W_]+"
"""What an id or a name loses before comparison: punctuation, spaces and underscores.

Bound into resolve_entity.rq as a parameter so Python and SPARQL strip the same characters.
"""

Param = str | int | float | bool | date | Node | OxTerm
"""A value bound to a query variable: a Python value (made a typed literal) or an RDF term."""

_XSD = "http://www.w3.org/2001/XMLSchema#"


def normalize_name(text: str) -> str:
    """A name reduced for comparison ("Hizb-Allah" -> "hizballah")."""
    return re.sub(NAME_STRIP, "", text.lower())


def iri(value: str) -> ox.NamedNode:
    """The pyoxigraph term of an IRI given as text (an rdflib URIRef included); BadInput when it is
    not a valid IRI (an id from a URL with a stray `%`, say)."""
    try:
        return ox.NamedNode(str(value))
    except ValueError as exc:
        raise BadInput(f"not a valid IRI {str(value)!r}: {one_line(exc)}") from None


@cache
def canned_text(name: str) -> str:
    """The text of `queries/{name}.rq` (read once)."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _term(value: Param) -> Node | OxTerm:
    if isinstance(value, Node | ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    return ox.Literal(value)


def optional(name: str, value: Param | None, placeholder: Param) -> dict[str, Param]:
    """Bindings for a filter that may be absent: `name` and the flag `any{Name}` the query tests.

    Every parameter is always bound (with `placeholder` when absent) because a substituted
    variable must appear in the query's projection and BOUND() cannot tell it apart.
    """
    flag = "any" + name[0].upper() + name[1:]
    return {name: placeholder if value is None else value, flag: value is None}


class Canned:
    """The canned queries over one store, each answer within `timeout` seconds (None: the store's)."""

    def __init__(self, store: Store, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout

    def rows(self, name: str, **params: Param) -> list[Row]:
        """The solutions of the canned SELECT `name`, each keyword bound to the variable of that name."""
        bindings = {key: _term(value) for key, value in params.items()}
        return self.store.select(canned_text(name), bindings, timeout=self.timeout)

    def page(self, name: str, params: Mapping[str, Param], limit: int | None, offset: int = 0,
             table: tuple[Sequence[str], Sequence[Sequence[Param]]] | None = None) -> list[Row]:
        """Solutions `offset` to `offset + limit` (all when `limit` is None) of the ordered SELECT `name`,
        with `params` bound, and answered for each row of `table` (variables, rows) when given."""
        bindings = {key: _term(value) for key, value in params.items()}
        page = None if limit is None else (limit, offset)
        rows = None if table is None else (table[0], [[_term(value) for value in row] for row in table[1]])
        return self.store.select(canned_text(name), bindings, table=rows, page=page, timeout=self.timeout)

    def rows_each(self, name: str, variable: str, values: list[OxTerm], **params: Param) -> list[Row]:
        """The solutions of the canned SELECT `name` for every one of `values` bound to `variable`."""
        bindings = {key: _term(value) for key, value in params.items()}
        return self.store.select(canned_text(name), bindings, each=(variable, values), timeout=self.timeout)

    def labels(self, entities: Iterable[OxTerm]) -> dict[OxTerm, Row]:
        """The label (and coordinates, when it has them) of each of `entities` that has one in the entity
        index, by entity: read once per entity however many answers of a page name it."""
        wanted = sorted(set(entities), key=lambda entity: entity.value)
        found = self.rows_each("get_labels", "entity", wanted) if wanted else []
        return {row["entity"]: row for row in found}

    def ask(self, name: str, **params: Param) -> bool:
        """The answer of the canned ASK `name`, each keyword bound to the variable of that name."""
        bindings = {key: _term(value) for key, value in params.items()}
        return bool(self.store.query(canned_text(name), bindings, timeout=self.timeout).boolean)

    def resolve(self, kind: Literal["actor", "location"], given: str) -> ox.NamedNode:
        """The IRI of the actor or place that `given` names: slug, label or alias; else NotFound."""
        cls, prefix = (
            (CONF.Actor, iris.ACTOR_PREFIX) if kind == "actor" else (CONF.Location, iris.PLACE_PREFIX)
        )
        key = normalize_name(given)
        slug_iri = iri(prefix + slugify(given, 50))
        if key and self.ask("check_entity", iri=slug_iri, **{"class": cls}):
            return slug_iri  # the id is the slug: no need to compare names
        if key:
            found = self.rows("resolve_entity", **{"class": cls}, iri=slug_iri, key=key, strip=NAME_STRIP)
            if found and isinstance(found[0].get("entity"), ox.NamedNode):
                return iri(found[0]["entity"].value)
        raise NotFound(f"No {'actor' if kind == 'actor' else 'location'} is known as {given!r}.")
