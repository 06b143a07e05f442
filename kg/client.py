"""The `kg` commands' HTTP client of a running kg server, and how a `--store URL` is told apart.

A data folder that `kg serve` holds cannot be opened by a second process, so the commands send their
work to the server: articles to POST /articles, queries to /sparql, exports to /export, and loads and
index rebuilds to the local routes (api/routes/local.py) with the per-run token of the server file.
Every failure is a KgError whose message names the URL as the user gave it.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from kg.errors import (
    BadInput,
    Forbidden,
    KgError,
    NotFound,
    PayloadTooLarge,
    QueryError,
    QueryTimeout,
    StoreError,
    TooManyQueries,
)
from kg.models import Article

__all__ = ["KgServer", "QueryAnswer", "find_kg_server", "sparql_endpoints"]

_CONNECT_SECONDS = 10.0
_PROBE_SECONDS = 10.0

_ERRORS: dict[int, type[KgError]] = {
    400: BadInput,
    403: Forbidden,
    404: NotFound,
    413: PayloadTooLarge,
    422: BadInput,
    429: TooManyQueries,
    503: QueryTimeout,
}


@dataclass(frozen=True)
class QueryAnswer:
    """A /sparql answer as it came: its media type and body (always whole: a row cap is an error)."""

    media_type: str
    body: bytes


class KgServer:
    """A running kg server at `url` (its base URL, no path), with the local `token` when there is one."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # Writes and big reads may take long (spaCy on a long article, a dump of millions of quads):
        # only connecting is bounded.
        self._client = httpx.Client(
            base_url=self.url, headers=headers, timeout=httpx.Timeout(None, connect=_CONNECT_SECONDS)
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> KgServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def listening(self) -> bool:
        """Whether anything accepts connections at the server's address (a server still starting does)."""
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=_CONNECT_SECONDS).close()
        except OSError:
            return False
        return True

    def health(self) -> dict[str, Any]:
        """GET /health: the service's counts (articles, triples) and store kind."""
        answer: dict[str, Any] = self._send("GET", "/health").json()
        return answer

    def ingest(self, article: Article) -> dict[str, Any]:
        """POST /articles: extract one article on the server; its id, graph and counts of facts."""
        body = {
            "text": article.text,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
        }
        payload = {key: value for key, value in body.items() if value is not None}
        answer: dict[str, Any] = self._send("POST", "/articles", json=payload).json()
        return answer

    def actor(self, name: str) -> dict[str, Any]:
        """GET /actors/{name}: the actor's names, kind and newest articles."""
        answer: dict[str, Any] = self._send("GET", f"/actors/{quote(name, safe='')}").json()
        return answer

    def relations(self, name: str, limit: int, offset: int, evidence: int) -> dict[str, Any]:
        """GET /actors/{name}/relations: a page of the actor's related actors with their evidence."""
        params = {"limit": limit, "offset": offset, "evidence": evidence}
        answer: dict[str, Any] = self._send(
            "GET", f"/actors/{quote(name, safe='')}/relations", params=params
        ).json()
        return answer

    def events(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """GET /events with the filters in `params`: events with their sources and figures."""
        answer: list[dict[str, Any]] = self._send("GET", "/events", params=params).json()["events"]
        return answer

    def query(self, sparql: str, accept: str) -> QueryAnswer:
        """POST /sparql with the query as a form field; the answer in the first `accept` type served."""
        response = self._send("POST", "/sparql", data={"query": sparql}, headers={"Accept": accept})
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        return QueryAnswer(media_type, response.content)

    def export(self, fmt: str, article: str | None = None) -> bytes:
        """GET /export in `fmt` (trig, nquads, turtle, ntriples): every graph, or one article's."""
        params = {"format": fmt, **({"article": article} if article else {})}
        return self._send("GET", "/export", params=params).content

    def load(self, files: list[Path], graph: str | None) -> dict[str, Any]:
        """POST /local/load: the server loads the files from disk (this machine's) and rebuilds the index."""
        if not self.token:
            raise Forbidden(f"loading files through {self.url} needs the server's data folder (--data DIR)")
        body = {"files": [str(Path(f).resolve()) for f in files], "graph": graph}
        answer: dict[str, Any] = self._send("POST", "/local/load", json=body).json()
        return answer

    def reindex(self) -> dict[str, Any]:
        """POST /local/reindex: the server rebuilds the entity index."""
        if not self.token:
            raise Forbidden(
                f"rebuilding the index through {self.url} needs the server's data folder (--data DIR)"
            )
        answer: dict[str, Any] = self._send("POST", "/local/reindex").json()
        return answer

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the kg server at {self.url}: {_reason(exc)}") from None
        if response.status_code < 300:
            return response
        message = _error_message(response)
        if response.status_code == 400 and path == "/sparql":
            raise QueryError(message)
        raise _ERRORS.get(response.status_code, StoreError)(message)


def _error_message(response: httpx.Response) -> str:
    """The message of the service's JSON error shape, else the status line."""
    try:
        error = response.json()["error"]
        return str(error["message"])
    except (ValueError, KeyError, TypeError):
        return f"the server answered {response.status_code} {response.reason_phrase}"


def _reason(exc: httpx.HTTPError) -> str:
    """Why a request failed, in a few words ("connection refused", "timed out")."""
    text = str(exc).strip()
    if isinstance(exc, httpx.ConnectError) and ("refused" in text.lower() or "111" in text):
        return "connection refused"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return text.splitlines()[0] if text else type(exc).__name__


def _base(url: str) -> str:
    """The kg server base URL that `url` may point into (the URL without a trailing /sparql)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/").removesuffix("/sparql").rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def find_kg_server(url: str, named: str) -> KgServer | None:
    """A KgServer when `url` (or the URL above its /sparql) answers GET /health as kg does, else None.

    StoreError, naming `url` as given by `named` (a flag or a variable), when nothing answers there.
    """
    base = _base(url)
    try:
        response = httpx.get(base + "/health", timeout=_PROBE_SECONDS, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach {url} (given by {named}): {_reason(exc)}") from None
    try:
        body = response.json() if response.status_code == 200 else None
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("status") == "ok" and "articles" in body and "store" in body:
        return KgServer(base)
    return None


def sparql_endpoints(url: str) -> tuple[str, str]:
    """The query and update URLs of a plain SPARQL endpoint given as `url`.

    Oxigraph's server answers queries at /query and updates at /update: a bare server URL or one
    ending in /query means that pair. Any other URL (…/sparql on Virtuoso, Blazegraph, QLever,
    GraphDB's /repositories/x) takes updates at the same URL, as the SPARQL 1.1 Protocol allows.
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path in ("", "/query"):
        return (urlunsplit((parts.scheme, parts.netloc, "/query", parts.query, "")),
                urlunsplit((parts.scheme, parts.netloc, "/update", "", "")))
    if path.endswith("/query"):
        sibling = path.removesuffix("/query") + "/update"
        return url, urlunsplit((parts.scheme, parts.netloc, sibling, "", ""))
    return url, url


def check_store_url(url: str, named: str) -> None:
    """BadInput unless `url` is an http(s) URL; the message names it as `named` (a flag or variable)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    hint = f" (did you mean http://{url}?)" if "://" not in url else ""
    raise BadInput(f"{named} must be an http(s) URL of a kg server or SPARQL endpoint, not {url!r}{hint}")
