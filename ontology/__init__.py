"""The bangfu ontology: Turtle data, its closed vocabulary and the record types."""
from ontology.errors import BangfuError
from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import A, C, R

__all__ = ["A", "BangfuError", "C", "Edge", "Node", "Provenance", "R", "make_id"]
