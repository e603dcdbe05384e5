"""Mapping files: load, validate, apply to raw records."""
