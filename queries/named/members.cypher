// description: twin of members.rq
UNWIND $group AS gid
MATCH (m:Entity)-[:MEMBER_OF]->(g:Entity {id: gid})
RETURN gid AS group, m.name AS member, g.name AS via
