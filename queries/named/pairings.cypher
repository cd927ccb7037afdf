// description: twin of pairings.rq
MATCH (pr:Pairing)-[:HELPER]->(h), (pr)-[:HELPED]->(x)
WHERE ($doc IS NULL OR pr.document = $doc) AND ($kind IS NULL OR pr.kind = $kind)
RETURN pr.document AS document, pr.kind AS kind, h.name AS helper, x.name AS helped,
       pr.seq AS seq, pr.quote AS evidence, pr.start AS start, pr.end AS end
ORDER BY document, kind, seq, helper, helped
