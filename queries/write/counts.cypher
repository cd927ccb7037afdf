// Node and relationship counts (internal); the index of name forms kept beside
// the graph (:BangfuIndex) is not part of it
CALL () { MATCH (n) WHERE NOT n:BangfuIndex RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
