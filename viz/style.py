"""How each class and relation of the ontology looks on a page and reads in
a report: colour and shape per class, the Chinese label per class and
relation. Everything is keyed by the closed vocabulary, and the Chinese
labels are the ontology's own rdfs:label@zh, read when first asked for."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ontology.model import PLACE_CLASSES, UNIT_CLASSES
from ontology.vocab import NS, C, R

# One colour per class (a colour-blind-safe Tableau 20 order); units share
# the box shape and places the dot, so the shape tells the family at a glance.
COLOURS: dict[C, str] = {
    C.GovernmentDepartment: "#4e79a7", C.PartyOrgan: "#e15759", C.MassOrganisation: "#ff9da7",
    C.Enterprise: "#9c755f", C.School: "#76b7b2", C.MedicalInstitution: "#59a14f",
    C.SocialOrganisation: "#b07aa1", C.LeadingGroup: "#d4a6c8", C.LocalAuthority: "#86bcb6",
    C.PublicInstitution: "#a0cbe8", C.OtherUnit: "#bab0ac", C.UnitGroup: "#d7b5a6",
    C.WorkTeam: "#f1ce63", C.Unit: "#8cd17d",
    C.Province: "#7f3c00", C.City: "#a65200", C.Prefecture: "#b35c00", C.District: "#d37300",
    C.County: "#e08a1e", C.Street: "#f1a340", C.Town: "#f5b565", C.Township: "#f7c580",
    C.Village: "#fdd49e", C.Community: "#fee3b8", C.Place: "#fdae6b",
    C.Task: "#f28e2b", C.Project: "#edc948", C.FundAllocation: "#ffbe7d",
    C.Pairing: "#499894", C.Dispatch: "#79706e", C.Document: "#6b6ecf",
    C.CitedDocument: "#9c9ede", C.Assertion: "#cccccc",
}
SHAPES: dict[C, str] = {
    C.Task: "diamond", C.Project: "star", C.FundAllocation: "hexagon",
    C.Pairing: "triangle", C.Dispatch: "triangleDown", C.Document: "database",
    C.CitedDocument: "database", C.Assertion: "text",
}
UNIT_SHAPE, PLACE_SHAPE = "box", "dot"
FALLBACK_COLOUR = "#999999"
# vis-network draws labels inside these shapes; the others put them below
LABEL_INSIDE = frozenset({"box", "database", "ellipse", "circle", "text"})


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str
    label: str  # the class's Chinese name, for the legend and tooltips


def family(cls: C) -> str:
    """unit, place or the class itself: how reports group entities."""
    if cls is C.Unit or cls in UNIT_CLASSES:
        return "unit"
    if cls is C.Place or cls in PLACE_CLASSES:
        return "place"
    return cls.value


def node_style(cls: C) -> NodeStyle:
    shape = SHAPES.get(cls) or {"unit": UNIT_SHAPE, "place": PLACE_SHAPE}.get(family(cls), "dot")
    return NodeStyle(COLOURS.get(cls, FALLBACK_COLOUR), shape, class_label(cls))


def font_colour(shape: str) -> str:
    """Dark text inside light shapes and below the others."""
    return "#1a1a1a" if shape in LABEL_INSIDE else "#333333"


@cache
def _zh_labels() -> dict[str, str]:
    # rdflib parses the Turtle on first use, never at import
    from rdflib import RDFS, Graph, URIRef

    from ontology.generate import TTL
    graph = Graph().parse(TTL, format="turtle")
    out: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and str(subject).startswith(NS) \
                and getattr(label, "language", None) == "zh":
            out[str(subject)[len(NS):]] = str(label)
    return out


# Where the ontology's label names a narrower thing than the class holds: a local
# authority is the government of a district or county as well as of a street
# (洪山区 as a government), and 街道（乡镇） beside the place class 街道 read as one type.
DISPLAY_LABELS: dict[C, str] = {C.LocalAuthority: "地方政府"}


def class_label(cls: C) -> str:
    return DISPLAY_LABELS.get(cls) or _zh_labels().get(cls.value, cls.value)


def relation_label(rel: R) -> str:
    """The relation as an edge label: 牵头, 责任, 配合, 派驻, 结对, 位于, 隶属 …"""
    return _zh_labels().get(rel.value, rel.value)


ROLE_RELATIONS: dict[R, str] = {R.leads: "lead", R.responsibleFor: "responsible",
                                R.cooperatesOn: "cooperating"}


def role_label(role: str) -> str:
    """lead | responsible | cooperating as 牵头 | 责任 | 配合."""
    for rel, name in ROLE_RELATIONS.items():
        if name == role:
            return relation_label(rel)
    return role
