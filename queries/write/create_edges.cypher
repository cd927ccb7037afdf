// Relationships of one batch, into a database that held nothing when the
// load began: no relationship can be there yet, so none is looked for (the
// look-up in upsert_edges expands every relationship of a hub node: 2,200
// relationships/s instead of 17,500 on the 40× graph, bench/bench_neo4j.py).
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props, r.id = row.id
