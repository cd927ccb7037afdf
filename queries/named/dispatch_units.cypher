// description: twin of dispatch_units.rq
UNWIND $id AS did
MATCH (ds:Entity {id: did})-[r:DISPATCHING_UNIT]->(u)
RETURN did AS id, u.name AS unit, r.position AS pos
