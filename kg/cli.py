"""The `kg` command: ingest, serve, query, export and load. Each command parses, calls the core, prints."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import BadInput, KgError
from kg.models import OperationKind
from kg.settings import Settings

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, like every other error of `kg`."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kg: error: {message} (see {self.prog} --help)\n")


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment (KG_*), with the command-line flags that were given on top."""
    overrides: dict[str, Any] = {}
    if getattr(args, "data", None) is not None:
        overrides["data"] = args.data
    if getattr(args, "store", None) is not None:
        overrides["store"] = args.store
    return Settings(**overrides)


# -- commands ----------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from kg.articles import iter_articles

    settings = _settings(args)
    # Every file is read before anything is written, so a bad file leaves the store as it was.
    articles = list(iter_articles(args.paths))
    if not articles:
        raise BadInput("no article files (.txt, .md, .html) in " + ", ".join(map(str, args.paths)))

    from kg.ingest import IngestResult, ingest_articles  # loads spaCy: only once the input is known good
    from kg.rdf.iris import ARTICLE_GRAPH_PREFIX
    from kg.store import open_store

    with open_store(settings) as store:
        if args.if_empty:
            held = sum(1 for g in store.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX))
            if held:
                print(f"The store already holds {held} articles; nothing ingested.")
                return 0
        bar = _progress_bar(len(articles))
        started = time.perf_counter()
        try:
            update: Callable[[IngestResult], None] | None = (lambda _: bar.update(1)) if bar else None
            results = list(
                ingest_articles(
                    store,
                    articles,
                    processes=args.processes or settings.processes,
                    batch_size=settings.batch_size,
                    progress=update,
                )
            )
        finally:
            if bar:
                bar.close()
        seconds = time.perf_counter() - started
    totals = {
        name: sum(getattr(r, name) for r in results)
        for name in ("triples", "actors", "places", "relations", "operations", "statements")
    }
    rate = len(results) / seconds if seconds > 0 else float(len(results))
    print(
        f"Ingested {len(results)} articles into {settings.store or settings.data}: "
        f"{totals['triples']} triples, {totals['actors']} actors, {totals['places']} places, "
        f"{totals['relations']} relations, {totals['operations']} operations, "
        f"{totals['statements']} statements in {seconds:.1f} s ({rate:.2f} articles/s)."
    )
    return 0


