"""Benchmarks (run with .venv/bin/python -m bench.<name>)."""
