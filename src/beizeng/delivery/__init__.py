"""Kept hook deliveries: listeners that failed, delivered again later."""
