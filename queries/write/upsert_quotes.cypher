// Long quotes of one document, stored once (ontology/model.py
// SHARED_QUOTE_MIN): a relationship stating one refers to it by its quoteId.
// Not an :Entity; delete_document removes a document's quotes with it.
UNWIND $rows AS row
MERGE (q:Quote {id: row.id})
SET q.text = row.text, q.document = row.document
