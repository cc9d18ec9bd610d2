"""Errors meant for people: the CLI prints the message on one line and exits 2."""

from __future__ import annotations


class UsageError(Exception):
    """flasklint could not do its job (bad path, not a Flask project, bad option)."""
