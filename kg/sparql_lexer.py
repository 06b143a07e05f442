"""The tokens of SPARQL 1.1 text, after the terminals of the SPARQL 1.1 grammar (section 19.8).

A token is what a SPARQL parser sees: an IRI, a prefixed name (with its `\\#`-style escapes), a
variable, a string, a number, a keyword, or one punctuation character. Comments and white space are
tokens too, so that callers can cut and paste around them. Text no terminal matches becomes a token of
one character of kind "other": the lexer never fails and never swallows more than a parser would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Token", "tokens", "unescape_codepoints"]

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_ECHAR = r"\\[tbnrf\\\"']"

_TERMINALS = [
    ("space", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("string", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'),
    ("string", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"),
    ("string", rf'"(?:[^"\\\n\r]|{_ECHAR})*"'),
    ("string", rf"'(?:[^'\\\n\r]|{_ECHAR})*'"),
    ("bnode", rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("name", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("var", rf"[?$]{_VARNAME}"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\],;.*=<>!+\-/|^?$@]"),
]
_LEXER = re.compile("|".join(f"(?P<{kind}{n}>{pattern})" for n, (kind, pattern) in enumerate(_TERMINALS)))
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    """One token: its kind (space, comment, iri, string, bnode, name, var, langtag, number, word,
    punct, other), its text, and where it starts in the text that was lexed."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, in order, covering every character of it."""
    at = 0
    while at < len(text):
        match = _LEXER.match(text, at)
        if match is None or match.end() == at:
            yield Token("other", text[at], at)
            at += 1
            continue
        kind = (match.lastgroup or "other").rstrip("0123456789")
        yield Token(kind, match.group(), at)
        at = match.end()


def unescape_codepoints(text: str) -> str:
    """`text` with its `\\uXXXX` and `\\UXXXXXXXX` escapes replaced by the characters they stand for.

    The SPARQL 1.1 grammar applies these escapes to the whole query string before parsing (19.2); an
    escape that names no character is left as it is.
    """

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group()
        return chr(code)

    return _CODEPOINT.sub(character, text)
