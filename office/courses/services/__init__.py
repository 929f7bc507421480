"""Operations on courses. They lock, check the rules, change rows, flush and queue mail.

They never commit; the caller (a view or a command) does.
"""

from office.courses.services.booking import (  # noqa: F401
    AlreadyRegistered,
    RegistrationClosed,
    SeatTaken,
    book_package,
    book_seat,
    cancel_registration,
    confirm_guest_email,
    promote_from_waitlist,
    registration_from_token,
)
from office.courses.services.catalogue import (  # noqa: F401
    create_run,
    delete_run,
    run_counts,
    save_course,
    update_run,
)
from office.courses.services.decisions import decide_due_runs, decide_run, override_decision  # noqa: F401
from office.courses.services.interest import join_interest, leave_interest  # noqa: F401
