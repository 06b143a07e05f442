"""The `kg` command: ingest, serve, query, export, load, reindex, and the actor and relations questions.
Each parses, calls the core, prints.

The commands open the embedded store themselves unless a running `kg serve` holds its folder (its
server file says so, kg/serverfile.py) or `--store` names a kg server: then they go through its HTTP
API (kg/client.py), and the server sees what they write at once.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import serverfile
from kg.client import KgServer, check_store_url, find_kg_server, sparql_endpoints
from kg.errors import BadInput, KgError, QueryError, StoreError
from kg.heap import WRITER_YOUNG_THRESHOLD, freeze_loaded
from kg.models import OperationKind
from kg.settings import Settings
from kg.syntax import explain, is_update

if TYPE_CHECKING:
    from kg.store import Store

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


@dataclass
class _Target:
    """Where a command's work goes: a running kg server (`server`), else the store `settings` name."""

    settings: Settings
    server: KgServer | None
    name: str
    """How messages name it: the data folder, the URL as given, or the server holding the folder."""


def _target(args: argparse.Namespace) -> _Target:
    """The store the flags and KG_* name, or the kg server through which it must be reached.

    A `--store URL` (or KG_STORE) that answers as a kg server is used through its HTTP API; any other
    URL is a plain SPARQL endpoint. A data folder held by a running `kg serve` (its server file says so)
    is reached through that server; otherwise the command opens the embedded store itself.
    """
    settings = _settings(args)
    if settings.store:
        named = "--store" if getattr(args, "store", None) is not None else "KG_STORE"
        check_store_url(settings.store, named)
        server = find_kg_server(settings.store, named)
        if server is not None:
            running = serverfile.find(settings.data)
            if running is not None and running.url == server.url:
                server = KgServer(running.url, running.token)  # the server of this machine's data folder
            return _Target(settings, server, f"the kg server at {settings.store}")
        query_url, update_url = sparql_endpoints(settings.store)
        endpoint = settings.model_copy(
            update={"store": query_url, "store_update": settings.store_update or update_url}
        )
        return _Target(endpoint, None, settings.store)
    running = serverfile.find(settings.data)
    if running is not None:
        server = KgServer(running.url, running.token)
        if server.listening():
            through = f"{settings.data} (through kg serve at {running.url})"
            return _Target(settings, server, through)
        # The file's process lives but nothing listens at its URL (its id was reused after a crash):
        # the store is opened directly, which fails plainly if someone does hold it.
        server.close()
    return _Target(settings, None, str(settings.data))


_STARTING_SECONDS = 5.0
"""How long a command waits for a `kg serve` that holds the store but has not yet said where it listens."""


class _ServerAppeared(Exception):
    """The store was in use by a `kg serve` that was starting: run the command again, through it."""


def _bring_up_to_date(store: Store) -> None:
    """An embedded store written by an earlier version gets its index and events rebuilt, once."""
    from kg import index
    from kg.store import EmbeddedStore

    if isinstance(store, EmbeddedStore) and index.bring_up_to_date(store):
        print("The store's index was written by an earlier version: rebuilt it and the events.", flush=True)


def _open(settings: Settings) -> Store:
    """The embedded or remote store of `settings`, opened by this process.

    Between opening the store and writing its server file, a starting `kg serve` holds the folder
    unseen: a command that finds the store in use waits a moment for that file, then goes through it.
    """
    from kg.store import open_store

    try:
        return open_store(settings)
    except StoreError:
        if settings.store:
            raise
        deadline = time.monotonic() + _STARTING_SECONDS
        while time.monotonic() < deadline:
            if serverfile.find(settings.data) is not None:
                raise _ServerAppeared from None
            time.sleep(0.1)
        raise


# -- commands ----------------------------------------------------------------------------------------

_COUNTS = ("triples", "actors", "places", "relations", "operations", "statements")


