"""The split parse check of big line-based files agrees with a plain parse of the whole file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import linecheck


def _nquads(lines: int) -> str:
    return "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "caf\u00e9 {i}" <http://example.org/g{i % 7}> .\n'
        for i in range(lines)
    )


TRIPLE = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linecheck, "PART_BYTES", 4096)


@pytest.mark.usefixtures("small_parts")
def test_parts_count_every_quad_once(tmp_path: Path) -> None:
    path = tmp_path / "big.nq"
    path.write_text(_nquads(2000) + "# a comment line\n\n", encoding="utf-8")
    cuts = linecheck._cuts(path)
    assert len(cuts) > 10, "the file should be cut into many parts"
    assert linecheck.count_quads(path, ox.RdfFormat.N_QUADS, workers=2) == 2000


@pytest.mark.usefixtures("small_parts")
def test_cuts_fall_just_after_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "big.nq"
    path.write_text(_nquads(500), encoding="utf-8")
    data = path.read_bytes()
    cuts = linecheck._cuts(path)
    assert cuts[0] == 0 and cuts[-1] == len(data)
    assert all(data[cut - 1:cut] == b"\n" for cut in cuts[1:-1])


@pytest.mark.usefixtures("small_parts")
def test_an_error_in_a_late_part_names_its_line_in_the_whole_file(tmp_path: Path) -> None:
    lines = _nquads(1500).splitlines(keepends=True)
    lines[1234] = "<http://example.org/s> <http://example.org/p> broken .\n"
    path = tmp_path / "bad.nq"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SyntaxError) as whole:
        sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    with pytest.raises(SyntaxError) as split:
        linecheck.count_quads(path, ox.RdfFormat.N_QUADS, workers=2)
    assert whole.value.lineno == 1235
    assert "line 1235 " in str(split.value)
    assert "line 1235 " in str(whole.value)


def test_a_small_file_parses_in_one_piece(tmp_path: Path) -> None:
    path = tmp_path / "small.nt"
    path.write_text(TRIPLE, encoding="utf-8")
    assert linecheck._cuts(path) == [0, path.stat().st_size]
    assert linecheck.count_quads(path, ox.RdfFormat.N_TRIPLES) == 1


def test_only_line_based_formats_are_split(tmp_path: Path) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(TRIPLE, encoding="utf-8")
    with pytest.raises(ValueError, match="not a line-based"):
        linecheck.count_quads(path, ox.RdfFormat.TURTLE)
