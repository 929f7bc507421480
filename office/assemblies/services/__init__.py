"""Operations of an assembly's work: sessions, attendance, facilitators, experts, report."""
