// Everything one document states: its relationships, then the nodes it owns
// (its tasks, projects, pairings, dispatches, funds and the document itself)
// and its shared long quotes.
// Nodes shared with other documents (units, places, teams) stay.
CALL () {
  MATCH ()-[r {document: $doc}]->() DELETE r
}
CALL () {
  MATCH (q:Quote {document: $doc}) DELETE q
}
WITH 1 AS done
MATCH (n:Entity {document: $doc})
DETACH DELETE n
