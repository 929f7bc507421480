"""Operations on assemblies: imports, invitation lottery, quotas, runs, replacements, purge.

Services flush but never commit; the caller (view or CLI) commits once. Callers import the
module they need (`from office.sortition.services import runs`); this package re-exports nothing.
"""
