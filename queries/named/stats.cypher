// description: twin of stats.rq
MATCH (n:Entity)
UNWIND [l IN labels(n) WHERE l <> "Entity"] AS name
WITH "node" AS kind, name, count(DISTINCT n) AS count
RETURN kind, name, count
ORDER BY kind, name
