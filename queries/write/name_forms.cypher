// What the index of name forms reads from the database after a load
// (queries/neo4j_names.py): the entities, the links name resolution follows,
// and every unit text an assertion wrote. Three statements, run in order.
MATCH (n:Entity)
RETURN n.id AS id, n.name AS name, labels(n) AS labels, coalesce(n.aliases, []) AS aliases,
       [n.docNumber, n.title, n.fileName] AS doc_forms
ORDER BY id;
MATCH (a:Entity)-[r:PART_OF|JURISDICTION|ACTS_FOR|LOCATED_IN]->(b:Entity)
RETURN a.id AS src, type(r) AS rel, b.id AS dst
ORDER BY r.id, src, rel, dst;
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.unitText IS NOT NULL
RETURN DISTINCT a.id AS src, b.id AS dst, r.unitText AS text
