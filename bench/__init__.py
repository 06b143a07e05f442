"""Benchmarks of conflict-kg against its peers; `python -m bench` writes bench/RESULTS.md."""
