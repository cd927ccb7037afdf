// description: twin of resolve_unit.rq
MATCH (n:Unit)
WHERE n.name = $text OR $text IN n.aliases
   OR EXISTS { MATCH (n)-[r]-() WHERE r.unitText = $text }
RETURN DISTINCT n.id AS id, n.name AS name
ORDER BY name
