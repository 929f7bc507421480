"""Operations of the advisory board. They never commit; the caller does.

Every change is appended to the audit log (`AuditEntry`) in the same transaction.
"""

from office.governance.services.common import (  # noqa: F401
    ABSTENTION_LABELS,
    CHOICE_LABELS,
    FUNCTION_LABELS,
    GROUP_LABELS,
    MAJORITY_LABELS,
    OUTCOME_LABELS,
    QUORUM_LABELS,
    REFUSALS,
    TIE_LABELS,
    audit,
    local_day,
)
from office.governance.services.meetings import (  # noqa: F401
    add_item,
    create_meeting,
    forward_request,
    save_minutes,
    set_attendance,
    update_meeting,
)
from office.governance.services.members import (  # noqa: F401
    _overlaps,
    add_member,
    add_rules_version,
    add_term,
    chair_id,
    end_term,
    in_office_ids,
    member_for_user,
    rules_on,
    set_publication_consent,
    terms_on,
)
from office.governance.services.review import (  # noqa: F401
    REMIND_HOURS,
    _conflicted,
    cast_vote,
    comment,
    decide,
    decision_day,
    declare_conflict,
    outcome_for,
    public_decisions_statement,
    remind_written_procedures,
)
