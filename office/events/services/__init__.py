"""Operations of the event calendar: submission and moderation of events, sign-ups. They
never commit; the caller does."""
