"""Checks: the rules of spec/rules.md, the findings lifecycle and their review.

Each rule is a small module (``d1_duplicate_deployments`` … ``b7_unlinked``) with
``find(session, settings)``; ``runner.run_checks`` runs them all and ``lifecycle`` keeps the
stored findings in step; ``review`` resolves, accepts and lists them.
"""
