"""Presentation: rows as tables, JSON and CSV; graph pages and exports."""
