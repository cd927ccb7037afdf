// description: twin of resolve_party.rq
MATCH (n:Entity) WHERE n:Unit OR n:Place
WITH n, CASE WHEN n:Unit THEN [(n)-[r]-() WHERE r.unitText IS NOT NULL | r.unitText] ELSE [] END AS written
WITH n, [m IN [CASE WHEN n.name = $text THEN "name" END,
               CASE WHEN $text IN n.aliases THEN "alias" END,
               CASE WHEN $text IN written THEN "written" END,
               CASE WHEN any(f IN [n.name] + coalesce(n.aliases, []) + written WHERE f CONTAINS $text
                             AND f <> $text) THEN "fragment" END] WHERE m IS NOT NULL] AS matches
WHERE size(matches) > 0
UNWIND matches AS match
OPTIONAL MATCH (n)-[:ACTS_FOR]->(place)
WITH coalesce(place, n) AS e, match
OPTIONAL MATCH (e)-[:JURISDICTION|PART_OF]->(up)
OPTIONAL MATCH (e)-[:JURISDICTION|PART_OF]->()-[:PART_OF*0..]->(within)
RETURN DISTINCT e.id AS id, e.name AS name, match, up.name AS parent, within.name AS scope
ORDER BY name
