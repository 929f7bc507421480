from collections import Counter
from datetime import UTC

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.models import User
from office.core.access import access, public, roles, staff_required
from office.core.clock import local_now, office_tz, utcnow
from office.core.errors import DomainError
from office.core.forms import show_domain_error
from office.core.pagination import paginate
from office.extensions import db
from office.governance import bp, forms, services
from office.governance import rules as rules_module
from office.governance.markdown import render_markdown
from office.governance.models import (
    AgendaItem,
    AuditEntry,
    BoardMeeting,
    BoardMember,
    BoardTerm,
    Decision,
    RulesVersion,
)

STAFF_AND_BOARD = roles("office_staff", "board_member")


@bp.app_context_processor
def _globals():
    return {
        "markdown": render_markdown,
        "group_label": services.GROUP_LABELS,
        "function_label": services.FUNCTION_LABELS,
        "outcome_label": services.OUTCOME_LABELS,
        "choice_label": services.CHOICE_LABELS,
        "quorum_label": services.QUORUM_LABELS,
        "majority_label": services.MAJORITY_LABELS,
        "abstention_label": services.ABSTENTION_LABELS,
        "tie_label": services.TIE_LABELS,
    }


def _is_board_or_staff() -> bool:
    return current_user.is_authenticated and current_user.has_role("office_staff", "board_member")


def _commit_or_show(form, operation, done_message, target):
    """Run a service; commit and redirect, or put its refusal on the form (nothing changed)."""
    try:
        operation()
    except DomainError as err:
        db.session.rollback()
        show_domain_error(form, err)
        return None
    db.session.commit()
    flash(done_message, "success")
    return redirect(target)


@bp.route("/")
@public
def index():
    today = local_now().date()
    current = db.session.scalars(
        sa.select(BoardTerm).where(
            BoardTerm.starts_on <= today,
            sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= today),
        )
    ).all()
    order = {f: i for i, f in enumerate(("chair", "deputy", "member"))}
    groups = {g: i for i, g in enumerate(rules_module.GROUPS)}
    current.sort(key=lambda t: (order[t.function], groups[t.seat_group], t.member.name))
    current_ids = {t.member_id for t in current}
    past = [
        m
        for m in db.session.scalars(sa.select(BoardMember).order_by(BoardMember.name))
        if m.id not in current_ids and m.terms and all(t.starts_on <= today for t in m.terms)
    ]
    meetings = db.session.scalars(
        sa.select(BoardMeeting)
        .where(BoardMeeting.starts_at >= utcnow())
        .order_by(BoardMeeting.starts_at)
        .limit(5)
    ).all()
    if not _is_board_or_staff():
        meetings = [m for m in meetings if m.public]
    member = services.member_for_user(current_user)
    open_items = []
    if _is_board_or_staff():
        open_items = db.session.scalars(
            sa.select(AgendaItem)
            .where(~AgendaItem.decision.has())
            .order_by(AgendaItem.deadline, AgendaItem.id)
        ).all()
    seats = Counter(t.seat_group for t in current)
    return render_template(
        "governance/index.html",
        terms=current,
        seats=[(g, seats[g]) for g in rules_module.GROUPS if seats[g]],
        past=past,
        meetings=meetings,
        rules=services.rules_on(today),
        member=member,
        open_items=open_items,
    )


@bp.route("/members/new", methods=["GET", "POST"])
@staff_required
def new_member():
    form = forms.MemberForm()
    if form.validate_on_submit():
        user = (
            db.session.scalar(sa.select(User).where(User.email == (form.email.data or "").lower()))
            if form.email.data
            else None
        )
        response = _commit_or_show(
            form,
            lambda: services.add_member(
                current_user,
                name=form.name.data,
                email=form.email.data,
                user=user,
                affiliation=form.affiliation.data or "",
                group=form.group.data,
                function=form.function.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            ),
            _("The member has been added."),
            url_for("governance.index"),
        )
        if response:
            return response
    return render_template("governance/form.html", form=form, title=_("Add a board member"))


