"""Markdown for bench/RESULTS.md: tables, figures and the targets met or missed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table cell."""
    if math.isnan(seconds):
        return "n/a"
    value = seconds * 1000
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def times(x: float) -> str:
    """A ratio for a table cell ("3.2x")."""
    if math.isnan(x) or math.isinf(x):
        return "n/a"
    return f"{x:.2f}x" if x < 10 else f"{x:.0f}x"


def number(x: float, digits: int = 1) -> str:
    """A number with thousands separators."""
    if math.isnan(x):
        return "n/a"
    return f"{x:,.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass(frozen=True)
class Target:
    """A goal stated as a ratio: met when `measured` is at most (or at least) `limit`."""

    name: str
    measured: float
    limit: float
    at_most: bool = True
    note: str = ""
    unit: str = "x"
    """How `measured` and `limit` read: "x" for a ratio, else a unit such as "ms" or "requests/s"."""

    @property
    def met(self) -> bool:
        if math.isnan(self.measured):
            return False
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    def row(self) -> list[str]:
        verdict = "met" if self.met else ("not measured" if math.isnan(self.measured) else "**missed**")
        if self.unit == "x":
            goal, measured = f"{self.limit:g}x", times(self.measured)
        else:
            goal, measured = f"{self.limit:g} {self.unit}", f"{number(self.measured)} {self.unit}"
        return [self.name, f"{'<=' if self.at_most else '>='} {goal}", measured, verdict, self.note]


@dataclass
class Report:
    """The sections of RESULTS.md as they are measured, and the targets they check."""

    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def section(self, title: str, lines: Sequence[str]) -> None:
        self.sections.append((title, list(lines)))

    def target(self, target: Target) -> None:
        self.targets.append(target)

    def markdown(self, head: Sequence[str]) -> str:
        out = list(head)
        out += ["", "## Targets", ""]
        out += table(["target", "goal", "measured", "verdict", "note"], [t.row() for t in self.targets])
        for title, lines in self.sections:
            out += ["", f"## {title}", "", *lines]
        return "\n".join(out) + "\n"
