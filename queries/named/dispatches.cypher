// description: twin of dispatches.rq
MATCH (ds:Dispatch)-[:VILLAGE]->(v)
WHERE ($doc IS NULL OR ds.document = $doc)
  AND ($unit IS NULL OR EXISTS { MATCH (ds)-[:DISPATCHING_UNIT|LEAD_UNIT]->(:Entity {id: $unit}) })
  AND ($role IS NULL
       OR ($role = "dispatching" AND EXISTS {
             MATCH (ds)-[:DISPATCHING_UNIT]->(x) WHERE $unit IS NULL OR x.id = $unit })
       OR ($role = "lead" AND EXISTS {
             MATCH (ds)-[:LEAD_UNIT]->(y) WHERE $unit IS NULL OR y.id = $unit }))
  AND ($place IS NULL OR EXISTS { MATCH (v)-[:PART_OF*0..]->(:Entity {id: $place}) })
  AND ($kind IS NULL OR EXISTS { MATCH (ds)-[:DISPATCHING_UNIT]->(k)
                                 WHERE any(l IN labels(k) WHERE l <> "Entity" AND toLower(l) = toLower($kind)) })
// the dispatching units as [position, name] pairs, ordered and merged by the
// post step (queries/members.py): gathered here, a second query cost 0.8 s at 40×
OPTIONAL MATCH (ds)-[du:DISPATCHING_UNIT]->(dispatcher)
WITH ds, v, collect([du.position, dispatcher.name]) AS dispatchers
OPTIONAL MATCH (v)-[:PART_OF]->(s:Street|Town|Township)
OPTIONAL MATCH (v)-[:PART_OF*1..]->(di:District|County)
OPTIONAL MATCH (ds)-[:LEAD_UNIT]->(l)
RETURN DISTINCT ds.document AS document, ds.seq AS seq, null AS units, l.name AS lead_unit,
       v.name AS village, s.name AS street, di.name AS district,
       CASE WHEN $unit IS NULL THEN null
            WHEN EXISTS { MATCH (ds)-[:DISPATCHING_UNIT]->(:Entity {id: $unit}) } THEN
              CASE WHEN EXISTS { MATCH (ds)-[:LEAD_UNIT]->(:Entity {id: $unit}) }
                   THEN "dispatching, lead" ELSE "dispatching" END
            ELSE "lead" END AS role,
       ds.section AS section,
       ds.quote AS evidence, ds.page AS page, ds.start AS start, ds.end AS end, null AS pos,
       ds.id AS _ds, dispatchers AS _units
ORDER BY document, seq
