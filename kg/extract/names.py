"""Normal forms of names, so that spelling variants of one name meet."""

from __future__ import annotations

import re
import unicodedata

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


def norm(text: str) -> str:
    """Lower-case, folded, punctuation-free form used to compare names ("The U.N." -> "un")."""
    s = fold(text).lower()
    s = re.sub(r"'s\b", "s", s)
    s = s.replace("-", " ")
    s = re.sub(r"\.", "", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def strip_titles(name: str) -> str:
    """A person's name without leading titles ("Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")."""
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".,") in TITLES:
        words.pop(0)
    return " ".join(words)


def name_variants(name: str) -> set[str]:
    """Normal forms a name is written in: with and without the Arabic article ("al-Bashir", "Bashir")."""
    n = norm(name)
    out = {n}
    for article in ("al ", "el ", "ar ", "as ", "ad ", "an ", "ash ", "at ", "az "):
        out.add(re.sub(rf"(^| ){article}", r"\1", n).strip())
    return {v for v in out if v}
