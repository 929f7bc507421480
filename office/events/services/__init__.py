"""Operations of the event calendar. They never commit; the caller does."""

from office.events.services.calendar import (  # noqa: F401
    CALENDAR_TABLES,
    KIND_ORGANISER,
    CalendarFilter,
    cache_seconds,
    cached_calendar_entries,
    calendar_entries,
    entries_of,
    event_entries,
    event_location,
    event_uid,
    events_version,
    past_events_query,
    published_events,
    uid_domain,
    upcoming_occurrences,
    upcoming_of_initiative,
)
from office.events.services.signups import (  # noqa: F401
    SIGNUP_RETENTION_DAYS,
    purge_signups,
    sign_up,
    signups_of,
    taken_places,
)
from office.events.services.submission import (  # noqa: F401
    EVENT_DECISIONS,
    RULE_MESSAGES,
    EventData,
    can_edit_event,
    cancel_event,
    editable_event,
    mark_reviewed,
    moderate_event,
    moderation_queue,
    my_events,
    rule_error,
    save_event,
    visible_event,
)
