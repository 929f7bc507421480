"""Pages of the initiative directory: the public list and entries, registration and editing by
representatives, and moderation by the office."""
