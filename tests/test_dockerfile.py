"""The Docker image as deployments expect it: built in stages, run unprivileged, checked for health."""

from __future__ import annotations

import re
from pathlib import Path

DOCKERFILE = Path(__file__).resolve().parent.parent / "Dockerfile"


def _stages() -> list[list[str]]:
    """The instructions of each stage, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def test_the_runtime_stage_has_no_build_tools() -> None:
    runtime = _stages()[-1]
    assert len(_stages()) >= 2
    assert not any(re.search(r"\b(npm|gcc|build-essential)\b", line) and line.startswith("RUN")
                   for line in runtime)


def test_the_service_runs_as_an_unprivileged_user() -> None:
    runtime = _stages()[-1]
    users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    serve = runtime.index(next(line for line in runtime if line.upper().startswith("CMD ")))
    assert runtime.index(next(line for line in runtime if line.upper().startswith("USER "))) < serve


def test_the_image_checks_its_health_and_opens_no_writes() -> None:
    runtime = _stages()[-1]
    assert any(line.upper().startswith("HEALTHCHECK ") and "/health" in line for line in runtime)
    # It listens on every address, where the service closes writes unless a token is given.
    assert not any("KG_UPDATE_TOKEN" in line for line in runtime if line.upper().startswith("ENV "))
