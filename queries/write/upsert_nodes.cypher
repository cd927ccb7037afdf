// Nodes of one batch: MERGE on the constrained :Entity id, then the class
// labels (from the ontology's vocabulary, passed as data) and properties.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.labels)
SET n += row.props
