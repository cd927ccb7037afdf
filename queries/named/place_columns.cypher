// description: twin of place_columns.rq
UNWIND $id AS lid
MATCH (loc:Entity {id: lid})
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(v:Village)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(s:Street|Town|Township)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(di:District|County)
RETURN lid AS id, di.name AS district, s.name AS street, v.name AS village