def cmd_ingest(args: argparse.Namespace) -> int:
    from kg.sources.paths import path_entries

    target = _target(args)
    settings = target.settings
    # Article files and feeds are read before anything is written: a bad one leaves the store as it was.
    sources = path_entries(args.paths, settings.data)
    if target.server is not None:
        return _ingest_through(target.server, target.name, sources, args.if_empty)

    from kg.extract.pool import ExtractionPool
    from kg.ingest import IngestResult  # loads spaCy: only once the input is known good
    from kg.rdf.iris import ARTICLE_GRAPH_PREFIX
    from kg.sources.ingest import ingest_entries

    with _open(settings) as store:
        _bring_up_to_date(store)
        if args.if_empty:
            held = sum(1 for g in store.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX))
            if held:
                print(f"The store already holds {held} articles; nothing ingested.")
                return 0
        with ExtractionPool(args.workers or settings.workers, budget=settings.extract_timeout) as pool:
            pool.warm()  # the pipeline loads before the clock starts: the rate is of the articles
            freeze_loaded(WRITER_YOUNG_THRESHOLD)
            bar = _progress_bar(sources.articles)
            started = time.perf_counter()
            try:
                update: Callable[[IngestResult], None] | None = (lambda _: bar.update(1)) if bar else None
                run = ingest_entries(store, sources.entries, pool=pool, batch_size=settings.batch_size,
                                     progress=update, expected=sources.articles)
            finally:
                if bar:
                    bar.close()
            seconds = time.perf_counter() - started
    results = [r for r in run.results if not r.skipped]
    failed = [r for r in run.results if r.skipped]
    totals = {name: sum(getattr(r, name) for r in results) for name in _COUNTS}
    _print_ingested(len(results), totals, target.name, seconds, len(failed))
    for result in failed:
        print(f"Skipped {result.article_id}: {result.skipped}", file=sys.stderr)
    for remark in run.remarks:
        print(remark)
    _print_skipped(run.skipped, run.skipped_line())
    return 0


def _ingest_through(server: KgServer, name: str, sources: Any, if_empty: bool) -> int:
    """Send each article found to the server's POST /articles, which extracts and writes it; each
    source's state is settled once its article is in."""
    from kg.sources import Found, Skip

    with server:
        if if_empty:
            held = int(server.health().get("articles", 0))
            if held:
                print(f"The store already holds {held} articles; nothing ingested.")
                return 0
        bar = _progress_bar(sources.articles)
        started = time.perf_counter()
        answers: list[dict[str, Any]] = []
        skipped: list[Any] = []
        remarks: list[str] = []
        try:
            for entry in sources.entries:
                if isinstance(entry, Found):
                    try:
                        answers.append(server.ingest(entry.article))
                    except KgError as exc:
                        done = f"{len(answers)} articles were ingested before it"
                        raise type(exc)(f"{entry.where}: {_first_line(exc)} ({done})") from None
                    if bar:
                        bar.update(1)
                elif isinstance(entry, Skip):
                    skipped.append(entry)
                elif entry.remark:
                    remarks.append(entry.remark)
                if entry.settle is not None:
                    entry.settle()
        finally:
            if bar:
                bar.close()
        seconds = time.perf_counter() - started
    totals = {key: sum(int(answer.get(key, 0)) for answer in answers) for key in _COUNTS}
    _print_ingested(len(answers), totals, name, seconds)
    for remark in remarks:
        print(remark)
    if skipped:
        _print_skipped(skipped, f"Skipped {len(skipped)}.")
    return 0


def _print_ingested(
    count: int, totals: dict[str, int], name: str, seconds: float, skipped: int = 0
) -> None:
    rate = count / seconds if seconds > 0 else float(count)
    print(
        f"Ingested {count} articles into {name}{f' ({skipped} skipped)' if skipped else ''}: "
        f"{totals['triples']} triples, {totals['actors']} actors, {totals['places']} places, "
        f"{totals['relations']} relations, {totals['operations']} operations, "
        f"{totals['statements']} statements in {seconds:.1f} s ({rate:.2f} articles/s)."
    )


