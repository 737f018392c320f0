"""Platform accounts: roles, sign-in, sessions' principals, API tokens (C-4.4.2)."""
