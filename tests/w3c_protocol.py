"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/sparql_sparql11_protocol_manifest.ttl) over HTTP.

Each test is a list of HTTP requests sent as written (raw bytes, exact headers, no client-side
rewriting) with the status class, media type family and ASK answer each response must have. The
suite's datasets are graphs named by its IRIs (`DATA_GRAPHS`), loaded before the run.
usage: python tests/w3c_protocol.py http://127.0.0.1:PORT/sparql [TOKEN]
"""

from __future__ import annotations

import http.client
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

W3C = Path(__file__).resolve().parent / "w3c"
MANIFEST = W3C / "sparql_sparql11_protocol_manifest.ttl"
DATA_GRAPHS = {
    f"http://kasei.us/2009/09/sparql/data/data{n}.rdf": W3C / f"sparql_sparql11_protocol_data{n}.nt"
    for n in (1, 2, 3)
}
"""The graph each data file of the suite is loaded into."""

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")

FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}
"""The media types each `mf:expectedFormat` stands for."""


@dataclass(frozen=True)
class Step:
    """One request of a test and what its response must show."""

    method: str
    path: str
    """The request target after the endpoint's path (`?query=...`, or empty)."""
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]
    """Acceptable status classes (2 for 2xx)."""
    media: str | None
    boolean: bool | None


@dataclass
class Case:
    """One test of the manifest: its local name, title and requests, in order."""

    name: str
    title: str
    steps: list[Step] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def read_manifest(path: Path = MANIFEST) -> list[Case]:
    """The tests of a protocol manifest, in its order."""
    g = Graph().parse(path, format="turtle")
    root = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in Collection(g, _one(g, root, MF.entries)):
        case = Case(str(test).split("#")[-1], str(g.value(test, MF.name)))
        action = _one(g, test, MF.action)
        for req in Collection(g, _one(g, action, HT.requests)):
            path = str(g.value(req, HT.absolutePath))
            headers = {}
            header_list = g.value(req, HT.headers)
            for h in Collection(g, header_list) if header_list is not None else []:
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            content = g.value(req, HT.body)
            if content is not None:
                encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
                codec = "utf-16" if encoding.upper() == "UTF-16" else "utf-8"
                body = str(g.value(content, CNT.chars)).encode(codec)
            resp = _one(g, req, HT.resp)
            statuses = {int(str(s).split("StatusCode")[-1][0]) for s in g.objects(resp, MF.expectedStatus)}
            media, boolean = g.value(resp, MF.expectedFormat), g.value(resp, MF.expectedBoolean)
            case.steps.append(
                Step(
                    str(g.value(req, HT.methodName)),
                    path.removeprefix("/sparql/"),
                    headers,
                    body,
                    statuses,
                    None if media is None else str(media),
                    None if boolean is None else bool(boolean.toPython()),  # type: ignore[union-attr]
                )
            )
        cases.append(case)
    return cases


def _one(g: Graph, subject: Node, predicate: Node) -> Node:
    value = g.value(subject, predicate)
    assert value is not None, f"{subject} has no {predicate}"
    return value


def _boolean(media: str, body: bytes) -> bool | None:
    if "json" in media:
        value = json.loads(body).get("boolean")
        return value if isinstance(value, bool) else None
    for element in ET.fromstring(body).iter():
        if element.tag.endswith("boolean") and element.text:
            return element.text.strip() == "true"
    return None


def run_case(endpoint: str, case: Case, token: str | None = None) -> list[str]:
    """Send the requests of `case` to `endpoint`; the problems found (none when it passes)."""
    url = urlsplit(endpoint)
    assert url.hostname and url.port
    for number, step in enumerate(case.steps, 1):
        headers = dict(step.headers)
        if token and (case.is_update or step.method == "POST"):
            headers["Authorization"] = f"Bearer {token}"
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        try:
            conn.putrequest(step.method, url.path + step.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"{url.hostname}:{url.port}")
            for name, value in headers.items():
                conn.putheader(name, value)
            if step.body is not None:
                conn.putheader("Content-Length", str(len(step.body)))
            conn.endheaders(step.body)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        where = f"request {number} ({step.method}) answered {response.status}"
        if response.status // 100 not in step.statuses:
            return [f"{where}, expected {'/'.join(f'{s}xx' for s in sorted(step.statuses))}: {body[:200]!r}"]
        if step.media is not None and media not in FORMATS[step.media]:
            return [f"{where} as {media!r}, not {step.media}"]
        if step.boolean is not None and _boolean(media, body) is not step.boolean:
            return [f"{where} with {body[:200]!r}, expected the boolean {step.boolean}"]
    return []


def main(argv: list[str]) -> int:
    """Run every test against the endpoint in argv[1] (token in argv[2]); print one line each."""
    endpoint, token = argv[1], argv[2] if len(argv) > 2 else None
    cases = read_manifest()
    passed = 0
    for case in cases:
        problems = run_case(endpoint, case, token)
        passed += not problems
        print(f"{'PASS' if not problems else 'FAIL'}  {case.name}  ({case.title})")
        for problem in problems:
            print(f"        {problem}")
    print(f"\n{passed}/{len(cases)} pass")
    return 0 if passed == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