def _print_skipped(skipped: Sequence[Any], line: str | None, shown: int = 10) -> None:
    """The count of skipped pages and items by kind, then the first few with their reasons."""
    if line is None:
        return
    print(line)
    for skip in skipped[:shown]:
        print(f"  skipped {skip.where}: {skip.reason}")
    if len(skipped) > shown:
        print(f"  ... and {len(skipped) - shown} more")


def _progress_bar(total: int | None) -> Any:
    """A tqdm bar on stderr when stderr is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr)


def cmd_watch(args: argparse.Namespace) -> int:
    from kg.sources.watch import Watcher, feed_addresses
    from kg.store import open_store

    settings = _settings(args)
    if args.interval <= 0 or args.rounds < 0:
        raise BadInput("--interval must be above 0 seconds and --rounds 0 or more")
    feeds = feed_addresses(args.urls)  # before the store is opened: bad input leaves no trace
    from kg.extract.pool import ExtractionPool

    pool = ExtractionPool(settings.workers, budget=settings.extract_timeout, start=False)
    with open_store(settings) as store, pool:
        watcher = Watcher(store, feeds, settings.data, pool, settings.batch_size)
        freeze_loaded(WRITER_YOUNG_THRESHOLD)
        try:
            watcher.run(args.interval, args.rounds, log=lambda line: print(line, flush=True))
        except KeyboardInterrupt:
            print(f"Stopped after {watcher.rounds} rounds.")
        finally:
            watcher.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kg.store import open_store

    settings = _settings(args)
    if settings.store:
        named = "--store" if args.store is not None else "KG_STORE"
        check_store_url(settings.store, named)
        query_url, update_url = sparql_endpoints(settings.store)
        settings = settings.model_copy(
            update={"store": query_url, "store_update": settings.store_update or update_url}
        )
    elif args.workers > 1:
        raise BadInput(
            "--workers above 1 needs a remote store (--store URL): "
            "only one process can open the embedded store"
        )
    else:
        running = serverfile.find(settings.data)
        if running is not None:
            raise BadInput(
                f"{settings.data} is already served by kg serve at {running.url} (process {running.pid})"
            )
    # The port is taken first, so that a busy port is the first error and nothing starts before it.
    listener = _listen(args.host, args.port)
    port = listener.getsockname()[1]
    try:
        # Open once here so that a store in use or unreadable is a one-line error, not a server traceback.
        open_store(settings).close()
        if args.workers > 1:
            listener.close()  # uvicorn's worker processes bind the port themselves
            # uvicorn's factory mode calls create_app() with no arguments, in each worker: it reads KG_*.
            if settings.store:
                os.environ["KG_STORE"] = settings.store
            if settings.store_update:
                os.environ["KG_STORE_UPDATE"] = settings.store_update
            os.environ["KG_HOST"] = args.host  # the write policy depends on where the service listens
            uvicorn.run("api.app:create_app", factory=True, host=args.host, port=port, workers=args.workers)
            return 0
        from api.app import create_app

        url = f"http://{_local_host(args.host)}:{port}"
        app = create_app(settings.model_copy(update={"host": args.host}), announce_url=url)
        config = uvicorn.Config(app, host=args.host, port=port)
        uvicorn.Server(config).run(sockets=[listener])
    except KeyboardInterrupt:
        return 130  # Ctrl-C: uvicorn has already shut down cleanly and said so
    finally:
        listener.close()
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening; BadInput naming the port when it is taken."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise BadInput(f"--host {host!r} is not an address this machine has: {exc.strerror}") from None
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(2048)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise BadInput(
                f"port {port} on {host} is in use by another program: stop it, or choose another with --port"
            ) from None
        raise BadInput(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    listener.set_inheritable(True)
    return listener


def _local_host(host: str) -> str:
    """The address by which a client on this machine reaches a server listening on `host`."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


_UPDATE_HELP = (
    "kg query runs queries, and this is a SPARQL update: start kg serve with KG_UPDATE_TOKEN set and "
    "POST it to /sparql as the form field 'update' with the header 'Authorization: Bearer <token>' "
    "(or use kg load for RDF files)"
)


