"""Financing demands: workflow, messages, the five-working-day clock and its sweep (C-3.4.2)."""
