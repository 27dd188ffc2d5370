"""Seeded generators of synthetic demo data (every value invented)."""
