"""The ontology is the single source of names: vocab.py is generated from it,
and every class and relation the loaders produce is declared in it."""
from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from loaders.corpus import build_corpus
from ontology import generate
from ontology.vocab import NS

ROOT = Path(__file__).resolve().parent.parent


def declared(kind: URIRef) -> set[str]:
    g = Graph().parse(generate.TTL, format="turtle")
    return {str(s)[len(NS):] for s in g.subjects(RDF.type, kind) if str(s).startswith(NS)}


def test_vocab_is_generated_from_the_turtle() -> None:
    g = Graph().parse(generate.TTL, format="turtle")
    assert (ROOT / "ontology" / "vocab.py").read_text(encoding="utf-8") == generate.render(g)


def test_loaders_use_only_declared_classes_and_properties() -> None:
    graph = build_corpus([ROOT / "corpus"])
    classes = declared(OWL.Class)
    relations = declared(OWL.ObjectProperty)
    attributes = declared(OWL.DatatypeProperty)
    assert {n.cls.value for n in graph.nodes.values()} <= classes
    assert {e.rel.value for e in graph.edges.values()} <= relations
    used = {k.value for n in graph.nodes.values() for k in n.props}
    used |= {k.value for e in graph.edges.values() for k in e.props}
    assert used <= attributes


def test_ontology_has_labels_in_both_languages() -> None:
    g = Graph().parse(generate.TTL, format="turtle")
    from rdflib import RDFS
    for cls in declared(OWL.Class):
        langs = {lit.language for lit in g.objects(URIRef(NS + cls), RDFS.label)}
        assert {"zh", "en"} <= langs, cls


def test_loaders_import_no_database_driver() -> None:
    for path in (ROOT / "loaders").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import neo4j", "from neo4j", "import rdflib", "from rdflib",
                       "pyoxigraph"):
            assert banned not in text, f"{path.name} uses {banned}"
