"""Meetings: list, iCalendar feed, scheduling, attendance, agenda, minutes."""

from datetime import UTC, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from office.core.access import public, staff_required
from office.core.clock import office_tz, utcnow
from office.core.ical import ics_response
from office.core.pagination import paginate
from office.core.transaction import perform
from office.extensions import db
from office.governance import bp, forms
from office.governance.calendar import board_meetings, meeting_json_ld
from office.governance.models import (
    BoardMeeting,
    BoardMember,
)
from office.governance.services import common as board_common
from office.governance.services import meetings as meeting_ops
from office.governance.services import members as membership
from office.governance.views.board import _commit_or_show, _is_board_or_staff


@bp.route("/meetings")
@public
def meetings():
    page = paginate(_visible_meetings(), request.args.get("page"))
    return render_template("governance/meetings.html", page=page)


def _visible_meetings():
    """The meetings, newest first; the internal ones for board members and staff only."""
    stmt = sa.select(BoardMeeting).options(selectinload(BoardMeeting.venue))
    if not _is_board_or_staff():
        stmt = stmt.where(BoardMeeting.public.is_(True))
    return stmt.order_by(BoardMeeting.starts_at.desc())


def _local(naive):
    return naive.replace(tzinfo=office_tz()).astimezone(UTC)


@bp.route("/meetings.ics")
@public
def meetings_ics():
    """Public meetings of the last year and the future as an iCalendar feed."""
    now = utcnow()
    entries = board_meetings(now - timedelta(days=365), now + timedelta(days=3 * 365), {})
    return ics_response(entries, "board-meetings.ics", name=_("Advisory board"))


@bp.route("/meetings/new", methods=["GET", "POST"])
@staff_required
def new_meeting():
    form = forms.MeetingForm()
    if form.validate_on_submit() and (done := _save_meeting(form, meeting_ops.create_meeting)):
        flash(_("The meeting has been scheduled."), "success")
        return redirect(url_for("governance.meeting", meeting_id=done.value.id))
    return render_template("governance/form.html", form=form, title=_("Schedule a meeting"))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_meeting(meeting_id):
    found = db.session.get(BoardMeeting, meeting_id) or abort(404)
    form = _filled_form(found) if request.method == "GET" else forms.MeetingForm()
    if form.validate_on_submit() and _save_meeting(form, meeting_ops.update_meeting, found):
        flash(_("The meeting has been changed."), "success")
        return redirect(url_for("governance.meeting", meeting_id=found.id))
    return render_template("governance/form.html", form=form, title=_("Change the meeting"))


def _filled_form(found: BoardMeeting) -> forms.MeetingForm:
    """The meeting's form with its times in the office's local time."""
    form = forms.MeetingForm(obj=found)
    form.starts_at.data = found.starts_at.astimezone(office_tz()).replace(tzinfo=None)
    form.ends_at.data = found.ends_at.astimezone(office_tz()).replace(tzinfo=None)
    return form


def _save_meeting(form, operation, *meeting):
    """Create (or change `meeting`) with the form's fields, its local times stored in UTC."""
    return perform(
        operation,
        current_user,
        *meeting,
        form=form,
        title=form.title.data,
        starts_at=_local(form.starts_at.data),
        ends_at=_local(form.ends_at.data),
        location=form.location.data or "",
        online_url=form.online_url.data or "",
        public=form.public.data,
        venue_id=form.venue_id.data,
    )


def _meeting_or_404(meeting_id):
    found = db.session.get(BoardMeeting, meeting_id)
    if found is None or (not found.public and not _is_board_or_staff()):
        abort(404)
    return found


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@public
def meeting(meeting_id):
    found = _meeting_or_404(meeting_id)
    staff = current_user.is_authenticated and current_user.has_role("office_staff")
    minutes_form = forms.MinutesForm(
        prefix="minutes", obj=found if request.method == "GET" else None
    )
    item_form = forms.ItemForm(prefix="item")
    if request.method == "POST":
        if not staff:
            abort(403)
        response = _meeting_post(found, minutes_form, item_form)
        if response:
            return response
    return _render_meeting(found, staff, minutes_form, item_form)


def _meeting_post(found, minutes_form, item_form):
    """Handle the form a staff member sent; a redirect when it is done, else None."""
    target = url_for("governance.meeting", meeting_id=found.id)
    done = _save_attendance(found) or _save_minutes(found, minutes_form) or _press_button(found)
    if done:
        flash(done, "success")
        return redirect(target)
    if "item-title" in request.form and item_form.validate_on_submit():
        return _add_item(found, item_form, target)
    return None


def _save_attendance(found):
    """The message when the attendance was sent and saved, else None."""
    present = request.form.getlist("present")
    if "attendance" in request.form and perform(
        meeting_ops.set_attendance, current_user, found, present
    ):
        return _("The attendance has been saved.")
    return None


def _save_minutes(found, minutes_form):
    """The message when the minutes were sent and saved, else None."""
    if (
        "minutes-minutes" in request.form
        and minutes_form.validate_on_submit()
        and perform(
            meeting_ops.save_minutes,
            current_user,
            found,
            minutes_form.minutes.data or "",
            form=minutes_form,
        )
    ):
        return _("The minutes have been saved.")
    return None


def _press_button(found):
    """The invitation, minutes draft and approval buttons: the message when done, else None."""
    buttons = (
        ("invite", meeting_ops.invite_members, _("The invitation has been sent to the members.")),
        (
            "minutes-draft",
            meeting_ops.draft_minutes,
            _("The minutes have been drafted from the agenda; check and edit them."),
        ),
        ("minutes-approve", meeting_ops.approve_minutes, _("The minutes are approved.")),
    )
    for field, operation, message in buttons:
        if field in request.form and perform(operation, current_user, found):
            return message
    return None


def _add_item(found, item_form, target):
    return _commit_or_show(
        item_form,
        lambda: meeting_ops.add_item(
            current_user,
            title=item_form.title.data,
            description=item_form.description.data or "",
            public=item_form.public.data,
            meeting=found,
        ),
        _("The item has been added to the agenda."),
        target,
    )


def _render_meeting(found, staff, minutes_form, item_form):
    day = board_common.local_day(found.starts_at)
    members = [db.session.get(BoardMember, i) for i in sorted(membership.in_office_ids(day))]
    present = {a.member_id for a in found.attendance}
    items = [i for i in found.items if i.public or _is_board_or_staff()]
    return render_template(
        "governance/meeting.html",
        meeting=found,
        members=members,
        present=present,
        items=items,
        staff=staff,
        minutes_form=minutes_form,
        item_form=item_form,
        rules=membership.rules_on(day),
        json_ld=meeting_json_ld(found),
    )
