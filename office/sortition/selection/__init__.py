"""The selection: what the public can re-run (`verify`), apart from the solvers that compute it."""
