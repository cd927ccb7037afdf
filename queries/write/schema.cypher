// description: constraints and indexes, created before any write (internal)
// internal: true
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT quote_id IF NOT EXISTS FOR (q:Quote) REQUIRE q.id IS UNIQUE;
CREATE INDEX quote_document IF NOT EXISTS FOR (q:Quote) ON (q.document);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX unit_name IF NOT EXISTS FOR (n:Unit) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX document_file IF NOT EXISTS FOR (n:Document) ON (n.fileName);
CREATE INDEX entity_document IF NOT EXISTS FOR (n:Entity) ON (n.document)
