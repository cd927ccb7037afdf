// description: twin of dispatches.rq
MATCH (ds:Dispatch)-[:VILLAGE]->(v)
WHERE $doc IS NULL OR ds.document = $doc
OPTIONAL MATCH (v)-[:PART_OF]->(s:Street|Town|Township)
OPTIONAL MATCH (v)-[:PART_OF*1..]->(di:District|County)
OPTIONAL MATCH (ds)-[:LEAD_UNIT]->(l)
OPTIONAL MATCH (ds)-[r:DISPATCHING_UNIT]->(u)
RETURN ds.document AS document, ds.seq AS seq, u.name AS units, l.name AS lead_unit,
       v.name AS village, s.name AS street, di.name AS district, ds.quote AS evidence,
       ds.start AS start, ds.end AS end, r.position AS pos
ORDER BY document, seq, pos
