"""Content negotiation: which of the media types a route offers an Accept header likes best."""

from __future__ import annotations

__all__ = ["ALIASES", "negotiate"]

ALIASES = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "application/turtle": (None, "text/turtle"),
    "application/x-turtle": (None, "text/turtle"),
    "text/plain": (None, "application/n-triples"),
}
"""Common Accept types that stand for a result or graph type: (for SELECT/ASK, for graphs)."""


def _accepted(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def negotiate(accept: str | None, offered: list[str], graph: bool) -> str | None:
    """The offered media type the Accept header likes best (ties: the server's order); None if none."""
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, str] | None = None
    for rank, media in enumerate(offered):
        top, _, _ = media.partition("/")
        quality, precision = -1.0, -1
        for pattern, q in _accepted(accept):
            alias = ALIASES.get(pattern)
            target = (alias[1] if graph else alias[0]) if alias else pattern
            if target == media:
                level = 3 if alias is None else 2
            elif pattern == f"{top}/*":
                level = 1
            elif pattern == "*/*":
                level = 0
            else:
                continue
            if level > precision:
                quality, precision = q, level
        if quality > 0 and (best is None or (quality, -rank) > (best[0], -best[1])):
            best = (quality, rank, media)
    return best[2] if best else None
