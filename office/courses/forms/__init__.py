"""Course forms: `catalogue` (courses, runs, packages, staff actions) and `registration` (bookings,
corrections, substitutes, interest, feedback, tailor-made requests)."""
