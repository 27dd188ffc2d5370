"""Facts from outside the project, each kept with its sources under ``data/reference/``."""
