// description: twin of assignments.rq
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t:Task)
WHERE ($doc IS NULL OR r.document = $doc) AND ($role IS NULL OR r.role = $role)
WITH r.document AS document, r.section AS section, t.name AS task, u.name AS unit,
     r.unitText AS unit_text, r.role AS role, r.side AS side, u:UnitGroup AS unit_is_group,
     coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.page AS page,
     r.start AS start, r.end AS end, r.position AS pos
ORDER BY document, start, pos, unit
// rows packed in lists of 1,000, in this order (queries/neo4j_store.py `unpacked`)
WITH collect([document, section, task, unit, unit_text, role, side, unit_is_group, evidence, page,
              start, end, pos]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["document", "section", "task", "unit", "unit_text", "role", "side", "unit_is_group",
        "evidence", "page", "start", "end", "pos"] AS _columns, rows[i..i + 1000] AS _rows
