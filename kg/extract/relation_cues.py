"""The relation cue lexicon: words, by the part they play in a pattern and the relation they cue.

The words live in `data/relation_cues.json`, grouped by role ("backing_verb", "hostile_noun", ...).
A cue group names the relation it cues (`supports`, `allied`, `opposes`) with its CAMEO and PLOVER
classes; a frame group (no relation) holds the grammar words the patterns read around a cue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.models import RelationKind

CUES_FILE = Path(__file__).parent / "data" / "relation_cues.json"
_RELATIONS = {
    "supports": RelationKind.SUPPORTS,
    "allied": RelationKind.ALLIED,
    "opposes": RelationKind.OPPOSES,
}


@dataclass(frozen=True)
class CueGroup:
    """Words that play one role in the relation patterns; `relation` is what they cue, if anything."""

    role: str
    relation: RelationKind | None
    words: frozenset[str]


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_FILE) -> dict[str, CueGroup]:
    """Every cue and frame group of the lexicon, by role."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, CueGroup] = {}
    for group in (*data["cues"], *data["frames"]):
        relation = _RELATIONS[group["relation"]] if group["relation"] else None
        out[group["role"]] = CueGroup(group["role"], relation, frozenset(w.lower() for w in group["words"]))
    return out


def cue_words(role: str) -> frozenset[str]:
    """The words of one role ("hostile_verb" -> attack, fight, ...); KeyError for an unknown role."""
    return load_cues()[role].words


@lru_cache(maxsize=1)
def lemma_fixes(path: Path = CUES_FILE) -> dict[str, str]:
    """Surface forms the English model lemmatizes wrongly, with their lemma ('waging' -> 'wage')."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fixes: dict[str, str] = data.get("lemmas", {})
    return fixes


class CueLemmas:
    """Sets the lemma of the cue words the model gets wrong, so that every rule reads the same lemma."""

    def __call__(self, doc: Doc) -> Doc:
        fixes = lemma_fixes()
        for token in doc:
            lemma = fixes.get(token.lower_)
            if lemma is not None and token.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
                token.lemma_ = lemma
        return doc


@Language.factory("cue_lemmas", assigns=["token.lemma"], requires=["token.pos"], default_config={})
def make_cue_lemmas(nlp: Language, name: str) -> CueLemmas:
    """The `cue_lemmas` component (stateless)."""
    return CueLemmas()
