"""Found articles into the store, each source's `settle` run once everything before it is written."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from kg.extract.pool import ExtractionPool
from kg.ingest import IngestResult, ingest_articles
from kg.models import Article
from kg.sources import Entry, Found, Note, Skip
from kg.store import Store

__all__ = ["SourcesResult", "ingest_entries"]


@dataclass
class SourcesResult:
    """What a run over some sources did: the articles written, what was skipped, remarks on the way."""

    results: list[IngestResult] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def skipped_line(self) -> str | None:
        """The skipped entries counted by kind ("2 no article body, 1 not in English (de 1)"), or None."""
        if not self.skipped:
            return None
        kinds = Counter(s.kind for s in self.skipped)
        languages = Counter(s.reason.rsplit(" ", 1)[-1] for s in self.skipped if s.kind == "not in English")
        parts = []
        for kind, n in kinds.most_common():
            detail = ", ".join(f"{code} {k}" for code, k in languages.most_common())
            parts.append(f"{n} {kind}" + (f" ({detail})" if kind == "not in English" else ""))
        return f"Skipped {len(self.skipped)}: " + ", ".join(parts) + "."


def ingest_entries(
    store: Store,
    entries: Iterable[Entry],
    pool: ExtractionPool | None = None,
    batch_size: int = 32,
    progress: Callable[[IngestResult], None] | None = None,
    expected: int | None = None,
) -> SourcesResult:
    """Ingest the `Found` articles of `entries`, keeping the rest, in order, with their settling;
    `expected` is how many there are, when known (kg.ingest.ingest_articles).

    Extraction runs on `pool` when given (see kg.ingest.ingest_articles); an article it could not
    extract in time comes back as a result with `skipped` set, settled like the others.

    A `settle` runs only once the entry's article, and every article before it, is in the store: a
    run stopped anywhere leaves each source's state (items seen, where a WARC file was left) no further
    on than the store. `progress` is called with each result as it is written.
    """
    done = SourcesResult()
    # One group of settles per article not yet written: its own, then those of the skips and marks
    # read after it, which must wait for it.
    pending: deque[list[Callable[[], None]]] = deque()

    def take(entry: Skip | Note) -> None:
        if isinstance(entry, Skip):
            done.skipped.append(entry)
        elif entry.remark:
            done.remarks.append(entry.remark)
        if entry.settle is None:
            return
        if pending:
            pending[-1].append(entry.settle)
        else:
            entry.settle()

    remaining = iter(entries)
    # Up to the first article, nothing needs the extractor: a run with none never loads spaCy.
    first: Found | None = None
    for entry in remaining:
        if isinstance(entry, Found):
            first = entry
            break
        take(entry)
    if first is None:
        return done

    def articles() -> Iterator[Article]:
        for entry in chain([first], remaining):
            if isinstance(entry, Found):
                pending.append([entry.settle] if entry.settle else [])
                yield entry.article
            else:
                take(entry)

    def written(result: IngestResult) -> None:
        for settle in pending.popleft():
            settle()
        done.results.append(result)
        if progress is not None:
            progress(result)

    for _ in ingest_articles(
        store, articles(), pool=pool, batch_size=batch_size, progress=written, expected=expected
    ):
        pass
    return done
