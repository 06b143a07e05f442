"""The nearest peer: rdflib-endpoint serving an N-Quads file from rdflib's in-memory store.

`python -m bench.peer FILE --port N` parses FILE into an rdflib Dataset whose default graph is
the union of its named graphs (as in conflict-kg), prints one JSON line with the load time,
then serves SPARQL at /sparql on 127.0.0.1 until stopped.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def load(path: Path) -> tuple[Dataset, float]:
    """The dataset in `path` (N-Quads) and the seconds its parsing took."""
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    """Load the file, report, and serve it."""
    parser = argparse.ArgumentParser(prog="python -m bench.peer", description=main.__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    dataset, seconds = load(args.file)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "triples": len(dataset), "peak_bytes": peak}), flush=True)
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    sys.exit(0)


if __name__ == "__main__":
    main()
