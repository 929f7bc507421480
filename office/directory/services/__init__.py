"""Operations of the initiative directory. They never commit; the caller does."""

from office.directory.services.editing import (  # noqa: F401
    CONFIRM_HOURS,
    CONFIRM_PURPOSE,
    LOGO_MESSAGES,
    InitiativeData,
    apply_values,
    can_edit_initiative,
    check_values,
    confirm_registration,
    current_values,
    editable_initiative,
    register_for_user,
    register_initiative,
    update_initiative,
)
from office.directory.services.moderation import (  # noqa: F401
    DECISION_SUBJECTS,
    decide_changes,
    moderate,
    moderation_queue,
)
from office.directory.services.queries import (  # noqa: F401
    DirectoryFilter,
    directory_query,
    initiative_for_viewer,
    initiatives_of,
    logo_url,
)
from office.directory.services.representatives import (  # noqa: F401
    invite_representative,
    remove_representative,
)
