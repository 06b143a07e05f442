"""Spec for the operation lexicon: every cue names a kind and the vocabulary it is drawn from."""

from __future__ import annotations

import pytest

from kg.extract.operation_cues import CUES_FILE, CueFileError, load_cues, parse_cues
from kg.models import OperationKind as K


def test_every_cue_names_its_vocabulary() -> None:
    """Each line of the lexicon has five columns and says which event vocabulary it comes from."""
    rows = [
        x for x in CUES_FILE.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")
    ]
    assert rows
    for row in rows:
        cols = row.split("\t")
        assert len(cols) == 5, row
        assert cols[4].strip(), f"no vocabulary for {row!r}"


@pytest.mark.parametrize(
    ("word", "kind"),
    [("seize", K.CAPTURE), ("shell", K.SHELLING), ("withdraw", K.WITHDRAWAL), ("besiege", K.SIEGE)],
)
def test_verbs(word: str, kind: K) -> None:
    assert load_cues().verbs[word] is kind


def test_idioms_carry_their_conditions() -> None:
    """ "took control of" and "pulled out of" are cues only with their object or particle."""
    cues = load_cues()
    assert any(i.kind is K.CAPTURE and ("object", "control") in i.conditions for i in cues.idioms["take"])
    assert any(i.kind is K.WITHDRAWAL and ("particle", "out") in i.conditions for i in cues.idioms["pull"])
    assert any(i.kind is None for i in cues.idioms["break"])  # the event noun that broke out gives it


@pytest.mark.parametrize(
    "line",
    [
        "seize\tverb\tcapture\n",
        "seize\tverb\tconquest\t\tCAMEO 192\n",
        "seize\tadverb\tcapture\t\tCAMEO 192\n",
        "take\tidiom\tcapture\tobject\tCAMEO 192\n",
        "seize\tverb\t\t\tCAMEO 192\n",
    ],
    ids=["four-columns", "unknown-kind", "unknown-role", "malformed-condition", "verb-without-kind"],
)
def test_malformed_lines_are_refused(line: str) -> None:
    with pytest.raises(CueFileError):
        parse_cues([line])
