"""The network survey: codebook, import of real exports, aggregation."""
