// description: twin of names.rq
MATCH (n:Entity)
WHERE (n:Unit OR n:Place OR n:Task OR n:Project OR n:Document) AND NOT n:WorkTeam
WITH n, [k IN ["Unit", "Place", "Task", "Project", "Document"] WHERE k IN labels(n)][0] AS top
WITH n, top, [l IN labels(n) WHERE NOT l IN ["Entity", top]] AS sub
OPTIONAL MATCH (n)-[:PART_OF]->(up)
OPTIONAL MATCH (n)-[w]-() WHERE n:Unit AND w.unitText IS NOT NULL
WITH n, top, sub, up, collect(w.unitText) AS written
WITH n, top, sub, up,
     coalesce(n.aliases, []) + [x IN [n.docNumber, n.title] WHERE x IS NOT NULL] + written AS forms
UNWIND CASE WHEN size(forms) = 0 THEN [null] ELSE forms END AS alias
RETURN DISTINCT n.id AS id, n.name AS name, toLower(top) AS kind, coalesce(sub[0], top) AS class,
       alias, up.id AS parent
ORDER BY id, alias