def _progress_bar(total: int) -> Any:
    """A tqdm bar on stderr when stderr is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kg.store import open_store

    settings = _settings(args)
    if args.workers > 1 and not settings.store:
        raise BadInput(
            "--workers above 1 needs a remote store (--store URL): "
            "only one process can open the embedded store"
        )
    # Open once here so that a store in use or unreadable is a one-line error, not a server traceback.
    open_store(settings).close()
    # uvicorn's factory mode calls create_app() with no arguments, in each worker: it reads KG_*.
    if args.data is not None:
        os.environ["KG_DATA"] = str(args.data)
    if args.store is not None:
        os.environ["KG_STORE"] = args.store
    uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.store import open_store

    with open_store(_settings(args)) as store:
        result = store.query(args.sparql)
        if result.kind == "graph":
            media = "application/ld+json" if args.format == "json" else "text/turtle"
            _write(result.serialize(media))
        elif args.format == "json":
            _write(result.serialize("application/sparql-results+json") + b"\n")
        elif args.format == "csv":
            _write(result.serialize("text/csv"))
        elif result.kind == "ask":
            print("true" if result.boolean else "false")
        else:
            print(_table(result.variables, result.rows))
    return 0


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef | Literal):
        return str(term)
    return term.n3()


def _table(variables: Sequence[str], rows: Sequence[dict[str, Node]]) -> str:
    """Rows as an aligned plain-text table with a header line, and a count at the end."""
    cells = [[_cell(row.get(name)).replace("\n", " ") for name in variables] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(variables)]
    lines = [
        "  ".join(name.ljust(w) for name, w in zip(variables, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace) -> int:
    from kg.rdf import iris
    from kg.store import open_store

    graph = str(iris.article_graph(args.article)) if args.article else None
    fmt = args.format or ("turtle" if graph else "trig")
    with open_store(_settings(args)) as store:
        data = store.dump(fmt, graph)
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        _write(data)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from kg import events, index
    from kg.store import load_files, open_store

    settings = _settings(args)
    started = time.perf_counter()
    with open_store(settings) as store:
        quads = load_files(store, args.files, graph=args.graph)
        loaded = time.perf_counter()
        indexed = index.rebuild(store, bulk=True)
        summarised = time.perf_counter()
        evented = events.rebuild(store, bulk=True)
    done = time.perf_counter()
    print(
        f"Loaded {quads} quads from {len(args.files)} file{'s' if len(args.files) != 1 else ''} "
        f"into {settings.store or settings.data} in {done - started:.1f} s "
        f"(files {loaded - started:.1f} s, entity index of {indexed} triples {summarised - loaded:.1f} s, "
        f"events of {evented} triples {done - summarised:.1f} s)."
    )
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from kg import events, index
    from kg.store import open_store

    settings = _settings(args)
    started = time.perf_counter()
    with open_store(settings) as store:
        indexed = index.rebuild(store)
        evented = events.rebuild(store)
    print(f"Rebuilt the entity index ({indexed} triples) and the events ({evented} triples) "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from kg.read.events import list_events, resolve
    from kg.store import open_store

    if args.limit < 1:
        raise BadInput("--limit must be at least 1")
    from_, to = (_day(args.from_, "--from"), _day(args.to, "--to"))
    if from_ and to and from_ > to:
        raise BadInput("--from is later than --to")
    with open_store(_settings(args)) as store:
        found = list_events(
            store,
            actor=resolve(store, "actor", args.actor) if args.actor else None,
            location=resolve(store, "location", args.location) if args.location else None,
            kind=OperationKind(args.kind) if args.kind else None,
            start=from_,
            end=to,
            limit=args.limit,
        )
    if args.format == "json":
        print(json.dumps([asdict(e) for e in found], indent=2, ensure_ascii=False))
        return 0
    for e in found:
        place = e.location.label if e.location else "?"
        print(f"{e.date or '?':10}  {e.kind:14} {place:24} {e.source_count} source(s)  {e.id}")
        for s in e.sources:
            print(f"            report  {s.kind} on {s.date or '?'} in {s.article}")
        for f in e.figures:
            count = f"{f.count}" + (f"-{f.count_max}" if f.count_max is not None else "")
            by = f.reported_by.label if f.reported_by else "no named source"
            print(f"            figure  {f.kind.lower()} {count} (by {by}, in {f.article})")
    if not found:
        print("No event matches.")
    return 0


def _day(value: str | None, flag: str) -> date | None:
    from kg.articles import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except BadInput as exc:
        raise BadInput(f"{flag}: {exc}") from None


def _write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


# -- parser ------------------------------------------------------------------------------------------


def _store_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="folder of the embedded store (default: $KG_DATA, else a per-user folder)",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        help="SPARQL 1.1 endpoint to use instead of the embedded store (default: $KG_STORE)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kg` and its commands."""
    parser = _Parser(prog="kg", description="Turn conflict news into a queryable knowledge graph.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="extract articles into the store")
    ingest.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article files (.txt, .md, .html) or folders of them",
    )
    _store_flags(ingest)
    ingest.add_argument(
        "--processes",
        type=int,
        metavar="N",
        help="worker processes for parsing (default: $KG_PROCESSES, else 1)",
    )
    ingest.add_argument(
        "--if-empty", action="store_true", help="ingest only when the store holds no article yet"
    )
    ingest.set_defaults(run=cmd_ingest)

    serve = commands.add_parser("serve", help="run the HTTP service")
    _store_flags(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes; above 1 only with a remote store (default: 1)",
    )
    serve.set_defaults(run=cmd_serve)

    query = commands.add_parser("query", help="run a SPARQL query over the union of all graphs")
    query.add_argument("sparql", metavar="SPARQL", help="the SPARQL 1.1 query")
    _store_flags(query)
    query.add_argument(
        "--format",
        choices=["table", "json", "csv"],
        default="table",
        help="how to print results (default: table)",
    )
    query.set_defaults(run=cmd_query)

    export = commands.add_parser("export", help="write the store, or one article's graph, as RDF")
    _store_flags(export)
    export.add_argument(
        "--format",
        choices=["turtle", "trig", "nquads", "jsonld", "ntriples"],
        help="RDF format (default: trig for the store, turtle for one article)",
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="file to write (default: standard output)")
    export.add_argument("--article", metavar="ID", help="export only this article's graph")
    export.set_defaults(run=cmd_export)

    load = commands.add_parser("load", help="bulk-load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD)")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE", help="RDF files; format from extension")
    _store_flags(load)
    load.add_argument(
        "--graph",
        metavar="IRI",
        help="graph for triples outside any named graph (default: one named after each file)",
    )
    load.set_defaults(run=cmd_load)

    reindex = commands.add_parser(
        "reindex", help="rebuild the entity index (one summary per actor and place) from every graph"
    )
    _store_flags(reindex)
    reindex.set_defaults(run=cmd_reindex)

    events = commands.add_parser(
        "events", help="list events across articles, with their sources and casualty figures side by side"
    )
    _store_flags(events)
    events.add_argument("--actor", metavar="ID", help="a party to the event (id or name)")
    events.add_argument("--location", metavar="ID", help="a place (id or name), or any place inside it")
    events.add_argument("--kind", choices=[k.value for k in OperationKind], help="the kind of operation")
    events.add_argument("--from", dest="from_", metavar="YYYY-MM-DD", help="earliest day")
    events.add_argument("--to", metavar="YYYY-MM-DD", help="latest day")
    events.add_argument("--limit", type=int, default=100, metavar="N", help="at most N events (default: 100)")
    events.add_argument(
        "--format", choices=["table", "json"], default="table", help="how to print events (default: table)"
    )
    events.set_defaults(run=cmd_events)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kg` with `argv`; every error is one line on stderr and a non-zero exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except KgError as exc:
        print(f"kg: error: {_first_line(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"kg: error: {exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("kg: error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a bug is still one line, not a traceback
        print(f"kg: error: unexpected {type(exc).__name__}: {_first_line(exc)}", file=sys.stderr)
        return 1


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
