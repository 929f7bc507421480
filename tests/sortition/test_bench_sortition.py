"""`make bench-sortition` reports what issue #16 asks: the Kassel case and the national case,
each with its target, and how LEXIMIN found its result."""

from bench import sortition


def test_the_benchmark_reports_each_run_with_its_path_and_target(capsys):
    sortition.main(["--algorithms", "leximin", "--sizes", "400", "--seats", "30"])
    out = capsys.readouterr().out
    kassel, scaling = out.split("\n  30 seats, 400 respondents, 7 features: leximin")
    assert "lowest 3.70% median 3.70%" in kassel
    assert "target (Kassel case under 5 s, wall time):" in kassel
    assert "by the relaxation:" in scaling and "LP stages" in scaling
    # the national target is only judged on the national case
    assert "10 minutes" not in out
