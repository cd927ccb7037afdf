// description: twin of owners.rq
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WHERE (t:Task OR t:Project)
  AND (t.name CONTAINS $text OR coalesce(t.content, "") CONTAINS $text
       OR (coalesce(t.section, "") CONTAINS " > "
           AND substring(t.section, size(split(t.section, " > ")[0]) + 3) CONTAINS $text))
  AND ($role IS NULL OR r.role = $role)
RETURN u.name AS unit, r.role AS role, CASE WHEN t:Task THEN "task" ELSE "project" END AS kind,
       t.name AS title, r.document AS document, r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence,
       r.start AS start, r.end AS end, r.position AS pos
ORDER BY document, start, pos, unit
