"""Monitoring: the plan as data, metrics over the ledger, evaluation, rankings and trends."""
