// Relationships of one batch between nodes already written.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
