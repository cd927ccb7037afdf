// description: twin of resolve_entity.rq
MATCH (n:Entity)
WHERE n:Unit OR n:Place OR n:Task OR n:Project OR n:Document OR n:FundAllocation
WITH n, CASE WHEN n:Unit THEN [(n)-[r]-() WHERE r.unitText IS NOT NULL | r.unitText] ELSE [] END AS written,
     [f IN [n.docNumber, n.title] WHERE f IS NOT NULL] + coalesce(n.aliases, []) AS aliases
WITH n, [m IN [CASE WHEN n.name = $text THEN "name" END,
               CASE WHEN $text IN aliases THEN "alias" END,
               CASE WHEN $text IN written THEN "written" END,
               CASE WHEN any(f IN [n.name] + aliases + written WHERE f CONTAINS $text AND f <> $text)
                    THEN "fragment" END] WHERE m IS NOT NULL] AS matches
WHERE size(matches) > 0
UNWIND matches AS match
OPTIONAL MATCH (n)-[:ACTS_FOR]->(place)
WITH coalesce(place, n) AS e, match
OPTIONAL MATCH (e)-[:JURISDICTION|PART_OF|LOCATED_IN]->(up)
OPTIONAL MATCH (e)-[:JURISDICTION|PART_OF|LOCATED_IN]->()-[:PART_OF*0..]->(within)
RETURN DISTINCT e.id AS id, e.name AS name, match, up.name AS parent, within.name AS scope
ORDER BY name
