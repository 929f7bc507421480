"""The annual report as PDF (fpdf2): every figure as a table with a simple bar."""

from datetime import timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

# core fonts cover Latin-1 (German and Danish letters); other characters are replaced
ENCODING = "latin-1"


def _text(value) -> str:
    return str(value).encode(ENCODING, "replace").decode(ENCODING)


def annual_pdf(period, evaluated) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_text(_("Evaluation report")))
    pdf.set_author(_text(current_app.config["OFFICE_NAME"]))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _text(current_app.config["OFFICE_NAME"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    last = period.end - timedelta(days=1)
    pdf.multi_cell(
        0,
        7,
        _text(
            _(
                "Evaluation report %(start)s to %(end)s",
                start=format_date(period.start),
                end=format_date(last),
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for figure, rows in evaluated:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _text(figure.title), new_x="LMARGIN", new_y="NEXT")
        if figure.description:
            pdf.set_font("Helvetica", "I", 9)
            pdf.multi_cell(0, 5, _text(figure.description), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        if not rows:
            pdf.multi_cell(0, 5, _text(_("No data in this period.")), new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT", first_row_as_headings=True) as table:
            header = table.row()
            for column in figure.columns:
                header.cell(_text(column))
            for row in rows:
                line = table.row()
                for value in row:
                    line.cell(_text("–" if value is None else value))
    return bytes(pdf.output())
