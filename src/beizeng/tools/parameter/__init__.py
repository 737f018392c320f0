"""Tool parameters as data with effective dates (a change is a new row, never a constant)."""
