"""Grids that hand out tasks and projects: 重点任务分工表 → assignments,
project lists → projects. (Being written.)"""
from __future__ import annotations

from loaders.build import DocumentContext
from loaders.graph import Graph
from loaders.grid import Grid
from loaders.units import Context


def add_grid(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """Facts of a task or project grid; False when the grid is neither."""
    return False
