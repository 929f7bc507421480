"""Charts as inline SVG, drawn on the server: readable without JavaScript, printable.

Each chart has a <title> and a table alternative next to it (templates/reports/_figure.html).
"""

from dataclasses import dataclass

#: colour-blind safe palette (Okabe-Ito), contrast >= 3:1 on white for graphics
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#000000")

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200


@dataclass
class Bar:
    label: str
    segments: list[tuple[float, str, str]]  # (value, colour, series name)
    total: float


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    series: list[tuple[str, str]]  # (name, colour)
    scale: float
    label_width: int
    max_value: float


def bar_chart(columns, rows, stacked: bool) -> BarChart:
    """Horizontal bars; stacked: one segment per series column."""
    series_names = [str(c) for c in columns[1:]] if stacked else [str(columns[-1])]
    series = [(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series_names)]
    bars = []
    for row in rows:
        values = [float(v or 0) for v in (row[1:] if stacked else row[-1:])]
        segments = [(v, series[i][1], series[i][0]) for i, v in enumerate(values)]
        bars.append(Bar(str(row[0]), segments, sum(values)))
    max_value = max((b.total for b in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 60
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    return BarChart(WIDTH, max(height, 30), bars, series, plot / max_value, LABEL_WIDTH, max_value)


@dataclass
class LineChart:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str, float]]
    max_value: float
    baseline: float


def line_chart(rows) -> LineChart:
    """One series (the last column) over the first column (e.g. months); gaps are skipped."""
    height, left, top, bottom = 220, 40, 10, 40
    values = [None if r[-1] is None else float(r[-1]) for r in rows]
    max_value = max((v for v in values if v is not None), default=0) or 1
    step = (WIDTH - left - 20) / max(len(values) - 1, 1)
    dots = []
    for i, (row, v) in enumerate(zip(rows, values, strict=True)):
        if v is None:
            continue
        x = left + i * step
        y = top + (height - top - bottom) * (1 - v / max_value)
        dots.append((round(x, 1), round(y, 1), str(row[0]), v))
    points = " ".join(f"{x},{y}" for x, y, _l, _v in dots)
    return LineChart(WIDTH, height, points, dots, max_value, height - bottom)
