"""Normal forms of names, so that spelling variants of one name meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u02bf": "", "\u02be": ""}
)
TITLES = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "interior",
        "deputy",
        "secretary",
        "general",
        "brigadier",
        "lieutenant",
        "major",
        "colonel",
        "col",
        "gen",
        "lt",
        "maj",
        "sgt",
        "sergeant",
        "captain",
        "capt",
        "commander",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "sheikh",
        "shaikh",
        "sheik",
        "king",
        "queen",
        "prince",
        "emir",
        "crown",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "professor",
        "ambassador",
        "envoy",
        "senator",
        "rep",
        "governor",
        "mayor",
        "admiral",
        "marshal",
        "field",
        "state",
        "minister's",
        "leader",
        "head",
        "director",
        "chairman",
        "chairwoman",
        "ayatollah",
        "imam",
        "cleric",
        "pope",
        "premier",
        "chancellor",
        "sir",
        "lord",
        "dame",
        "general's",
        "gov",
        "sen",
    ]
)


def fold(text: str) -> str:
    """ASCII-fold diacritics and unify apostrophes ("Al Mawşil" -> "Al Mawsil")."""
    text = text.translate(_APOSTROPHES)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_POSSESSIVE_S = re.compile(r"'s\b")
_DOT = re.compile(r"\.")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
_NAME_CACHE = 1 << 16
"""Entries kept by the memoised name functions: far more than the distinct names of one batch."""


@lru_cache(maxsize=_NAME_CACHE)
def norm(text: str) -> str:
    """Lower-case, folded, punctuation-free form used to compare names ("The U.N." -> "un").

    Memoised: extraction asks for the same few hundred names again and again.
    """
    s = fold(text).lower()
    s = _POSSESSIVE_S.sub("s", s)
    s = s.replace("-", " ")
    s = _DOT.sub("", s)
    s = _NON_WORD.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    return _LEADING_THE.sub("", s)


def strip_titles(name: str) -> str:
    """A person's name without leading titles ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")."""
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".,") in TITLES:
        words.pop(0)
    return " ".join(words)


_ARABIC_ARTICLES = tuple(
    re.compile(rf"(^| ){article}")
    for article in ("al ", "el ", "ar ", "as ", "ad ", "an ", "ash ", "at ", "az ")
)


_SPELLINGS = tuple(
    (re.compile(rf"\b{british}\b"), american)
    for british, american in (
        ("defence", "defense"),
        ("organisation", "organization"),
        ("centre", "center"),
        ("labour", "labor"),
        ("armoured", "armored"),
        ("programme", "program"),
    )
)
"""British spellings in names and their American forms: outlets write one name both ways."""
_FORCE = re.compile(r"\bforces?$")


@lru_cache(maxsize=_NAME_CACHE)
def name_variants(name: str) -> frozenset[str]:
    """Normal forms a name is written in: with and without the Arabic article ("al-Bashir", "Bashir"),
    in American spelling ("Defence" as "Defense"), and with "Force" and "Forces" taken as one.

    Memoised, hence a frozenset: every gazetteer lookup asks for these.
    """
    n = norm(name)
    for british, american in _SPELLINGS:
        n = british.sub(american, n)
    out = {n}
    for article in _ARABIC_ARTICLES:
        out.add(article.sub(r"\1", n).strip())
    # "Ethiopian National Defence Forces" is the "Ethiopian National Defense Force"
    out |= {_FORCE.sub("force", v) for v in out}
    return frozenset(v for v in out if v)
