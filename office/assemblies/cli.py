"""`flask assemblies ...` commands (the blueprint's CLI group)."""
