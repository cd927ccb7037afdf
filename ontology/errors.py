"""The project's exceptions. Only cli.py turns them into exit codes.

BangfuError
 ├── InputError        a file is missing, binary, undecodable or empty
 ├── QueryError        an unknown query or parameter, or a failing query
 │    └── AmbiguousName  a name that matches several entities
 └── StoreError        the store is missing, unreadable or unreachable
"""
from __future__ import annotations


class BangfuError(Exception):
    """Root of every error bangfu reports to users."""


class InputError(BangfuError):
    """A document cannot be read."""


class QueryError(BangfuError):
    """A query cannot be run as asked."""


class AmbiguousName(QueryError):
    """A name matches several entities; the message lists them."""


class StoreError(BangfuError):
    """The store cannot be opened or written."""
