"""Operations on courses, one module per area. They lock, check the rules, change rows, flush
and queue mail; they never commit (the caller, a view through `perform` or a command, does)."""
