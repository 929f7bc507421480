"""The annual report as PDF (office.core.documents): each figure as a chart where it has one
(the same bars and lines as the page) and as a table with numbers in the reader's language."""

from datetime import timedelta

from flask_babel import gettext as _

from office.core.documents import FAMILY, GREY, OfficeDocument, hex_colour
from office.core.i18n import formatted
from office.reports.charts import BarChart, LineChart

LABEL_MM = 50
BAR_MM = 5
LINE_HEIGHT_MM = 45


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formatted("number", value)
    return str(value)


def _bars(pdf: OfficeDocument, chart: BarChart) -> None:
    plot = pdf.epw - LABEL_MM - 18
    scale = plot / (chart.max_value or 1)
    pdf.set_font(FAMILY, size=7)
    for bar in chart.bars:
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(LABEL_MM - 2, BAR_MM, bar.label[:34], align="R")
        x = pdf.l_margin + LABEL_MM
        for value, colour, _name in bar.segments:
            pdf.set_fill_color(*hex_colour(colour))
            pdf.rect(x, y + 0.5, value * scale, BAR_MM - 1, style="F")
            x += value * scale
        pdf.set_xy(x + 1, y)
        pdf.cell(16, BAR_MM, formatted("number", round(bar.total, 1)))
        pdf.set_y(y + BAR_MM + 1)
    _legend(pdf, chart.series)


def _legend(pdf: OfficeDocument, series) -> None:
    if len(series) < 2:
        return
    for name, colour in series:
        pdf.set_fill_color(*hex_colour(colour))
        pdf.rect(pdf.l_margin + LABEL_MM, pdf.get_y() + 1, 3, 3, style="F")
        pdf.set_x(pdf.l_margin + LABEL_MM + 5)
        pdf.cell(0, 5, name, new_x="LMARGIN", new_y="NEXT")


def _line(pdf: OfficeDocument, chart: LineChart) -> None:
    if pdf.will_page_break(LINE_HEIGHT_MM + 10):
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin + 12
    sx = (pdf.epw - 14) / chart.width
    sy = LINE_HEIGHT_MM / chart.height
    pdf.set_font(FAMILY, size=7)
    pdf.set_draw_color(*GREY)
    pdf.line(left, top + chart.baseline * sy, left + chart.width * sx, top + chart.baseline * sy)
    pdf.text(pdf.l_margin, top + 3, formatted("number", round(chart.max_value, 1)))
    pdf.set_draw_color(*hex_colour("#0072B2"))
    pdf.set_line_width(0.5)
    pdf.polyline([(left + x * sx, top + y * sy) for x, y, _l, _v in chart.dots])
    step = max(len(chart.dots) // 6, 1)
    for i, (x, _y, label, _v) in enumerate(chart.dots):
        if i % step == 0 or i == len(chart.dots) - 1:
            pdf.text(left + x * sx - 4, top + chart.baseline * sy + 4, label)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + LINE_HEIGHT_MM + 6)


def _figure(pdf: OfficeDocument, figure, rows, chart) -> None:
    pdf.heading(figure.title, 12)
    if figure.description:
        pdf.para(figure.description, 9, "I")
    if not rows:
        pdf.para(_("No data in this period."), 9)
        return
    if isinstance(chart, BarChart):
        _bars(pdf, chart)
    elif isinstance(chart, LineChart):
        _line(pdf, chart)
    pdf.grid(figure.columns, [[_cell(v) for v in row] for row in rows], size=8)


def annual_pdf(period, evaluated) -> bytes:
    """`evaluated`: (figure, rows, chart or None) for each figure the reader may see."""
    title = _("Evaluation report")
    pdf = OfficeDocument(title)
    pdf.add_page()
    pdf.heading(pdf.office, 18)
    last = period.end - timedelta(days=1)
    start, end = formatted("date", period.start, "long"), formatted("date", last, "long")
    pdf.para(_("Evaluation report %(start)s to %(end)s", start=start, end=end), 13)
    for figure, rows, chart in evaluated:
        pdf.ln(3)
        _figure(pdf, figure, rows, chart)
    return pdf.to_bytes()
