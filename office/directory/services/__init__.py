"""Operations of the initiative directory, one module per area (editing, moderation,
representatives, logos). They never commit; the caller does."""