class _Explained(BadInput):
    """An error whose message has several lines to show as they are (a query with a caret under it)."""


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query_policy import check_refused
    from kg.rdf.namespaces import PREFIXES
    from kg.store import QueryResult

    if is_update(args.sparql):
        raise BadInput(_UPDATE_HELP)
    check_refused(args.sparql)
    target = _target(args)
    try:
        if target.server is not None:
            with target.server as server:
                answer = server.query(args.sparql, _ACCEPT[args.format])
            if args.format == "table" and answer.media_type == "application/sparql-results+json":
                asked = b'"boolean"' in answer.body[:200]
                _print_result(QueryResult("ask" if asked else "select", answer.body), args.format)
            else:
                _write(answer.body if answer.body.endswith(b"\n") else answer.body + b"\n")
            return 0
        with _open(target.settings) as store:
            _print_result(store.query(args.sparql), args.format)
    except QueryError as exc:
        explained = explain(args.sparql, str(exc), PREFIXES)
        if explained is None:
            raise
        raise _Explained(explained) from None
    return 0


_ACCEPT = {
    "table": "application/sparql-results+json, text/turtle;q=0.9",
    "json": "application/sparql-results+json, application/ld+json;q=0.9",
    "csv": "text/csv, text/turtle;q=0.9",
}
"""What `kg query` asks a kg server for, per --format: results first, then a graph format."""


def _print_result(result: Any, fmt: str) -> None:
    """A query result on stdout: a table (or true/false), SPARQL JSON or CSV; graphs as Turtle or JSON-LD."""
    if result.kind == "graph":
        media = "application/ld+json" if fmt == "json" else "text/turtle"
        _write(result.serialize(media))
    elif fmt == "json":
        _write(result.serialize("application/sparql-results+json") + b"\n")
    elif fmt == "csv":
        _write(result.serialize("text/csv"))
    elif result.kind == "ask":
        print("true" if result.boolean else "false")
    else:
        print(_table(result.variables, result.rows))


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


_FORMAT_NAMES = {
    "turtle": "Turtle", "trig": "TriG", "nquads": "N-Quads", "jsonld": "JSON-LD", "ntriples": "N-Triples"
}


def cmd_export(args: argparse.Namespace) -> int:
    from kg.rdf import iris

    graph = str(iris.article_graph(args.article)) if args.article else None
    fmt = args.format or ("turtle" if graph else "trig")
    target = _target(args)
    if target.server is not None:
        with target.server as server:
            data = _export_through(server, fmt, args.article)
    else:
        with _open(target.settings) as store:
            data = store.dump(fmt, graph)
    if args.out:
        Path(args.out).write_bytes(data)
        what = f"the graph of article {args.article}" if args.article else f"every graph of {target.name}"
        print(f"Wrote {what} as {_FORMAT_NAMES[fmt]} to {args.out} ({_size(len(data))}).", file=sys.stderr)
    else:
        _write(data)
    return 0


def _export_through(server: KgServer, fmt: str, article: str | None) -> bytes:
    """The export from a kg server's GET /export; what it does not serve (JSON-LD, one article's graph
    as a dataset) is made here from N-Quads or N-Triples, as the store itself would write it."""
    from kg.rdf.namespaces import PREFIXES

    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if article and fmt in ("trig", "nquads"):
        import pyoxigraph as ox

        from kg.rdf import iris

        name = ox.NamedNode(str(iris.article_graph(article)))
        read = ox.parse(server.export("ntriples", article), format=ox.RdfFormat.N_TRIPLES)
        quads = [ox.Quad(q.subject, q.predicate, q.object, name) for q in read]
        if fmt == "trig":
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=context) or b""
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    if fmt != "jsonld":
        return server.export(fmt, article)
    from rdflib import Dataset, Graph

    if article:
        graph = Graph().parse(data=server.export("ntriples", article), format="nt")
        return graph.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")
    dataset = Dataset()
    dataset.parse(data=server.export("nquads"), format="nquads")
    return dataset.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")


