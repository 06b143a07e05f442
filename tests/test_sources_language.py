"""The language of a text, as the archive and feed readers see it."""

from __future__ import annotations

import pytest
from news_pages import ENGLISH, FRENCH, GERMAN

from kg.sources.language import language_of


@pytest.mark.parametrize(("paragraphs", "code"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")])
def test_language_of_news_text(paragraphs: list[str], code: str) -> None:
    assert language_of(" ".join(paragraphs).format(place="Kalmar")) == code
