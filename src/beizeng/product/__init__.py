"""Credit products and the four lists (四项清单), versioned (C-3.4.1, C-3.4.6)."""