def _size(count: int) -> str:
    """A byte count for people: 512 bytes, 3.4 kB, 1.2 MB, 5.0 GB."""
    if count < 1000:
        return f"{count} bytes"
    value = float(count)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def cmd_load(args: argparse.Namespace) -> int:
    from kg import events, index
    from kg.store import load_files

    target = _target(args)
    files = f"{len(args.files)} file{'s' if len(args.files) != 1 else ''}"
    if target.server is not None:
        for path in args.files:
            if not Path(path).is_file():
                raise BadInput(f"no such file: {path}")
        with target.server as server:
            answer = server.load(list(args.files), args.graph)
        reading, indexing = float(answer["files_seconds"]), float(answer["index_seconds"])
        print(
            f"Loaded {answer['quads']} quads from {files} into {target.name} in {reading + indexing:.1f} s "
            f"(files {reading:.1f} s, entity index of {answer['index_triples']} triples {indexing:.1f} s)."
        )
        return 0
    started = time.perf_counter()
    with _open(target.settings) as store:
        quads = load_files(store, args.files, graph=args.graph)
        loaded = time.perf_counter()
        indexed = index.rebuild(store, bulk=True)
        summarised = time.perf_counter()
        evented = events.rebuild(store, bulk=True)
    done = time.perf_counter()
    print(
        f"Loaded {quads} quads from {files} into {target.name} in {done - started:.1f} s "
        f"(files {loaded - started:.1f} s, entity index of {indexed} triples {summarised - loaded:.1f} s, "
        f"events of {evented} triples {done - summarised:.1f} s)."
    )
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from kg import events, index

    target = _target(args)
    if target.server is not None:
        with target.server as server:
            answer = server.reindex()
        indexed, evented = answer["index_triples"], answer["event_triples"]
        seconds = float(answer["seconds"])
    else:
        started = time.perf_counter()
        with _open(target.settings) as store:
            indexed = index.rebuild(store)
            evented = events.rebuild(store)
        seconds = time.perf_counter() - started
    print(f"Rebuilt the entity index of {target.name} ({indexed} triples) and the events ({evented} "
          f"triples) in {seconds:.1f} s.")
    return 0


