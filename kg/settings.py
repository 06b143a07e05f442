"""Typed settings, read from the environment with the KG_ prefix."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The per-user data folder: $XDG_DATA_HOME/conflict-kg, else ~/.local/share/conflict-kg."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflict-kg"


class Settings(BaseSettings):
    """Everything the store, the extractor and the HTTP service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    data: Path = default_data_dir()
    """Folder of the embedded store."""
    store: str | None = None
    """URL of a remote SPARQL 1.1 endpoint to use instead of the embedded store."""
    store_update: str | None = None
    """URL of the remote SPARQL Update service; by default the store URL with /query replaced by /update."""
    query_timeout: float = 30.0
    """Seconds a SPARQL query may run before it is abandoned with an error."""
    max_rows: int | None = None
    """Most rows a SPARQL SELECT may answer over HTTP: past it the client gets an error (422) saying
    so, never a cut answer. Unset: no cap (the query's time limit bounds it)."""
    update_token: str | None = None
    """Bearer token every write needs (articles, SPARQL updates); unset, writes are open on loopback only."""
    host: str = "127.0.0.1"
    """Address the HTTP service listens on (`kg serve --host`): without a token, writes are closed unless
    it is a loopback address."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser."""
    max_body_bytes: int = 2_000_000
    """Largest request body accepted."""
    max_article_chars: int = 500_000
    """Longest article text accepted."""
    workers: int = 1
    """Extraction worker processes of `kg ingest` (each extracts whole articles, in parallel)."""
    extract_timeout: float = 10.0
    """Seconds one article may take to extract: past it POST /articles answers 422, `kg ingest` skips it."""
    batch_size: int = 32
    """Articles parsed and written per batch during ingest: each transaction restates the summaries of
    every entity its articles name, so larger batches write less per article (see the ingest section of
    bench/RESULTS.md)."""

    @property
    def listens_on_loopback(self) -> bool:
        """Whether `host` reaches this machine only (127.0.0.0/8, ::1, localhost)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
