"""Reflection exercises between gatherings: exercises as data, the append-only store, the live
form, the printable worksheet and the gathering summary for facilitators."""
