"""The only code that talks to a store: embedded Oxigraph (through oxrdflib) or a remote SPARQL endpoint.

Both backends keep one named graph per article and answer every query with the union of all graphs as
its default graph. Values reach a query as bindings, never as text the caller pasted in. One module per
job, each knowing only those below it: `terms` < `formats` < `results` < `lexer` < `base` < `embedded`,
`remote`.
"""

from __future__ import annotations

from kg.errors import BadInput
from kg.settings import Settings
from kg.store.base import FILE_GRAPH_PREFIX, GraphPatch, Row, Store, load_files
from kg.store.embedded import EmbeddedStore
from kg.store.formats import check_rdf_file, rdf_format
from kg.store.lexer import with_values
from kg.store.remote import RemoteStore
from kg.store.results import QueryResult
from kg.store.terms import OxTerm, Triple, Writable, from_ox, rdflib_graphs, rdflib_triples, to_ox

__all__ = [
    "FILE_GRAPH_PREFIX",
    "EmbeddedStore",
    "GraphPatch",
    "OxTerm",
    "QueryResult",
    "RemoteStore",
    "Row",
    "Store",
    "Triple",
    "Writable",
    "check_rdf_file",
    "from_ox",
    "load_files",
    "open_store",
    "rdf_format",
    "rdflib_graphs",
    "rdflib_triples",
    "to_ox",
    "with_values",
]

_with_values = with_values
"""The name the remote store's tests import."""


def open_store(settings: Settings) -> Store:
    """The store `settings` name: a remote endpoint when settings.store is an http(s) URL, else embedded."""
    if settings.store:
        if not settings.store.startswith(("http://", "https://")):
            raise BadInput(f"KG_STORE must be an http(s) URL of a SPARQL endpoint, not {settings.store!r}")
        return RemoteStore(settings)
    return EmbeddedStore(settings)
