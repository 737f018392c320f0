"""Risk-compensation funds and interest subsidies (C-3.3.4, C-3.4.4, C-4.3.1)."""
