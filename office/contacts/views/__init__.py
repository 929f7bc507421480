"""Staff pages of the CRM: people, organisations, bulk and privacy work."""
