"""Stores and the named queries that run on them."""
