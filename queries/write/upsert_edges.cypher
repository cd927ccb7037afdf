// Relationships of one batch between nodes already written. A relationship
// whose id is already there is kept (the world's relationships, such as a
// village's PART_OF, are shared by documents); the others are created.
// (MERGE with a dynamic type is some 30 times slower on 5.26: bench/.)
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
OPTIONAL MATCH (a)-[old {id: row.id}]->(b)
WITH a, b, row, old
WHERE old IS NULL
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props, r.id = row.id
