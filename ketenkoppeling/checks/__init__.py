"""Checks: the rules of spec/rules.md."""
