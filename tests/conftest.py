"""Shared fixtures. The differential harness lives in tests/differential.py."""
