"""`bangfu serve`: the analyst's workbench, a local web application over the graph."""
