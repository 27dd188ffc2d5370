"""Seeded generators of synthetic demo data."""
