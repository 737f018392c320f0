"""Codes and classifications: pure functions over packaged data, no I/O beyond reading it."""
