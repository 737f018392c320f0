"""event feature slice (issue 7)."""
