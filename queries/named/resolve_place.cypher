// description: twin of resolve_place.rq
MATCH (n:Place)
WITH n, [m IN [CASE WHEN n.name = $text THEN "name" END,
               CASE WHEN $text IN n.aliases THEN "alias" END,
               CASE WHEN any(f IN [n.name] + coalesce(n.aliases, []) WHERE f CONTAINS $text
                             AND f <> $text) THEN "fragment" END] WHERE m IS NOT NULL] AS matches
WHERE size(matches) > 0
UNWIND matches AS match
OPTIONAL MATCH (n)-[:PART_OF]->(up)
OPTIONAL MATCH (n)-[:PART_OF*1..]->(within)
RETURN DISTINCT n.id AS id, n.name AS name, match, up.name AS parent, within.name AS scope
ORDER BY name
