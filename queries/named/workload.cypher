// description: twin of workload.rq
// Counted from the tasks and projects (4,640 at 40×) back to their units, not
// from every unit (13,598, most with none of these relationships); the labels
// are read once a task, the role from the relationship's type (the loader
// makes LEADS, RESPONSIBLE_FOR, COOPERATES_ON from the roles lead, responsible,
// cooperating: loaders/facts/context.py ROLE_REL). Grouping by id(u) instead
// of the node made no difference; the document stays the relationship's, as
// the .rq's bf:statedIn of the assertion.
MATCH (t:Task|Project)
WITH t, t:Task AS task, t:Project AS project
MATCH (t)<-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(u:Unit)
WITH t, task, project, type(r) AS type, u, r.document AS document
WHERE $doc IS NULL OR document = $doc
WITH u, document, 1 AS documents,
     count(DISTINCT CASE WHEN task AND type = "LEADS" THEN t END) AS lead,
     count(DISTINCT CASE WHEN task AND type = "RESPONSIBLE_FOR" THEN t END) AS responsible,
     count(DISTINCT CASE WHEN task AND type = "COOPERATES_ON" THEN t END) AS cooperating,
     count(DISTINCT CASE WHEN project THEN t END) AS projects
// Without by=, the post step (queries/rows.py ranked) only adds up a unit's
// rows: summed here, 221 rows at 40× reach the driver instead of 6,121 (the
// Python receiving and summing them was a third of the ask). The number of
// documents summed is the hidden _documents; min(document) is the one doc=
// names, and orders the units as their first rows came before.
WITH u, min(document) AS document, count(*) AS documents,  // if not: by
     sum(lead) AS lead, sum(responsible) AS responsible,  // if not: by
     sum(cooperating) AS cooperating, sum(projects) AS projects  // if not: by
// rows packed in lists of 1,000 (queries/neo4j_store.py `unpacked`), in the
// order the post step ranks ties of one name in
WITH u, document, lead, responsible, cooperating, projects, documents ORDER BY u.name, document
WITH collect([u.id, u.name, document, lead, responsible, cooperating, projects, documents]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["_unit", "unit", "document", "lead", "responsible", "cooperating", "projects", "_documents"] AS _columns,
       rows[i..i + 1000] AS _rows
