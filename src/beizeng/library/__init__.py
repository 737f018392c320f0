"""library feature slice (issue 7)."""
