"""Enterprises on the platform: registration, profile and sizing, the no-loan flag."""
