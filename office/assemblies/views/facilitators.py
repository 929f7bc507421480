"""Co-facilitators: volunteering, the office's page of volunteers and assignments, and the
facilitator's sessions on their account page."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from office.assemblies import bp, permissions, queries
from office.assemblies.forms import AssignForm, FacilitationCourseForm, VolunteerForm
from office.assemblies.models import Facilitator, FacilitatorAssignment
from office.assemblies.services import facilitators, sessions
from office.assemblies.views.plan import assembly_or_404, session_or_404
from office.core.access import access, roles, staff_required
from office.core.clock import utcnow
from office.core.forms import ActionForm, render_form
from office.core.registry import account_panel
from office.core.transaction import perform
from office.courses.models import Course
from office.extensions import db
from office.sortition.models import Assembly


@bp.route("/<slug>/volunteer", methods=["GET", "POST"])
@access(roles("office_staff", "department_staff"))
def volunteer(slug):
    assembly = assembly_or_404(slug)
    form = VolunteerForm()
    if form.validate_on_submit() and perform(
        facilitators.volunteer, assembly, current_user, form.note.data or "", utcnow(), form=form
    ):
        flash(_("Thank you. The office will tell you which sessions you facilitate."), "success")
        return redirect(url_for("auth.account"))
    return render_form("assemblies/volunteer.html", form, assembly=assembly)


def _course_form() -> FacilitationCourseForm:
    """The choice of the facilitation course among all courses, by title."""
    form = FacilitationCourseForm(prefix="course")
    courses = db.session.scalars(sa.select(Course).order_by(Course.title))
    form.course_id.choices = [(None, _("– none –"))] + [(c.id, c.title) for c in courses]
    return form


def _assign_form(assembly: Assembly, volunteers: list[Facilitator]) -> AssignForm:
    """The choice of a volunteer for one of the assembly's sessions."""
    form = AssignForm(prefix="assign")
    form.facilitator_id.choices = [(f.id, f.user.name) for f in volunteers]
    form.session_id.choices = [(s.id, s.title) for s in sessions.sessions_of(assembly)]
    return form


def _facilitators_page(assembly, course_form, assign_form, volunteers):
    trained = facilitators.trained_user_ids(assembly, volunteers)
    failed = assign_form if assign_form.errors else course_form
    return render_form(
        "assemblies/facilitators.html",
        failed,
        assembly=assembly,
        volunteers=volunteers,
        trained=trained,
        course_form=course_form,
        assign_form=assign_form,
        plan=sessions.plan_of(assembly),
        sessions=sessions.sessions_of(assembly),
        remove_form=ActionForm(),
    )


@bp.route("/<slug>/manage/facilitators")
@staff_required
def facilitators_page(slug):
    assembly = assembly_or_404(slug)
    volunteers = facilitators.facilitators_of(assembly)
    course_form, assign_form = _course_form(), _assign_form(assembly, volunteers)
    course_form.course_id.data = sessions.plan_of(assembly).facilitation_course_id
    return _facilitators_page(assembly, course_form, assign_form, volunteers)


@bp.route("/<slug>/manage/facilitators/assign", methods=["POST"])
@staff_required
def assign(slug):
    assembly = assembly_or_404(slug)
    volunteers = facilitators.facilitators_of(assembly)
    course_form, form = _course_form(), _assign_form(assembly, volunteers)
    course_form.course_id.data = sessions.plan_of(assembly).facilitation_course_id
    if form.validate_on_submit():
        session = session_or_404(assembly, form.session_id.data)
        if perform(
            facilitators.assign,
            session,
            form.facilitator_id.data,
            form.table.data or "",
            form=form,
        ):
            flash(_("The facilitator is assigned."), "success")
            return redirect(url_for("assemblies.facilitators_page", slug=slug))
    return _facilitators_page(assembly, course_form, form, volunteers)


@bp.route("/<slug>/manage/facilitators/course", methods=["POST"])
@staff_required
def facilitation_course(slug):
    assembly = assembly_or_404(slug)
    volunteers = facilitators.facilitators_of(assembly)
    form, assign_form = _course_form(), _assign_form(assembly, volunteers)
    if form.validate_on_submit() and perform(
        facilitators.set_facilitation_course, assembly, form.course_id.data, form=form
    ):
        flash(_("The facilitation course is saved."), "success")
        return redirect(url_for("assemblies.facilitators_page", slug=slug))
    return _facilitators_page(assembly, form, assign_form, volunteers)


def _assignment_or_404(assembly: Assembly, assignment_id: int) -> FacilitatorAssignment:
    """An assignment to one of the assembly's sessions; another answers 404."""
    assignment = db.session.get(FacilitatorAssignment, assignment_id)
    if assignment is None or assignment.session.assembly_id != assembly.id:
        abort(404)
    return assignment


@bp.route("/<slug>/manage/assignments/<int:assignment_id>/remove", methods=["POST"])
@staff_required
def remove_assignment(slug, assignment_id):
    assignment = _assignment_or_404(assembly_or_404(slug), assignment_id)
    if ActionForm().validate_on_submit() and perform(facilitators.unassign, assignment):
        flash(_("The assignment is removed."), "success")
    return redirect(url_for("assemblies.facilitators_page", slug=slug))


@account_panel
def facilitation_panel(user) -> Markup:
    """The user's coming facilitation sessions and the assemblies they may volunteer for."""
    if not permissions.can_volunteer(user):
        return Markup("")
    mine = queries.assignments_of(user.id, utcnow())
    open_assemblies = queries.assemblies_to_volunteer_for(user.id)
    if not mine and not open_assemblies:
        return Markup("")
    html = render_template(
        "assemblies/_account.html", assignments=mine, open_assemblies=open_assemblies
    )
    return Markup(html)  # noqa: S704  # nosec B704 - rendered by an autoescaping template
