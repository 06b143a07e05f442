"""Derived graphs kept equal to a rebuild while several processes write one store at once.

A write replaces article graphs and, in the same update request, patches the entity index and the
events with summaries it computed from what it read just before. Within one process the store's write
lock keeps other writes out of that gap. Several ingest processes writing one SPARQL server have no
lock in common, and moving the summing into the update request would not help: SPARQL 1.1 says only
that a request SHOULD be atomic, the Oxigraph server runs each request as one transaction at the
"repeatable read" level (each reads its own snapshot, so two requests summing one actor each miss the
other's article), and Virtuoso's SPARQL endpoint reads committed rows under row locks and rolls one of
two deadlocked requests back. Two writers summarising the same actor, place block or list of newest
articles each write what they saw, and the later write drops the earlier writer's article.

So once its articles are in (a run's last batch, kg/ingest.py), a writer settles its patches: it
computes them again from the store as it is now, for the same entities and places as its first
patches, and compares them with what the derived graphs hold for those subjects and for every subject
its first patches wrote; where they differ it writes them again, and it repeats until the store
agrees. When every writer has done so, the derived graphs are what a rebuild gives. Why: take the
last comparison any writer began for some summary. Every write that changes the summary or what it is
made of (an article graph, a background fact, the summary itself) is followed by a comparison by its
writer, so no write completed after that last comparison began, which therefore read the final
state; and it found agreement, or its writer would have written and compared once more. This asks of
the store only that an update request, once answered, is seen by every later read: no transactions,
locks or isolation level.

A request's DELETE removes only the triples its own snapshot holds, so two writers rewriting one
event at once can leave part of a subject behind: the triples of the later write that the earlier
one's snapshot did not have (its label and date, say, with no report or place left to find it by).
No recomputation names such a subject, so each writer also compares every subject it wrote (`Scope`
`written`), and removes those it no longer computes. And a patch on a shared store deletes its
subjects' triples by pattern rather than those it read, so that what another writer put there since
it was computed goes too.

The one summary that a patch computes from the derived graph itself, the list of the newest articles,
is ranked afresh from every article the index lists when settling (`rerank`), so that a comparison is a
function of the articles alone.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib.term import Node

from kg import events, index, summaries
from kg.errors import StoreError
from kg.store import GraphPatch, OxTerm, Store, Triple, Writable, rdflib_graphs, to_ox
from kg.store.terms import ox_triples

__all__ = [
    "ROUNDS", "Scope", "Written", "patches", "read_of", "scope_of", "settle", "settle_written",
    "stored_triples", "wrote",
]

ROUNDS = 30
"""Comparisons a writer makes before it gives up: with a few writers, two or three suffice."""


@dataclass(frozen=True)
class Scope:
    """What a write's patches summarise: the entities and the places of operations its graphs name,
    before and after the write, and once written, the subjects they wrote in each derived graph."""

    entities: frozenset[Node]
    sites: frozenset[str]
    written: frozenset[tuple[str, OxTerm]] = frozenset()
    """(graph, subject) for every subject of the derived graphs the write's patches wrote."""
    held: summaries.Held | None = None
    """What the graphs held before, when something else wrote them with no patch (a SPARQL update)."""
    reporting: frozenset[str] = frozenset()
    """The events that told of the operations the graphs held before, in the same case."""


_PATCH_READ = {**index.PATCH_READ, **events.PATCH_READ}
"""The properties the index and events patches read of the graphs they are for."""


def read_of(graphs: Mapping[str, Sequence[Writable]]) -> dict[str, list[Triple]]:
    """The triples of `graphs` that the index and events patches read, in rdflib's terms: taken once
    for a write and handed to both (each would otherwise go through every triple of the graphs)."""
    return rdflib_graphs(graphs, _PATCH_READ)



def scope_of(
    store: Store, graphs: Mapping[str, Sequence[Writable]], written: Iterable[Writable] = (),
    read: Mapping[str, Sequence[Triple]] | None = None,
) -> Scope:
    """The scope of replacing `graphs`, read before they are written; `written` are the background
    triples added for them, `read` what `read_of` gives of `graphs` when the caller has it."""
    read = read_of(graphs) if read is None else read
    entities = index.touched_by(store, graphs, written, read)
    return Scope(frozenset(entities), frozenset(events.sites_of(store, graphs, read)))


def wrote(scope: Scope, written: Iterable[GraphPatch]) -> Scope:
    """`scope` with the subjects of the patches `written`."""
    subjects = {(patch.graph, subject)
                for patch in written for subject in _subjects(ox_triples(patch.triples))}
    return replace(scope, written=scope.written | subjects)


