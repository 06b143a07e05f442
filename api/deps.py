"""What routes depend on, as `Annotated` aliases: the store, the settings, the canned queries."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import Forbidden, NotFound, StoreError
from kg.extract.pool import ExtractionPool
from kg.models import slugify
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.settings import Settings
from kg.store import Store, to_ox

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
"""Canned SPARQL, one `verb_noun.rq` file per question the REST routes answer."""

NAME_STRIP = r"[\W_]+"
"""What an id or a name loses before comparison: punctuation, spaces and underscores.

Bound into resolve_entity.rq as a parameter so Python and SPARQL strip the same characters.
"""

LIST_SEPARATOR = "\x1f"
"""Separator of GROUP_CONCAT lists in the canned queries (no name contains it)."""

Param = str | int | float | bool | date | URIRef | Literal | None


def normalize_name(text: str) -> str:
    """A name reduced for comparison ("Hizb-Allah" -> "hizballah")."""
    return re.sub(NAME_STRIP, "", text.lower())


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("The store is not open.")
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


def check_update_token(settings: Settings, authorization: str | None) -> None:
    """Refuse (403) a write that the service's one write policy does not allow.

    Every write (posting or deleting an article, a SPARQL update, a graph store write) follows it: with
    an update token configured, the request needs `Authorization: Bearer <token>`; without one, writes
    are open while the service listens on loopback only, and closed when it listens on another address.
    """
    if settings.update_token:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            token.strip().encode("utf-8"), settings.update_token.encode("utf-8")
        ):
            raise Forbidden("Writes need the header 'Authorization: Bearer <update token>'.")
        return
    if not settings.listens_on_loopback:
        raise Forbidden(
            f"Writes are closed: the service listens on {settings.host} and no update token is set "
            "(KG_UPDATE_TOKEN)."
        )


def require_update_token(
    request: Request, settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency form of `check_update_token` for routes that change the store.

    The token `kg serve` made for this run (in the data folder's server file, readable by its owner
    only: kg/serverfile.py) is a credential too, so the `kg` commands on the same machine can write
    through the running server.
    """
    local: str | None = getattr(request.app.state, "local_token", None)
    scheme, _, given = (authorization or "").partition(" ")
    if local and scheme.lower() == "bearer" and secrets.compare_digest(
        given.strip().encode("utf-8"), local.encode("utf-8")
    ):
        return
    check_update_token(settings, authorization)


@cache
@cache
def canned_text(name: str) -> str:
    """The text of `queries/{name}.rq` (read once)."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _term(value: Param) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    return Literal(value)


def optional(name: str, value: Param, placeholder: Param) -> dict[str, Param]:
    """Bindings for a filter that may be absent: `name` and the flag `any{Name}` the query tests.

    Every parameter is always bound (with `placeholder` when absent) because a substituted
    variable must appear in the query's projection and BOUND() cannot tell it apart.
    """
    flag = "any" + name[0].upper() + name[1:]
    return {name: placeholder if value is None else value, flag: value is None}


def paged(text: str, limit: int, offset: int = 0) -> str:
    """A SELECT cut to rows `offset` to `offset + limit` (both written as integers, never as text)."""
    return f"{text}\nLIMIT {int(limit)} OFFSET {int(offset)}"


class CannedQueries:
    """Runs `queries/*.rq` against the store with parameters bound, never pasted into the text."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    def select(self, name: str, **params: Param) -> list[dict[str, Any]]:
        """The rows of the canned SELECT `name`, with each keyword bound to the variable of that name."""
        return self.select_text(canned_text(name), **params)

    def select_page(self, name: str, limit: int, offset: int = 0, **params: Param) -> list[dict[str, Any]]:
        """Rows `offset` to `offset + limit` of the canned SELECT `name`, which must order its rows."""
        return self.select_text(paged(canned_text(name), limit, offset), **params)

    def select_each(self, name: str, variable: str, values: list[URIRef]) -> list[dict[str, Any]]:
        """The rows of the canned SELECT `name` for each IRI of `values` bound in turn to `variable`."""
        if not values:
            return []
        # The IRIs are written by pyoxigraph's N-Triples serializer: none can end its term early.
        block = " ".join(str(to_ox(value)) for value in values)
        text = canned_text(name).replace("WHERE {", f"WHERE {{\n  VALUES ?{variable} {{ {block} }}", 1)
        return self.select_text(text)

    def select_text(self, text: str, **params: Param) -> list[dict[str, Any]]:
        """The rows of a SELECT the service wrote (a canned query, adapted), parameters bound."""
        bindings: Mapping[str, Identifier] = {key: _term(value) for key, value in params.items()}
        return [dict(row) for row in self.store.query(text, bindings, timeout=self.timeout).rows]

    def ask(self, name: str, **params: Param) -> bool:
        """The answer of the canned ASK `name`, with each keyword bound to the variable of that name."""
        bindings: Mapping[str, Identifier] = {key: _term(value) for key, value in params.items()}
        return bool(self.store.query(canned_text(name), bindings, timeout=self.timeout).boolean)

    def resolve(self, kind: str, given: str) -> URIRef:
        """The IRI of the actor or place (`kind`) that `given` names: slug, label or alias; else NotFound."""
        cls, prefix = (
            (CONF.Actor, iris.ACTOR_PREFIX) if kind == "actor" else (CONF.Location, iris.PLACE_PREFIX)
        )
        key = normalize_name(given)
        slug_iri = URIRef(prefix + slugify(given, 50))
        if key and self.ask("check_entity", iri=slug_iri, **{"class": cls}):
            return slug_iri  # the id is the slug: no need to compare names
        if key:
            rows = self.select(
                "resolve_entity",
                **{"class": cls},
                iri=URIRef(prefix + slugify(given, 50)),
                key=key,
                strip=NAME_STRIP,
            )
            if rows:
                return URIRef(rows[0]["entity"])
        raise NotFound(f"No {'actor' if kind == 'actor' else 'location'} is known as {given!r}.")


def plain(term: Any) -> Any:
    """An RDF term as a JSON value: numbers and booleans as such, dates and everything else as text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
        return str(term)
    return str(term)


def split_list(term: Any) -> list[str]:
    """The values of a GROUP_CONCAT made with the unit separator the canned queries use."""
    return sorted(v for v in str(term).split(LIST_SEPARATOR) if v) if term is not None else []


def get_queries(store: StoreDep, settings: SettingsDep) -> CannedQueries:
    return CannedQueries(store, settings.query_timeout)


def get_ingest_lock(request: Request) -> threading.Lock:
    lock: threading.Lock = request.app.state.ingest_lock
    return lock


def get_extractor(request: Request) -> ExtractionPool:
    pool: ExtractionPool | None = getattr(request.app.state, "extractor", None)
    if pool is None:
        raise StoreError("The extractor is not running.")
    return pool


QueriesDep = Annotated[CannedQueries, Depends(get_queries)]
ExtractorDep = Annotated[ExtractionPool, Depends(get_extractor)]
IngestLockDep = Annotated[threading.Lock, Depends(get_ingest_lock)]
