"""Score the page reader (kg/sources/html.py) on saved pages with passages that must and must not be read.

    python tools/page_report.py EVALDATA.json PAGES_DIR

EVALDATA.json maps each page's address to {"file": name in PAGES_DIR, "with": [passages of the
article], "without": [passages of page furniture]}, the layout of trafilatura's own evaluation data
(its repository's tests/evaldata.json and tests/cache/). Prints the share of wanted passages found, of
furniture kept out, the time per page, the pages skipped and the languages of those read.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from kg.errors import NotAnArticle
from kg.sources.html import read_page
from kg.sources.language import language_of


def _flat(text: str) -> str:
    return " ".join(text.split())


def main(argv: list[str] | None = None) -> int:
    """Print the scores of the page reader on the pages named in EVALDATA.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("evaldata", type=Path, metavar="EVALDATA.json")
    parser.add_argument("pages", type=Path, metavar="PAGES_DIR")
    args = parser.parse_args(argv)
    cases = json.loads(args.evaldata.read_text(encoding="utf-8"))
    found = wanted = kept_out = furniture = pages = 0
    skipped: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    dated = 0
    seconds = 0.0
    for url, case in cases.items():
        path = args.pages / case["file"]
        if not path.is_file():
            continue
        raw = path.read_bytes()
        pages += 1
        started = time.perf_counter()
        try:
            article = read_page(raw, url=url)
            text = _flat(article.text)
            dated += article.published is not None
        except NotAnArticle as exc:
            text = ""
            skipped[str(exc)] += 1
        seconds += time.perf_counter() - started
        if text:
            languages[language_of(text)] += 1
        wanted += len(case.get("with", []))
        found += sum(_flat(p) in text for p in case.get("with", []))
        furniture += len(case.get("without", []))
        kept_out += sum(_flat(p) not in text for p in case.get("without", []))
    if not pages:
        parser.error(f"none of the pages named in {args.evaldata} is in {args.pages}")
    print(f"{pages} pages, {1000 * seconds / pages:.1f} ms per page, {dated} with a date")
    print(f"wanted passages found: {found}/{wanted} ({found / max(wanted, 1):.1%})")
    print(f"furniture kept out: {kept_out}/{furniture} ({kept_out / max(furniture, 1):.1%})")
    print(f"skipped: {sum(skipped.values())}" + "".join(f"\n  {n} {why}" for why, n in skipped.most_common()))
    print("languages: " + ", ".join(f"{code} {n}" for code, n in languages.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
