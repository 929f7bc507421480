"""The selection report as a PDF (fpdf2): method, checks, quota table, panel and reserves."""

from flask_babel import gettext as _
from fpdf import FPDF

from office.core.i18n import formatted


def _text(value) -> str:
    # the core PDF fonts are Latin-1; replace what they cannot show
    return str(value).encode("latin-1", "replace").decode("latin-1")


def result_report(run, assembly, table, members, reserves, personal, **_ignored) -> bytes:
    doc = FPDF(format="A4")
    doc.set_auto_page_break(True, margin=15)
    doc.add_page()
    doc.set_font("Helvetica", "B", 15)
    doc.multi_cell(
        0,
        8,
        _text(_("Selection report: %(title)s", title=assembly.title)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_font("Helvetica", size=10)
    summary = run.summary
    lines = [
        _("Algorithm: %(a)s", a=run.algorithm.upper()),
        _("Solvers: %(s)s", s=run.solver_label),
        _("sortition-algorithms version: %(v)s", v=run.library_version),
        _("Seed: %(s)s", s=run.seed),
        _("Pool checksum (SHA-256): %(c)s", c=run.pool_checksum),
        _("Quota checksum (SHA-256): %(c)s", c=run.quota_checksum),
        _("Lowest probability: %(p)s", p=formatted("percent", summary["lowest"], 2)),
        _("Median probability: %(p)s", p=formatted("percent", summary["median"], 2)),
        _(
            "Upper bound on the lowest probability: %(p)s",
            p=formatted("percent", summary["bound"], 2),
        ),
        _(
            "Probabilities add up to %(s)s (panel size %(n)s).",
            s=formatted("number", summary["sum"], "#,##0.0000"),
            n=run.panel_size,
        ),
    ]
    for line in lines:
        doc.multi_cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    doc.set_font("Helvetica", "B", 12)
    doc.cell(0, 7, _text(_("Quotas")), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", size=9)
    headers = [_("Feature"), _("Category"), _("Minimum"), _("Maximum"), _("Selected"), _("Holds")]
    widths = [40, 50, 22, 22, 22, 20]
    for h, w in zip(headers, widths, strict=True):
        doc.cell(w, 6, _text(h), border=1)
    doc.ln()
    for row in table:
        values = [
            row["feature"],
            row["category"],
            row["minimum"],
            row["maximum"],
            row["selected"],
            _("yes") if row["holds"] else _("NO"),
        ]
        for v, w in zip(values, widths, strict=True):
            doc.cell(w, 5, _text(v)[:30], border=1)
        doc.ln()
    if personal:
        for title, rows in ((_("Panel"), members), (_("Reserves, in order"), reserves)):
            doc.ln(3)
            doc.set_font("Helvetica", "B", 12)
            doc.cell(0, 7, _text(title), new_x="LMARGIN", new_y="NEXT")
            doc.set_font("Helvetica", size=9)
            for i, (person, key, p) in enumerate(rows, start=1):
                name = person.name if person else ""
                doc.cell(
                    0,
                    5,
                    _text(f"{i}. {key}  {name}  {formatted('percent', p, 2)}"),
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
    return bytes(doc.output())
