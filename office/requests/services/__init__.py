"""Operations on help requests. They never commit; the caller does.

The public entry point for other modules is `submit_request` (see docs/governance.md).
"""

from office.requests.services.intake import (  # noqa: F401
    CONFIRM_DAYS,
    STATUS_LABELS,
    TYPE_LABELS,
    Contact,
    LinkExpired,
    Upload,
    _confirm,
    _notify_requester,
    _requester_role,
    access_token,
    confirm_email,
    confirm_token,
    may_submit_type,
    request_from_access_token,
    send_new_private_link,
    submit_request,
)
from office.requests.services.queue import (  # noqa: F401
    add_holiday,
    clock_states,
    queue_statement,
    remind,
    remove_holiday,
)
from office.requests.services.replies import mark_handled, receive  # noqa: F401
from office.requests.services.workflow import (  # noqa: F401
    can_view,
    can_write,
    get_visible,
    post_message,
    rate,
    reopen,
    reopen_by_requester,
    transition,
)
