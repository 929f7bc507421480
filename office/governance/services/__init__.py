"""Operations of the advisory board, one module per area (members and rules, meetings, review
and decisions; common: refusals and the audit log). They never commit; the caller does.

Every change is appended to the office's audit trail (`office.core.audit.record`) in the same
transaction.
"""
