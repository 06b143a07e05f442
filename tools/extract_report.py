"""Run the extraction spec tables (tests/test_extract_*.py) and print how many cases pass in each.

    python tools/extract_report.py [TABLE ...] [--verbose]

A progress report for whoever works on the extractor; `pytest tests/test_extract_*.py` is the check.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
TABLES = ("actors", "places", "relations", "operations", "statements")


def main(argv: list[str] | None = None) -> int:
    """Print the pass rate of each table (and, with --verbose, why each failing case fails)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "tables", nargs="*", metavar="TABLE", help=f"one of {', '.join(TABLES)} (default: all)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every failing case and why")
    args = parser.parse_args(argv)
    unknown = set(args.tables) - set(TABLES)
    if unknown:
        parser.error(f"unknown table(s): {', '.join(sorted(unknown))}")

    sys.path.insert(0, str(TESTS))
    cases = importlib.import_module("extract_cases")
    from kg.extract import extract

    total = passed_total = 0
    for table in args.tables or TABLES:
        rows = importlib.import_module(f"test_extract_{table}").CASES
        passed = 0
        for row in rows:
            text, published, expected = row.values
            facts = extract(cases.article(text, published))
            found = cases.problems(facts, expected)
            passed += not found
            if found and args.verbose:
                print(f"  FAIL {table}[{row.id}]: " + "; ".join(found))
        total += len(rows)
        passed_total += passed
        print(f"{table:<11} {passed:>3}/{len(rows):<3} {100 * passed / len(rows):5.1f}%")
    if total:
        print(f"{'all':<11} {passed_total:>3}/{total:<3} {100 * passed_total / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
