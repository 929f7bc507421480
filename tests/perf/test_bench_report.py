"""`make bench`'s report says for every target a page misses by how much (issue 21)."""

from bench.__main__ import report


def _row(label: str, rps: float, p95: float, after: float, p95_x2: float, staff=False) -> dict:
    return {
        "label": label, "staff": staff, "rps": rps, "p50": p95 / 2, "p95": p95, "queries": 3,
        "status": 200, "non2xx": 0, "after_change": after, "p95_x2": p95_x2,
    }  # fmt: skip


def test_the_report_says_by_how_much_each_target_is_missed():
    rows = [
        _row("healthz (reference)", 1000, 2.0, 0.01, 2.0),
        _row("calendar month", 130, 20.0, 3.2871, 30.0),
        _row("course list", 450, 10.0, 0.1, 11.0),
        _row("request queue (staff)", 240, 10.0, 0.1, 10.0, staff=True),
        _row("calendar.ics one district", 397, 10.0, 0.1, 10.0),
    ]
    text = report("sqlite (large)", rows, ["Machine (large): 2 cores, load average 3.1"])
    lines = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert lines["calendar month"].endswith(
        "| share 13.0% < 40%, after change 3,287 ms > 150 ms, growth +50% > +20% |"
    )
    assert lines["course list"].endswith("|  |")  # 45 %, 100 ms, +10 %: every target met
    assert lines["request queue (staff)"].endswith("| share 24.0% < 25% |")
    # just under the target: not rounded up to it
    assert lines["calendar.ics one district"].endswith("| share 39.7% < 40% |")
    assert "- Machine (large): 2 cores, load average 3.1" in text
