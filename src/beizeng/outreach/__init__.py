"""outreach feature slice (issue 7)."""
