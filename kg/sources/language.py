"""The language of a text, by py3langid's model (shipped in the package, loaded on first use)."""

from __future__ import annotations

__all__ = ["language_of"]

# The identifier is steady after a few hundred characters; reading more only costs time.
_SAMPLE_CHARS = 2_000


def language_of(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in ("en", "de", ...)."""
    import py3langid  # numpy and the model take seconds to load: only when a page needs it

    code, _score = py3langid.classify(text[:_SAMPLE_CHARS])
    return str(code)
