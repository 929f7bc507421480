"""The minutes of a meeting, drafted from what was recorded: who was present, each item with
its decision (the tally, the casting vote, the reasons). Written in the office's language."""

from flask import current_app
from flask_babel import force_locale, gettext

from office.core.formatting import formatted
from office.governance.labels import OUTCOME_LABELS
from office.governance.models import AgendaItem, BoardMeeting


def _item_lines(number: int, item: AgendaItem) -> list[str]:
    lines = [f"## {number}. {item.title}", ""]
    if item.description:
        lines += [item.description, ""]
    decision = item.decision
    if decision is None:
        return [*lines, gettext("Not decided in this meeting."), ""]
    result = str(OUTCOME_LABELS[decision.outcome])
    if decision.by_casting_vote:
        result += " (" + gettext("by the chair's casting vote") + ")"
    tally = gettext(
        "Yes %(yes)s, no %(no)s, abstentions %(abstain)s.",
        yes=decision.votes_yes,
        no=decision.votes_no,
        abstain=decision.votes_abstain,
    )
    return [*lines, f"**{gettext('Decision')}: {result}.** {tally}", "", decision.rationale, ""]


def minutes_draft(meeting: BoardMeeting) -> str:
    """Markdown minutes of `meeting` from its attendance and its items' decisions."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        present = sorted(a.member.name for a in meeting.attendance)
        lines = [f"# {meeting.title}", "", formatted("datetime", meeting.starts_at, "full"), ""]
        lines += [f"**{gettext('Present')}:** " + (", ".join(present) or "–"), ""]
        for number, item in enumerate(meeting.items, 1):
            lines += _item_lines(number, item)
        return "\n".join(lines).rstrip() + "\n"
