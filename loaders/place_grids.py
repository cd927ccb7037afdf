"""Grids that pair helpers with places and send teams: pairing lists of any
width → pairings, dispatch lists → dispatches. (Being written.)"""
from __future__ import annotations

from loaders.build import DocumentContext
from loaders.graph import Graph
from loaders.grid import Grid
from loaders.units import Context


def add_grid(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """Facts of a pairing or dispatch grid; False when the grid is neither."""
    return False
