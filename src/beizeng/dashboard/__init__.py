"""dashboard feature slice (issue 7)."""