@bp.route("/members/<int:member_id>", methods=["GET", "POST"])
@staff_required
def member(member_id):
    found = db.session.get(BoardMember, member_id) or abort(404)
    form = forms.TermForm(prefix="term")
    end_form = forms.EndTermForm(prefix="end")
    if "term-starts_on" in request.form and form.validate_on_submit():
        response = _commit_or_show(
            form,
            lambda: services.add_term(current_user, found, group=form.group.data, function=form.function.data,
                                      starts_on=form.starts_on.data, ends_on=form.ends_on.data),
            _("The term has been added."), url_for("governance.member", member_id=found.id),
        )  # fmt: skip
        if response:
            return response
    elif "end-ends_on" in request.form and end_form.validate_on_submit():
        term = next(
            (t for t in found.terms if t.id == request.form.get("term_id", type=int)), None
        ) or abort(404)
        response = _commit_or_show(
            end_form, lambda: services.end_term(current_user, term, end_form.ends_on.data),
            _("The term has been ended."), url_for("governance.member", member_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return render_template("governance/member.html", member=found, form=form, end_form=end_form)


@bp.route("/rules")
@public
def rules():
    versions = db.session.scalars(
        sa.select(RulesVersion).order_by(RulesVersion.effective_from.desc())
    ).all()
    return render_template(
        "governance/rules.html", versions=versions, current=services.rules_on(local_now().date())
    )


@bp.route("/rules/<int:version>")
@public
def rules_version(version):
    found = db.session.scalar(
        sa.select(RulesVersion).where(RulesVersion.version == version)
    ) or abort(404)
    return render_template("governance/rules_version.html", version=found)


@bp.route("/rules/new", methods=["GET", "POST"])
@staff_required
def new_rules():
    latest = db.session.scalar(
        sa.select(RulesVersion).order_by(RulesVersion.version.desc()).limit(1)
    )
    form = forms.RulesForm(obj=latest if request.method == "GET" and latest else None)
    if request.method == "GET":
        form.effective_from.data = None
    if form.validate_on_submit():
        response = _commit_or_show(
            form,
            lambda: services.add_rules_version(
                current_user, title=form.title.data, body=form.body.data,
                effective_from=form.effective_from.data, quorum=form.quorum.data,
                majority=form.majority.data, abstentions=form.abstentions.data, tie=form.tie.data,
            ),
            _("The new version of the rules of procedure has been saved."), url_for("governance.rules"),
        )  # fmt: skip
        if response:
            return response
    return render_template(
        "governance/form.html", form=form, title=_("New version of the rules of procedure")
    )


@bp.route("/meetings")
@public
def meetings():
    stmt = sa.select(BoardMeeting).order_by(BoardMeeting.starts_at.desc())
    if not _is_board_or_staff():
        stmt = stmt.where(BoardMeeting.public.is_(True))
    return render_template(
        "governance/meetings.html", page=paginate(stmt, request.args.get("page"))
    )


def _local(naive):
    return naive.replace(tzinfo=office_tz()).astimezone(UTC)


@bp.route("/meetings.ics")
@public
def meetings_ics():
    """Public meetings of the last year and the future as an iCalendar feed."""
    from datetime import timedelta

    from office.core.ical import ics_response
    from office.governance.calendar import board_meetings

    now = utcnow()
    entries = board_meetings(now - timedelta(days=365), now + timedelta(days=3 * 365), {})
    return ics_response(entries, "board-meetings.ics", name=_("Advisory board"))


@bp.route("/meetings/new", methods=["GET", "POST"])
@staff_required
def new_meeting():
    form = forms.MeetingForm()
    if form.validate_on_submit():
        created = {}

        def create():
            created["m"] = services.create_meeting(
                current_user, title=form.title.data, starts_at=_local(form.starts_at.data),
                ends_at=_local(form.ends_at.data), location=form.location.data or "",
                online_url=form.online_url.data or "", public=form.public.data,
            )  # fmt: skip

        response = _commit_or_show(
            form, create, _("The meeting has been scheduled."), url_for("governance.meetings")
        )
        if response:
            return redirect(url_for("governance.meeting", meeting_id=created["m"].id))
    return render_template("governance/form.html", form=form, title=_("Schedule a meeting"))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_meeting(meeting_id):
    found = db.session.get(BoardMeeting, meeting_id) or abort(404)
    form = forms.MeetingForm(obj=found if request.method == "GET" else None)
    if request.method == "GET":
        form.starts_at.data = found.starts_at.astimezone(office_tz()).replace(tzinfo=None)
        form.ends_at.data = found.ends_at.astimezone(office_tz()).replace(tzinfo=None)
    if form.validate_on_submit():
        response = _commit_or_show(
            form,
            lambda: services.update_meeting(
                current_user, found, title=form.title.data, starts_at=_local(form.starts_at.data),
                ends_at=_local(form.ends_at.data), location=form.location.data or "",
                online_url=form.online_url.data or "", public=form.public.data,
            ),
            _("The meeting has been changed."), url_for("governance.meeting", meeting_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return render_template("governance/form.html", form=form, title=_("Change the meeting"))


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
        target = url_for("governance.meeting", meeting_id=found.id)
        if "attendance" in request.form:
            services.set_attendance(current_user, found, request.form.getlist("present"))
            db.session.commit()
            flash(_("The attendance has been saved."), "success")
            return redirect(target)
        if "minutes-minutes" in request.form and minutes_form.validate_on_submit():
            services.save_minutes(current_user, found, minutes_form.minutes.data or "")
            db.session.commit()
            flash(_("The minutes have been saved."), "success")
            return redirect(target)
        if "item-title" in request.form and item_form.validate_on_submit():
            response = _commit_or_show(
                item_form,
                lambda: services.add_item(current_user, title=item_form.title.data, description=item_form.description.data or "",
                                          public=item_form.public.data, meeting=found),
                _("The item has been added to the agenda."), target,
            )  # fmt: skip
            if response:
                return response
    day = services.local_day(found.starts_at)
    members = [db.session.get(BoardMember, i) for i in sorted(services.in_office_ids(day))]
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
        rules=services.rules_on(day),
    )


def _item_or_404(item_id) -> AgendaItem:
    return db.session.get(AgendaItem, item_id) or abort(404)


def _item_page(item, status=200, **forms_given):
    member = services.member_for_user(current_user)
    outcome, version = services.outcome_for(item)
    record = forms.RecordVoteForm(prefix="record", formdata=None)
    if item.meeting is not None:
        record.member.choices = [(str(a.member_id), a.member.name) for a in item.meeting.attendance]
    context = {
        "item": item, "member": member, "outcome": outcome, "version": version,
        "my_vote": next((v for v in item.votes if member and v.member_id == member.id), None),
        "my_conflict": next((c for c in item.conflicts if member and c.member_id == member.id), None),
        "comment_form": forms.CommentForm(prefix="comment", formdata=None),
        "conflict_form": forms.ConflictForm(prefix="conflict", formdata=None),
        "vote_form": forms.VoteForm(prefix="vote", formdata=None),
        "record_form": record,
        "decide_form": forms.DecideForm(prefix="decide", formdata=None),
        "staff": current_user.has_role("office_staff"),
        "now": utcnow(),
    }  # fmt: skip
    context.update(forms_given)
    return render_template("governance/item.html", **context), status


@bp.route("/items/<int:item_id>")
@access(STAFF_AND_BOARD)
def item(item_id):
    return _item_page(_item_or_404(item_id))


def _member_or_403():
    member = services.member_for_user(current_user)
    if member is None:
        abort(403)
    return member


@bp.route("/items/<int:item_id>/comment", methods=["POST"])
@access(roles("board_member"))
def comment(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.CommentForm(prefix="comment")
    if form.validate_on_submit():
        response = _commit_or_show(form, lambda: services.comment(member, found, form.body.data),
                                   _("Your comment has been added."), url_for("governance.item", item_id=found.id))  # fmt: skip
        if response:
            return response
    return _item_page(found, 422, comment_form=form)


@bp.route("/items/<int:item_id>/conflict", methods=["POST"])
@access(roles("board_member"))
def conflict(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.ConflictForm(prefix="conflict")
    if form.validate_on_submit():
        response = _commit_or_show(
            form, lambda: services.declare_conflict(current_user, member, found, form.reason.data),
            _("Your conflict of interest has been recorded. You do not vote on this item."),
            url_for("governance.item", item_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return _item_page(found, 422, conflict_form=form)


@bp.route("/items/<int:item_id>/vote", methods=["POST"])
@access(roles("board_member"))
def vote(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.VoteForm(prefix="vote")
    if form.validate_on_submit():
        response = _commit_or_show(
            form, lambda: services.cast_vote(current_user, member, found, form.choice.data),
            _("Your vote has been recorded."), url_for("governance.item", item_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return _item_page(found, 422, vote_form=form)


@bp.route("/items/<int:item_id>/record-vote", methods=["POST"])
@staff_required
def record_vote(item_id):
    found = _item_or_404(item_id)
    form = forms.RecordVoteForm(prefix="record")
    form.member.choices = (
        [(str(a.member_id), a.member.name) for a in found.meeting.attendance]
        if found.meeting
        else []
    )
    if form.validate_on_submit():
        member = db.session.get(BoardMember, int(form.member.data))
        response = _commit_or_show(
            form, lambda: services.cast_vote(current_user, member, found, form.choice.data),
            _("The vote has been recorded."), url_for("governance.item", item_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return _item_page(found, 422, record_form=form)


@bp.route("/items/<int:item_id>/decide", methods=["POST"])
@staff_required
def decide(item_id):
    found = _item_or_404(item_id)
    form = forms.DecideForm(prefix="decide")
    if form.validate_on_submit():
        response = _commit_or_show(
            form, lambda: services.decide(current_user, found, form.rationale.data),
            _("The decision has been recorded."), url_for("governance.item", item_id=found.id),
        )  # fmt: skip
        if response:
            return response
    return _item_page(found, 422, decide_form=form)


@bp.route("/decisions")
@public
def decisions():
    page = paginate(services.public_decisions_statement(), request.args.get("page"), per_page=30)
    return render_template("governance/decisions.html", page=page)


@bp.route("/decisions/<int:decision_id>")
@public
def decision(decision_id):
    found = db.session.get(Decision, decision_id)
    if found is None or (not found.item.public and not _is_board_or_staff()):
        abort(404)
    return render_template("governance/decision.html", decision=found)


@bp.route("/audit")
@staff_required
def audit_log():
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    return render_template(
        "governance/audit.html", page=paginate(stmt, request.args.get("page"), per_page=50)
    )
