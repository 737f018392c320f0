"""Ledger and statistics submission by the banks, and pboc's board (issue 13 point 1, C-4.5.1)."""
