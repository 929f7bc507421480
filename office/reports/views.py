"""The evaluation dashboard, the annual report (page and PDF) and every figure as CSV."""

from datetime import date

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from office.core import bounds
from office.core.access import access, roles
from office.core.clock import local_now
from office.core.documents import download
from office.core.figures import FIGURES, Period, figures
from office.core.spreadsheets import csv_response
from office.reports import bp, charts
from office.reports.documents import annual_pdf

STAFF_AND_BOARD = roles("office_staff", "board_member")


def _period() -> tuple[Period, int | None]:
    """?year=2026 (a calendar year) or ?start=...&end=... (end inclusive); default: this year."""
    args = request.args
    try:
        if args.get("start") and args.get("end"):
            start, end = bounds.parse_date(args["start"]), bounds.parse_date(args["end"])
            if start is None or end is None or end < start or (end - start).days > 3660:
                raise ValueError
            return Period(start, date.fromordinal(end.toordinal() + 1)), None
        year = int(args.get("year") or local_now().year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        abort(400)
    return Period(date(year, 1, 1), date(year + 1, 1, 1)), year


def _visible(user):
    return [f for f in figures() if f.visible is None or f.visible(user)]


def _evaluated(period):
    out = []
    for figure in _visible(current_user):
        rows = figure.rows(period)
        out.append((figure, rows, _chart(figure, rows)))
    return out


def _chart(figure, rows):
    if rows and figure.chart in ("bar", "stacked"):
        return charts.bar_chart(figure.columns, rows, figure.chart == "stacked")
    if rows and figure.chart == "line":
        return charts.line_chart(rows)
    return None


@bp.route("/")
@access(STAFF_AND_BOARD)
def dashboard():
    period, year = _period()
    return render_template(
        "reports/dashboard.html",
        period=period,
        year=year,
        figures=_evaluated(period),
        years=range(local_now().year, local_now().year - 6, -1),
    )


@bp.route("/annual")
@access(STAFF_AND_BOARD)
def annual():
    period, year = _period()
    return render_template(
        "reports/annual.html",
        period=period,
        year=year,
        last_day=date.fromordinal(period.end.toordinal() - 1),
        figures=_evaluated(period),
    )


@bp.route("/annual.pdf")
@access(STAFF_AND_BOARD)
def annual_as_pdf():
    period, year = _period()
    body = annual_pdf(period, _evaluated(period))
    name = f"annual-report-{year or period.start.isoformat()}.pdf"
    return download(body, "application/pdf", name)


@bp.route("/figures/<key>.csv")
@access(STAFF_AND_BOARD)
def figure_csv(key):
    figure = FIGURES.get(key) or abort(404)
    period, _year = _period()
    return csv_response(f"{key}-{period.start}.csv", figure.columns, figure.rows(period))


@bp.app_template_global()
def report_title(period, year):
    if year:
        return _("Annual report %(year)s", year=year)
    return _("Report %(start)s to %(end)s", start=period.start, end=period.end)
