// description: twin of funds.rq
MATCH (f:FundAllocation)
WHERE ($doc IS NULL OR f.document = $doc)
  AND ($year IS NULL OR toString(f.year) = $year)
  AND ($source IS NULL OR EXISTS {
    MATCH (f)-[:FUND_SOURCE]->()-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $source}) })
  AND ($target IS NULL OR EXISTS {
    MATCH (f)-[:FUND_TARGET]->()-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $target}) })
OPTIONAL MATCH (f)-[:FUND_SOURCE]->(s)
OPTIONAL MATCH (f)-[:FUND_TARGET]->(t)
RETURN f.document AS document, f.name AS allocation, s.name AS source, t.name AS target,
       f.amount AS amount, f.year AS year, f.recurring AS recurring, f.section AS section,
       f.quote AS evidence, f.start AS start, f.end AS end
ORDER BY document, start, source, target
