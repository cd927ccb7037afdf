"""The read side: documents in, nodes and edges with provenance out.

Nothing here imports a database driver or an RDF library: loaders yield the
records of ontology.model and the stores turn them into their own form.
"""
