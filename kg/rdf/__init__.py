"""Facts to RDF triples, and nothing else: no I/O happens here."""
