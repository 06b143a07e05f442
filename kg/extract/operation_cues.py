"""The operation lexicon: words that cue a military operation, read from data/operation_cues.tsv.

Each cue names the operation kind it cues, drawn from CAMEO, PLOVER and ACLED event types (the file
says which). Roles: `verb` and `noun` name an operation outright; an `idiom` names one only under its
condition ("took control of", "pulled out of", "fell to"); a `light_verb` lends its subject to the event
noun it takes ("launched an offensive"); an `attempt` verb, ongoing, makes an offensive of the capture it
governs; an `instrument` in the phrase makes a strike or fire an air strike or shelling; a
`bomb_modifier` makes a bomb an attack ("car bomb"); a `modifier` gives an attack noun its own kind ("a
ground incursion" is an offensive); a `target` word for what is fired at gives a strike or fire its kind
whatever the instrument ("a missile fired at a ship" is an attack).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.models import OperationKind

CUES_FILE = Path(__file__).parent / "data" / "operation_cues.tsv"
ROLES = frozenset(
    ["verb", "noun", "idiom", "light_verb", "attempt", "instrument", "bomb_modifier", "modifier", "target"]
)
EVENT = "event"
"""The kind of an idiom that names no kind of its own: the event noun it governs gives it."""


@dataclass(frozen=True)
class Idiom:
    """A verb that cues an operation only with all of its conditions: ("object", "control"), ..."""

    lemma: str
    kind: OperationKind | None
    """None for an idiom whose event noun subject gives the kind ("fighting broke out")."""
    conditions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OperationCues:
    """The lexicon, indexed by role."""

    verbs: dict[str, OperationKind] = field(default_factory=dict)
    nouns: dict[str, OperationKind] = field(default_factory=dict)
    idioms: dict[str, tuple[Idiom, ...]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    attempts: frozenset[str] = frozenset()
    instruments: dict[str, OperationKind] = field(default_factory=dict)
    bomb_modifiers: frozenset[str] = frozenset()
    modifiers: dict[str, OperationKind] = field(default_factory=dict)
    """Words that make an attack noun of another kind ("ground incursion", "ground assault": offensive)."""
    purpose_nouns: frozenset[str] = frozenset()
    """Nouns that name an operation only with a purpose clause or a place ("the campaign to retake X")."""
    targets: dict[str, OperationKind] = field(default_factory=dict)
    """What is fired at or struck, giving the strike its kind whatever the instrument ("ships": attack)."""


class CueFileError(ValueError):
    """A line of the operation cue file is malformed."""


def parse_cues(lines: list[str]) -> OperationCues:
    """The lexicon from the lines of a cue file (tab-separated; "#" starts a comment line)."""
    verbs: dict[str, OperationKind] = {}
    nouns: dict[str, OperationKind] = {}
    idioms: dict[str, list[Idiom]] = {}
    light: set[str] = set()
    attempts: set[str] = set()
    instruments: dict[str, OperationKind] = {}
    kind_modifiers: dict[str, OperationKind] = {}
    modifiers: set[str] = set()
    purpose: set[str] = set()
    targets: dict[str, OperationKind] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != 5:
            raise CueFileError(f"line {n}: expected 5 tab-separated columns, got {len(cols)}")
        cue, role, kind_name, condition, _vocabulary = cols
        if role not in ROLES:
            raise CueFileError(f"line {n}: unknown role {role!r}")
        kind = _kind(kind_name, n) if kind_name and kind_name != EVENT else None
        if role in ("verb", "noun", "instrument", "modifier", "target") and kind is None:
            raise CueFileError(f"line {n}: a {role} cue needs an operation kind")
        if role == "verb":
            verbs[cue] = kind  # type: ignore[assignment]
        elif role == "noun":
            nouns[cue] = kind  # type: ignore[assignment]
            if condition == "purpose":
                purpose.add(cue)
        elif role == "idiom":
            conditions = tuple(_condition(c, n) for c in condition.split("+"))
            idioms.setdefault(cue, []).append(Idiom(cue, kind, conditions))
        elif role == "light_verb":
            light.add(cue)
        elif role == "attempt":
            attempts.add(cue)
        elif role == "instrument":
            instruments[cue] = kind  # type: ignore[assignment]
        elif role == "modifier":
            kind_modifiers[cue] = kind  # type: ignore[assignment]
        elif role == "target":
            targets[cue] = kind  # type: ignore[assignment]
        else:
            modifiers.add(cue)
    return OperationCues(
        verbs,
        nouns,
        {k: tuple(v) for k, v in idioms.items()},
        frozenset(light),
        frozenset(attempts),
        instruments,
        frozenset(modifiers),
        kind_modifiers,
        frozenset(purpose),
        targets,
    )


def _kind(name: str, n: int) -> OperationKind:
    try:
        return OperationKind[name.upper()]
    except KeyError:
        raise CueFileError(f"line {n}: unknown operation kind {name!r}") from None


def _condition(text: str, n: int) -> tuple[str, str]:
    what, _, word = text.partition("=")
    if what not in ("object", "particle", "prep", "subject") or not word:
        raise CueFileError(f"line {n}: malformed condition {text!r}")
    return what, word


@lru_cache(maxsize=1)
def load_cues() -> OperationCues:
    """The project's operation lexicon, read once per process."""
    return parse_cues(CUES_FILE.read_text(encoding="utf-8").splitlines())
