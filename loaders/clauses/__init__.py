"""Clauses: responsibility clauses of every form, prose and 职责分工 paragraphs."""
