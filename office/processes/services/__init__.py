"""Operations of the process catalogue and the recommendations chain, one module per area
(catalogue, follow_up, council). They never commit; the caller does."""
