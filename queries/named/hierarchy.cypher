// description: twin of hierarchy.rq
MATCH (root:Entity {id: $place})
MATCH (n:Place)-[:PART_OF*0..]->(root)
OPTIONAL MATCH (n)-[:PART_OF]->(up)-[:PART_OF*0..]->(root)
RETURN DISTINCT n.id AS _id, up.id AS _parent, n.name AS place, n.level AS level, n.code AS code
ORDER BY place
