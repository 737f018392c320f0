"""The web platform: the FastAPI app factory, templates, static files (assembly only)."""
