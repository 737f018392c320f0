"""Supervision notices followed to rectification (issue 13 point 3; C-3.1.1, C-3.1.2, C-4.5.3)."""
