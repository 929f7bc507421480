"""Demo data for `flask seed-demo`: sessions, facilitators and an expert input."""
