"""The board page, members and terms, rules of procedure."""

from collections import Counter

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.auth.models import User
from office.core.access import public, roles, staff_required
from office.core.clock import local_now, utcnow
from office.core.markdown import render_markdown
from office.core.transaction import perform
from office.extensions import db
from office.governance import bp, forms, labels
from office.governance import rules as rules_module
from office.governance.models import (
    AgendaItem,
    BoardMeeting,
    BoardMember,
    BoardTerm,
    RulesVersion,
)
from office.governance.services import members as membership

STAFF_AND_BOARD = roles("office_staff", "board_member")


@bp.app_context_processor
def _globals():
    return {
        "markdown": render_markdown,
        "group_label": labels.GROUP_LABELS,
        "function_label": labels.FUNCTION_LABELS,
        "outcome_label": labels.OUTCOME_LABELS,
        "choice_label": labels.CHOICE_LABELS,
        "quorum_label": labels.QUORUM_LABELS,
        "majority_label": labels.MAJORITY_LABELS,
        "abstention_label": labels.ABSTENTION_LABELS,
        "tie_label": labels.TIE_LABELS,
    }


def _is_board_or_staff() -> bool:
    return current_user.is_authenticated and current_user.has_role("office_staff", "board_member")


def _commit_or_show(form, operation, done_message, target):
    """Run a service through `perform`; redirect when it is done, else None (the refusal is on
    the form and nothing changed)."""
    if not perform(operation, form=form):
        return None
    flash(done_message, "success")
    return redirect(target)


@bp.route("/")
@public
def index():
    today = local_now().date()
    current = sorted(membership.terms_on(today), key=_seat_order)
    seats = Counter(t.seat_group for t in current)
    return render_template(
        "governance/index.html",
        terms=current,
        seats=[(g, seats[g]) for g in rules_module.GROUPS if seats[g]],
        past=_former_members({t.member_id for t in current}, today),
        meetings=_coming_meetings(),
        rules=membership.rules_on(today),
        member=membership.member_for_user(current_user),
        open_items=_open_items() if _is_board_or_staff() else [],
    )


def _seat_order(term: BoardTerm) -> tuple:
    """The chair, the deputy, then the members; by seat group, then by name."""
    function = ("chair", "deputy", "member").index(term.function)
    return function, rules_module.GROUPS.index(term.seat_group), term.member.name


def _former_members(current_ids: set[int], today) -> list[BoardMember]:
    """Members with no term now whose terms have all begun (not those still to start)."""
    members = db.session.scalars(sa.select(BoardMember).order_by(BoardMember.name))
    return [m for m in members if m.id not in current_ids and _served_before(m, today)]


def _served_before(member: BoardMember, today) -> bool:
    return bool(member.terms) and all(t.starts_on <= today for t in member.terms)


def _coming_meetings(limit: int = 5) -> list[BoardMeeting]:
    """The next meetings; the internal ones for board members and staff only."""
    stmt = sa.select(BoardMeeting).where(BoardMeeting.starts_at >= utcnow())
    meetings = db.session.scalars(stmt.order_by(BoardMeeting.starts_at).limit(limit)).all()
    return meetings if _is_board_or_staff() else [m for m in meetings if m.public]


def _open_items() -> list[AgendaItem]:
    """The items without a decision, the nearest deadline first."""
    stmt = sa.select(AgendaItem).where(~AgendaItem.decision.has())
    return db.session.scalars(stmt.order_by(AgendaItem.deadline, AgendaItem.id)).all()


@bp.route("/members/new", methods=["GET", "POST"])
@staff_required
def new_member():
    form = forms.MemberForm()
    if form.validate_on_submit():
        user = _account_of(form.email.data)
        response = _commit_or_show(
            form,
            lambda: membership.add_member(
                current_user,
                name=form.name.data,
                email=form.email.data,
                user=user,
                affiliation=form.affiliation.data or "",
                group=form.group.data,
                function=form.function.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                publication_consent=form.publication_consent.data,
            ),
            _("The member has been added."),
            url_for("governance.index"),
        )
        if response:
            return response
    return render_template("governance/form.html", form=form, title=_("Add a board member"))


def _account_of(email: str | None) -> User | None:
    """The user account with the member's address, if there is one."""
    if not email:
        return None
    return db.session.scalar(sa.select(User).where(User.email == email.lower()))


@bp.route("/members/<int:member_id>", methods=["GET", "POST"])
@staff_required
def member(member_id):
    found = db.session.get(BoardMember, member_id) or abort(404)
    form = forms.TermForm(prefix="term")
    end_form = forms.EndTermForm(prefix="end")
    consent_form = forms.ConsentForm(prefix="consent", obj=found)
    if "consent-sent" in request.form and consent_form.validate_on_submit():
        response = _commit_or_show(
            consent_form,
            lambda: membership.set_publication_consent(
                current_user, found, consent_form.publication_consent.data
            ),
            _("Saved."),
            url_for("governance.member", member_id=found.id),
        )
        if response:
            return response
    if "term-starts_on" in request.form and form.validate_on_submit():
        response = _commit_or_show(
            form,
            lambda: membership.add_term(
                current_user,
                found,
                group=form.group.data,
                function=form.function.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            ),
            _("The term has been added."),
            url_for("governance.member", member_id=found.id),
        )
        if response:
            return response
    elif "end-ends_on" in request.form and end_form.validate_on_submit():
        term = next(
            (t for t in found.terms if t.id == request.form.get("term_id", type=int)), None
        ) or abort(404)
        response = _commit_or_show(
            end_form,
            lambda: membership.end_term(current_user, term, end_form.ends_on.data),
            _("The term has been ended."),
            url_for("governance.member", member_id=found.id),
        )
        if response:
            return response
    return render_template(
        "governance/member.html",
        member=found,
        form=form,
        end_form=end_form,
        consent_form=consent_form,
    )


@bp.route("/rules")
@public
def rules():
    versions = membership.rules_versions()
    current = membership.rules_on(local_now().date())
    return render_template("governance/rules.html", versions=versions, current=current)


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
            lambda: membership.add_rules_version(
                current_user,
                title=form.title.data,
                body=form.body.data,
                effective_from=form.effective_from.data,
                quorum=form.quorum.data,
                majority=form.majority.data,
                abstentions=form.abstentions.data,
                tie=form.tie.data,
                translations=form.translations(),
            ),
            _("The new version of the rules of procedure has been saved."),
            url_for("governance.rules"),
        )
        if response:
            return response
    return render_template(
        "governance/form.html", form=form, title=_("New version of the rules of procedure")
    )
