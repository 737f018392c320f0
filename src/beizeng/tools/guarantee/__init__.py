"""Government financing guarantees (政府性融资担保, C-3.4.4, C-4.2.1, C-4.2.2)."""
