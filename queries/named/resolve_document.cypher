// description: twin of resolve_document.rq
MATCH (n:Document)
WITH n, replace($text, " ", "") AS wanted
UNWIND [f IN [[n.name, "name"], [n.fileName, "name"], [n.docNumber, "alias"], [n.title, "alias"]]
        WHERE f[0] IS NOT NULL] AS form
WITH n, replace(form[0], " ", "") AS bare, form[1] AS exact, wanted
WITH n, CASE WHEN bare = wanted THEN exact WHEN bare CONTAINS wanted THEN "fragment" END AS match
WHERE match IS NOT NULL
RETURN DISTINCT n.id AS id, n.name AS name, match, null AS parent, null AS scope
ORDER BY name
