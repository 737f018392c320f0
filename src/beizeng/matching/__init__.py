"""Matching demands and products: hard filters, a fit score, and an explanation in words."""
