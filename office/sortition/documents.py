"""The selection report as a PDF (office.core.documents): method, checks, quota table, panel
and reserves."""

from flask_babel import gettext as _

from office.core.documents import OfficeDocument
from office.core.i18n import formatted


def _percent(p) -> str:
    return formatted("percent", p, 2)


def _method_lines(run) -> list[str]:
    summary = run.summary
    return [
        _("Algorithm: %(a)s", a=run.algorithm.upper()),
        _("Solvers: %(s)s", s=run.solver_label),
        _("sortition-algorithms version: %(v)s", v=run.library_version),
        _("Seed: %(s)s", s=run.seed),
        _("Pool checksum (SHA-256): %(c)s", c=run.pool_checksum),
        _("Quota checksum (SHA-256): %(c)s", c=run.quota_checksum),
        _("Lowest probability: %(p)s", p=_percent(summary["lowest"])),
        _("Median probability: %(p)s", p=_percent(summary["median"])),
        _("Upper bound on the lowest probability: %(p)s", p=_percent(summary["bound"])),
        _(
            "Probabilities add up to %(s)s (panel size %(n)s).",
            s=formatted("number", summary["sum"], "#,##0.0000"),
            n=formatted("number", run.panel_size),
        ),
    ]


def _quota_rows(table) -> list[list[str]]:
    return [
        [
            row["feature"],
            row["category"],
            formatted("number", row["minimum"]),
            formatted("number", row["maximum"]),
            formatted("number", row["selected"]),
            _("yes") if row["holds"] else _("NO"),
        ]
        for row in table
    ]


def _people(doc: OfficeDocument, title: str, rows) -> None:
    doc.heading(title, 12)
    lines = [_person_line(i, *row) for i, row in enumerate(rows, start=1)]
    doc.grid(["#", _("Key"), _("Name"), _("Probability")], lines, widths=(10, 45, 80, 35))


def _person_line(number: int, person, key: str, probability) -> list:
    """Number, key, name (when still known) and selection probability of one person."""
    return [formatted("number", number), key, person.name if person else "", _percent(probability)]


def result_report(run, assembly, table, members, reserves, personal, **_ignored) -> bytes:
    doc = OfficeDocument(_("Selection report: %(title)s", title=assembly.title))
    doc.add_page()
    doc.heading(_("Selection report: %(title)s", title=assembly.title), 15)
    for line in _method_lines(run):
        doc.para(line, 10)
    doc.heading(_("Quotas"), 12)
    headers = [_("Feature"), _("Category"), _("Minimum"), _("Maximum"), _("Selected"), _("Holds")]
    doc.grid(headers, _quota_rows(table), widths=(40, 50, 22, 22, 22, 20))
    if personal:
        _people(doc, _("Panel"), members)
        _people(doc, _("Reserves, in order"), reserves)
    return doc.to_bytes()
