"""Parameter values are bound as RDF terms: hostile text is matched as text."""
from __future__ import annotations

import pytest

from ontology.errors import QueryError
from queries.embedded import bind


@pytest.mark.parametrize("value", [
    '区财政局" } ; DROP ALL ; #', "a\\\"b\nc } UNION { ?s ?p ?o }", "<script>", "x' . ?a ?b ?c . '",
])
def test_hostile_values_are_matched_literally(ask, value: str) -> None:
    assert ask("pairings", kind=value) == []
    assert ask("assignments", doc=value, role=value) == []


def test_a_value_becomes_a_literal_term_in_a_values_block() -> None:
    query = "SELECT ?x WHERE { ?x ?p ?p_doc }"
    bound = bind(query, {"doc": 'a"b'})
    assert 'VALUES (?p_doc) { ("a\\"b") }' in bound


def test_parameter_names_must_be_identifiers() -> None:
    with pytest.raises(QueryError):
        bind("SELECT ?x WHERE { ?x ?p ?o }", {"doc) } ; DROP ALL ; (": "x"})


def test_an_unknown_entity_id_is_refused() -> None:
    with pytest.raises(QueryError):
        bind("SELECT ?x WHERE { ?x ?p ?p_unit }", {"unit": "https://w3id.org/bangfu/id/x>y"})
