"""Pages of the event calendar: the public calendar and feeds, submission and moderation."""
