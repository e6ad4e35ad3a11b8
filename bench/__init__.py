"""Benchmarks of flaskcompat against real Flask, plain Django and a raw WSGI floor.

``python -m bench`` runs everything and writes ``bench/README.md``; ``python -m bench --smoke``
is the CI pass; ``python -m bench.profile TARGET SCENARIO`` profiles one cell.
"""
