"""Pages of an assembly's work: the session plan, attendance, facilitators, experts, report."""
