// description: twin of project_units.rq
UNWIND $id AS pid
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p:Entity {id: pid})
RETURN pid AS id, u.name AS unit, r.position AS pos
