// description: twin of funds.rq; one row per statement (STATED_IN with provenance)
MATCH (f:FundAllocation)-[m:STATED_IN]->(:Entity)
WHERE (m.quote IS NOT NULL OR m.quoteId IS NOT NULL)
  AND ($doc IS NULL OR f.document = $doc)
  AND ($year IS NULL OR toString(f.year) = $year)
  AND ($source IS NULL OR EXISTS {
    MATCH (f)-[:FUND_SOURCE]->()-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $source}) })
  AND ($target IS NULL OR EXISTS {
    MATCH (f)-[:FUND_TARGET]->()-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $target}) })
OPTIONAL MATCH (f)-[:FUND_SOURCE]->(s)
OPTIONAL MATCH (f)-[:FUND_TARGET]->(t)
OPTIONAL MATCH (f)-[:PART_OF_TOTAL]->(whole:FundAllocation)
RETURN f.document AS document, f.name AS allocation, s.name AS source, t.name AS target,
       f.amount AS amount, f.year AS year, f.recurring AS recurring, whole.name AS part_of,
       m.section AS section, coalesce(m.quote, COLLECT { MATCH (qq:Quote {id: m.quoteId}) RETURN qq.text }[0]) AS evidence, m.start AS start, m.end AS end,
       f.id AS _fund, whole.id AS _total
ORDER BY document, start, source, target
