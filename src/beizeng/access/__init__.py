"""Who is acting (the principal) and, from the access-model issue on, what they may do."""
