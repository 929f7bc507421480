"""The citizens' report: the office's page (foreword, publication), the web page and the PDF."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.assemblies import bp, permissions
from office.assemblies.documents import report_pdf
from office.assemblies.forms import ReportForm
from office.assemblies.services import report
from office.assemblies.views.plan import assembly_or_404
from office.core.access import public, staff_required
from office.core.clock import utcnow
from office.core.documents import download
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.sortition.models import Assembly


def _readable(slug: str) -> Assembly:
    """The assembly whose report the reader may see: public once published, staff always."""
    assembly = assembly_or_404(slug)
    if not report.is_public(assembly) and not permissions.can_plan_assembly(current_user):
        abort(404)
    return assembly


@bp.route("/<slug>/report")
@public
def report_page(slug):
    assembly = _readable(slug)
    return render_template("assemblies/report.html", report=report.compile_report(assembly))


@bp.route("/<slug>/report.pdf")
@public
def report_file(slug):
    assembly = _readable(slug)
    body = report_pdf(report.compile_report(assembly))
    return download(body, "application/pdf", f"{assembly.slug}-report.pdf", inline=True)


@bp.route("/<slug>/manage/report", methods=["GET", "POST"])
@staff_required
def manage_report(slug):
    assembly = assembly_or_404(slug)
    compiled = report.compile_report(assembly)
    form = ReportForm(foreword=compiled.plan.report_foreword)
    if form.validate_on_submit() and perform(
        report.save_foreword, assembly, form.foreword.data or "", form=form
    ):
        flash(_("The foreword is saved."), "success")
        return redirect(url_for("assemblies.manage_report", slug=slug))
    return render_form(
        "assemblies/manage_report.html",
        form,
        assembly=assembly,
        report=compiled,
        publish_form=ActionForm(),
    )


@bp.route("/<slug>/manage/report/publish", methods=["POST"])
@staff_required
def publish_report(slug):
    assembly = assembly_or_404(slug)
    publish = report.plan_published(assembly) is None
    if ActionForm().validate_on_submit() and perform(
        report.set_published, assembly, publish, utcnow()
    ):
        flash(
            _("The report is public.") if publish else _("The report is no longer public."),
            "success",
        )
    return redirect(url_for("assemblies.manage_report", slug=slug))


@bp.app_template_global("citizens_report_url")
def citizens_report_url(assembly) -> str | None:
    """The public page of the assembly's report, once published (for its process and page)."""
    if not report.is_public(assembly):
        return None
    return url_for("assemblies.report_page", slug=assembly.slug)
