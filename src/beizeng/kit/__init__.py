"""The domain-free toolbox: money, periods, tabular files."""
