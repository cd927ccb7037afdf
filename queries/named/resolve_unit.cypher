// description: twin of resolve_unit.rq
MATCH (n:Unit)
WITH n, [(n)-[r]-() WHERE r.unitText IS NOT NULL | r.unitText] AS written
WITH n, [m IN [CASE WHEN n.name = $text THEN "name" END,
               CASE WHEN $text IN n.aliases THEN "alias" END,
               CASE WHEN $text IN written THEN "written" END,
               CASE WHEN any(f IN [n.name] + coalesce(n.aliases, []) + written WHERE f CONTAINS $text
                             AND f <> $text) THEN "fragment" END] WHERE m IS NOT NULL] AS matches
WHERE size(matches) > 0
UNWIND matches AS match
OPTIONAL MATCH (n)-[:JURISDICTION|ACTS_FOR]->(up)
OPTIONAL MATCH (n)-[:JURISDICTION|ACTS_FOR]->()-[:PART_OF*0..]->(within)
RETURN DISTINCT n.id AS id, n.name AS name, match, up.name AS parent, within.name AS scope
ORDER BY name
