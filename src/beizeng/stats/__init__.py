"""Institution statistics: deposits, tool balances, premiums … one value per period, institution
and metric. Not loans: they come from a bank's statistics department, not its loan ledger."""
