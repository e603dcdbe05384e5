"""Accounting: attribution and rounding, ledgers, reconciliation, settlement, allocation."""