def patches(store: Store, graphs: Mapping[str, Sequence[Writable]], scope: Scope,
            settling: bool = False, read: Mapping[str, Sequence[Triple]] | None = None) -> list[GraphPatch]:
    """The index and events patches of replacing `graphs` within `scope`, over the store as it will be
    once they are written (`settling`: as it is, with them written); `read` as for `scope_of`."""
    read = read_of(graphs) if read is None else read
    # The events patch is made beside the index patch: while one waits for the store (Oxigraph reads
    # outside the GIL), the other goes on.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-events-patch") as beside:
        events_patch = beside.submit(events.patch_for, store, graphs, sites=scope.sites, read=read,
                                     reported=scope.reporting)
        index_patch = index.patch_for(store, graphs, touched=scope.entities, rerank=settling, read=read,
                                      held=scope.held)
        return [index_patch, events_patch.result()]


Written = tuple[list[str], Scope]
"""Graphs one write replaced and the scope of its patches."""
_GRAPHS_AT_ONCE = 64
"""Graphs settled together, their scopes joined: fewer, larger comparisons."""


def settle_written(store: Store, written: Iterable[Written]) -> int:
    """Settle the patches of writes whose graphs are in the store (read back from it), a few writes at
    a time; returns the patches written again."""
    rewritten = 0
    graphs: list[str] = []
    entities: set[Node] = set()
    sites: set[str] = set()
    subjects: set[tuple[str, OxTerm]] = set()
    for names, scope in [*written, ([], Scope(frozenset(), frozenset()))]:
        if graphs and (not names or len(graphs) + len(names) > _GRAPHS_AT_ONCE):
            stored = {g: stored_triples(store, g) for g in dict.fromkeys(graphs)}
            joined = Scope(frozenset(entities), frozenset(sites), frozenset(subjects))
            rewritten += settle(store, stored, joined)
            graphs, entities, sites, subjects = [], set(), set(), set()
        graphs += names
        entities |= scope.entities
        sites |= scope.sites
        subjects |= scope.written
    return rewritten


def stored_triples(store: Store, graph: str) -> list[Triple]:
    """The triples `graph` holds now."""
    rows = store.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}")
    return [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]


def settle(store: Store, graphs: Mapping[str, Sequence[Writable]], scope: Scope) -> int:
    """Write the patches of `graphs` again until the store holds them as they are computed now, after
    `graphs` were written; returns the patches written again (0 when no other writer interfered).

    StoreError when the store still disagrees after ROUNDS comparisons."""
    rewritten = 0
    read = read_of(graphs)
    for attempt in range(ROUNDS):
        computed = [_with_written(p, scope) for p in patches(store, graphs, scope, settling=True, read=read)]
        stale = [_whole(p) for p in computed if not _holds(store, p)]
        if not stale:
            return rewritten
        store.replace_graphs({}, patch=stale)
        rewritten += len(stale)
        # Writers that keep overwriting each other's summaries fall out of step after a random pause.
        time.sleep(random.uniform(0.0, 0.05 * (attempt + 1)))
    raise StoreError(f"the derived data did not settle in {ROUNDS} rounds: other writers keep changing it")


def _with_written(patch: GraphPatch, scope: Scope) -> GraphPatch:
    """`patch`, naming also the subjects of its graph that the first patches of `scope` wrote."""
    also = sorted((subject for graph, subject in scope.written if graph == patch.graph), key=str)
    return GraphPatch(patch.graph, [*patch.subjects, *also], patch.triples) if also else patch


def _whole(patch: GraphPatch) -> GraphPatch:
    """`patch`, removing everything about the subjects it writes, not only about those it names."""
    named = {to_ox(s) for s in patch.subjects}
    written = [s for s in _subjects(ox_triples(patch.triples)) if s not in named]
    return GraphPatch(patch.graph, [*patch.subjects, *dict.fromkeys(written)], patch.triples)


def _subjects(triples: Iterable[ox.Triple]) -> list[OxTerm]:
    return [t.subject for t in triples if isinstance(t.subject, ox.NamedNode | ox.BlankNode)]


def _holds(store: Store, patch: GraphPatch) -> bool:
    """Whether the triples of the patch's graph about its subjects are exactly the patch's triples."""
    wanted = set(ox_triples(patch.triples))
    subjects = list(dict.fromkeys([*map(to_ox, patch.subjects), *_subjects(wanted)]))
    return store.triples_about(patch.graph, subjects) == wanted
