"""Operations of the contacts CRM, one module per concern."""
