"""The citizens' report as a PDF (office/core/documents.py), in the reader's language."""

from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_babel import gettext as _

from office.assemblies.services.report import CitizensReport
from office.core.documents import OfficeDocument


def _facts(pdf: OfficeDocument, report: CitizensReport) -> None:
    facts, assembly = report.facts, report.assembly
    pdf.heading(_("How the members were chosen"), 14)
    answers = facts.answers or {}
    pdf.para(
        _(
            "%(invited)s residents were invited by lot; %(yes)s said yes and joined the pool of "
            "respondents, of whom %(seats)s were selected for the panel. %(replaced)s members "
            "were replaced later.",
            invited=facts.invited,
            yes=answers.get("yes", 0) + answers.get("withdrew", 0),
            seats=facts.panel_size,
            replaced=facts.replacements,
        )
    )
    if facts.composition:
        locale = str(get_locale())
        rows = [
            (
                assembly.label(locale, q["feature"]),
                assembly.label(locale, q["feature"], q["category"]),
                q["selected"],
            )
            for q in facts.composition
        ]
        pdf.grid((_("Feature"), _("Group"), _("Members")), rows, widths=(40, 40, 20))


def _session_row(report: CitizensReport, s) -> tuple:
    """When, title, place and the experts heard (with their topics) of one session."""
    experts = "; ".join(f"{i.person.name}: {i.topic}" for i in report.public_inputs(s))
    when = f"{format_datetime(s.starts_at, 'short')} – {format_time(s.ends_at, 'short')}"
    return (when, s.title, s.where, experts)


def _sessions(pdf: OfficeDocument, report: CitizensReport) -> None:
    pdf.heading(_("Sessions"), 14)
    rows = [_session_row(report, s) for s in report.sessions]
    pdf.grid((_("When"), _("Session"), _("Where"), _("Experts")), rows, widths=(30, 25, 25, 30))


def _recommendations(pdf: OfficeDocument, report: CitizensReport) -> None:
    pdf.heading(_("Recommendations"), 14)
    for r in report.recommendations:
        pdf.heading(f"{r.number}. {r.title}", 12)
        pdf.para(r.text)
        if r.votes_for is not None:
            pdf.para(
                _(
                    "The assembly's vote: %(yes)s for, %(no)s against, %(abstained)s abstained.",
                    yes=r.votes_for,
                    no=r.votes_against or 0,
                    abstained=r.votes_abstained or 0,
                ),
                size=10,
                style="I",
            )
        for m in r.minority_statements:
            label = (
                _("Minority statement (%(n)s members):", n=m.supporters)
                if m.supporters
                else _("Minority statement:")
            )
            pdf.para(f"{label} {m.text}", size=10)


def report_pdf(report: CitizensReport) -> bytes:
    """The whole report: foreword, selection, sessions, recommendations."""
    title = _("Citizens' report: %(title)s", title=report.assembly.title)
    pdf = OfficeDocument(title)
    pdf.add_page()
    pdf.heading(title)
    if report.plan.report_published_at:
        pdf.para(_("Published on %(date)s", date=format_date(report.plan.report_published_at)), 9)
    if report.plan.report_foreword:
        pdf.para(report.plan.report_foreword)
    _facts(pdf, report)
    _sessions(pdf, report)
    _recommendations(pdf, report)
    return pdf.to_bytes()
