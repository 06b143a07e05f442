"""What user-written SPARQL may not do on this service: reach beyond the store.

SERVICE (a federated query) and LOAD (an update that fetches a document) make the engine open a
connection wherever the IRI points, so a query could read from, or write to, hosts the service can
reach and its users cannot. They are refused for everyone, on the tokens a SPARQL parser sees: a
keyword inside a string, an IRI, a comment or a prefixed name (`ex:SERVICE`, `ex:p\\#`) is not a
keyword, and one written with `\\u` escapes is. On the embedded store the engine cannot open network
sockets anyway (kg/netguard.py); this check gives the clear error, and holds for remote stores too.
"""

from __future__ import annotations

from kg.errors import QueryError
from kg.sparql_lexer import tokens, unescape_codepoints

__all__ = ["REFUSED_KEYWORDS", "check_refused"]

REFUSED_KEYWORDS = frozenset({"SERVICE", "LOAD"})
"""Keywords whose evaluation reaches outside the store."""


def check_refused(sparql: str) -> None:
    """QueryError when `sparql` (a query or an update) uses SERVICE, LOAD or a file: IRI.

    The text is read both as written and with its codepoint escapes applied, so a keyword hidden by
    either reading is still found.
    """
    readings = {sparql, unescape_codepoints(sparql)}
    for text in readings:
        for token in tokens(text):
            if token.kind == "word" and token.text.upper() in REFUSED_KEYWORDS:
                raise QueryError(
                    f"{token.text.upper()} is not allowed on this service: queries cannot reach other hosts."
                )
            if token.kind == "iri" and token.text[1:].strip().lower().startswith("file:"):
                raise QueryError("file: IRIs are not allowed in queries to this service.")