def cmd_actor(args: argparse.Namespace) -> int:
    from kg import read
    from kg.read.records import Actor

    target = _target(args)
    if target.server is not None:
        with target.server as server:
            actor = Actor.model_validate(server.actor(args.name))
    else:
        with _open(target.settings) as store:
            actor = read.get_actor(read.Canned(store), args.name)
    if args.json:
        print(actor.model_dump_json(indent=2))
        return 0
    print(f"{actor.label} ({actor.kind}) {actor.id}")
    if actor.aliases:
        print(f"  also: {', '.join(actor.aliases)}")
    if actor.wikidata:
        print(f"  wikidata: {actor.wikidata}")
    print(f"  named in {actor.article_count} articles; newest:")
    for article in actor.articles[: args.articles]:
        print(f"    {article.published or '----------'}  {article.title or article.id}")
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    from kg import read
    from kg.read.records import Relations

    target = _target(args)
    if target.server is not None:
        with target.server as server:
            found = Relations.model_validate(
                server.relations(args.name, args.limit, args.offset, args.evidence)
            )
    else:
        with _open(target.settings) as store:
            found = read.actor_relations(
                read.Canned(store), args.name, args.limit, args.offset, args.evidence
            )
    if args.json:
        print(found.model_dump_json(indent=2))
        return 0
    print(f"{found.actor.label} ({found.actor.kind}): {found.total} related actors")
    for rel in found.relations:
        print(f"  {rel.type} {rel.direction} {rel.actor.label} ({rel.actor.kind}): "
              f"{rel.articles} articles, {rel.evidence_count} sentences")
        for sentence in rel.evidence:
            print(f"    {sentence.published or '----------'}  {sentence.sentence}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from kg.read.events import list_events, resolve

    if args.limit < 1:
        raise BadInput("--limit must be at least 1")
    from_, to = (_day(args.from_, "--from"), _day(args.to, "--to"))
    if from_ and to and from_ > to:
        raise BadInput("--from is later than --to")
    target = _target(args)
    found: list[dict[str, Any]]
    if target.server is not None:
        params = {"actor": args.actor, "location": args.location, "kind": args.kind,
                  "from": args.from_, "to": args.to, "limit": args.limit}
        with target.server as server:
            found = server.events({key: value for key, value in params.items() if value is not None})
    else:
        with _open(target.settings) as store:
            events = list_events(
                store,
                actor=resolve(store, "actor", args.actor) if args.actor else None,
                location=resolve(store, "location", args.location) if args.location else None,
                kind=OperationKind(args.kind) if args.kind else None,
                start=from_,
                end=to,
                limit=args.limit,
            )
        found = [asdict(e) for e in events]
    if args.format == "json":
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    for e in found:
        place = e["location"]["label"] if e["location"] else "?"
        print(f"{e['date'] or '?':10}  {e['kind']:14} {place:24} {e['source_count']} source(s)  {e['id']}")
        for s in e["sources"]:
            print(f"            report  {s['kind']} on {s['date'] or '?'} in {s['article']}")
        for f in e["figures"]:
            count = f"{f['count']}" + (f"-{f['count_max']}" if f["count_max"] is not None else "")
            by = f["reported_by"]["label"] if f["reported_by"] else "no named source"
            print(f"            figure  {f['kind'].lower()} {count} (by {by}, in {f['article']})")
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
        help="a kg server, or any SPARQL 1.1 endpoint, to use instead of the embedded store "
        "(default: $KG_STORE)",
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
        help="article files (.txt, .md, .html), RSS/Atom feeds (.xml), WARC files (.warc.gz), or folders",
    )
    _store_flags(ingest)
    ingest.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="extraction worker processes, one per core is fastest (default: $KG_WORKERS, else 1)",
    )
    ingest.add_argument(
        "--if-empty", action="store_true", help="ingest only when the store holds no article yet"
    )
    ingest.set_defaults(run=cmd_ingest)

    watch = commands.add_parser("watch", help="poll RSS/Atom feeds, ingesting each new item once")
    watch.add_argument("urls", nargs="+", metavar="URL", help="addresses of the feeds")
    _store_flags(watch)
    watch.add_argument(
        "--interval", type=float, default=900.0, metavar="SECONDS", help="time between rounds (default: 900)"
    )
    watch.add_argument(
        "--rounds", type=int, default=0, metavar="N", help="stop after N rounds (default: 0, never)"
    )
    watch.set_defaults(run=cmd_watch)

    serve = commands.add_parser("serve", help="run the HTTP service")
    _store_flags(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)"
    )
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

    actor = commands.add_parser("actor", help="one actor: names, kind and the newest articles naming it")
    actor.add_argument("name", metavar="NAME", help="the actor's slug, label or any alias")
    _store_flags(actor)
    actor.add_argument("--articles", type=int, default=10, metavar="N", help="articles to list (default: 10)")
    actor.add_argument("--json", action="store_true", help="print the answer as JSON")
    actor.set_defaults(run=cmd_actor)

    relations = commands.add_parser("relations", help="the actors related to one actor, with the evidence")
    relations.add_argument("name", metavar="NAME", help="the actor's slug, label or any alias")
    _store_flags(relations)
    relations.add_argument("--limit", type=int, default=20, metavar="N", help="related actors (default: 20)")
    relations.add_argument("--offset", type=int, default=0, metavar="N", help="related actors skipped first")
    relations.add_argument("--evidence", type=int, default=2, metavar="N",
                           help="newest sentences per related actor (default: 2)")
    relations.add_argument("--json", action="store_true", help="print the answer as JSON")
    relations.set_defaults(run=cmd_relations)

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
        try:
            status: int = args.run(args)
        except _ServerAppeared:
            status = args.run(args)  # nothing was written: the store could not be opened
        return status
    except _Explained as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
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
