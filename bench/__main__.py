"""`make bench`: city-scale data and twice that, gunicorn, wrk; a table per database with each
page's share of /healthz, its p95, its first load after a change, the SQL queries per page, and
its p95 at twice the city scale (growth).

    python -m bench                 both databases (SQLite file, local PostgreSQL), both scales
    python -m bench --db sqlite     one of them
    python -m bench --scale large   city scale only (xlarge: twice the city)
    python -m bench --reuse         keep an already seeded database
    python -m bench --duration 10   seconds per page (default 10)

Results go to the terminal and to bench/results/report-<db>.md.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = os.environ.get("BENCH_PG_DB", "office_bench")
STAFF = ("staff@example.org", "demo-password-2026")

WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50=%d p95=%d p99=%d requests=%d errors=%d non2xx=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status))
end
"""


#: the database of each scale: the city, twice the city
SUFFIX = {"large": "", "xlarge": "_x2"}


def database_url(kind: str, scale: str = "large") -> str:
    if kind == "sqlite":
        return f"sqlite:///{WORK / f'bench{SUFFIX[scale]}.db'}"
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}{SUFFIX[scale]}"


def env_for(kind: str, scale: str = "large") -> dict:
    return {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": database_url(kind, scale),
        "OFFICE_DEFAULT_LOCALE": "en",
        "RATELIMIT_ENABLED": "false",
        # benchmarks must not hit the login rate limit or send mail
        "MAIL_SERVER": "",
    }


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0:
        print("bench: installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        path = shutil.which("wrk")
    if not path:
        sys.exit("bench: wrk is required (apt-get install wrk)")
    return path


def prepare_database(kind: str, reuse: bool, scale: str = "large") -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    env = env_for(kind, scale)
    name = f"{PG_DB}{SUFFIX[scale]}"
    if kind == "sqlite":
        db_file = WORK / f"bench{SUFFIX[scale]}.db"
        if db_file.exists() and reuse:
            # a database seeded by an older version gets the newer migrations
            subprocess.run(
                [PY, "-m", "flask", "db", "upgrade", "heads"], env=env, cwd=ROOT, check=True
            )
            return
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
        if exists and reuse:
            subprocess.run(
                [PY, "-m", "flask", "db", "upgrade", "heads"], env=env, cwd=ROOT, check=True
            )
            return
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PY, "-m", "flask", "db", "upgrade", "heads"], env=env, cwd=ROOT, check=True)
    started = time.monotonic()
    subprocess.run(
        [PY, "-m", "flask", "seed-demo", "--scale", scale], env=env, cwd=ROOT, check=True
    )
    print(f"bench: seeded {kind} ({scale}) in {time.monotonic() - started:.0f} s")
    analyze(kind, scale)


def analyze(kind: str, scale: str = "large") -> None:
    """Planner statistics after the bulk load, as autovacuum (PostgreSQL) or a periodic
    ANALYZE (SQLite) keep them in production; without them the planner guesses."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url(kind, scale))
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as in the README's production recipe (its gunicorn.conf.py), 2 workers."""

    def __init__(self, kind: str, scale: str = "large"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            env=env_for(kind, scale),
            cwd=ROOT,
            start_new_session=True,
        )

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # a fixed http URL on 127.0.0.1 of the server this benchmark started
                urllib.request.urlopen(self.url + "/healthz", timeout=2).read()  # nosec B310
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def settle(self, limit: float = 120) -> None:
        """Wait until requests that wrk gave up on are done (a slow page leaves a backlog in
        the workers that would otherwise be charged to the next page)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=limit).read()  # nosec B310
            except OSError:
                time.sleep(0.5)
                continue
            if time.monotonic() - started < 0.2:
                return
            time.sleep(0.2)

    def warm(self, path: str, cookie: str | None, rounds: int = 2) -> float:
        """Load the page once per worker (two at a time, twice) before measuring: a page that
        caches an expensive part builds it on its first request in each worker. Returns the
        slowest of these cold loads in seconds (reported beside the table)."""
        import threading

        slowest = [0.0]

        def one():
            req = urllib.request.Request(
                self.url + path, headers={"Cookie": cookie} if cookie else {}
            )
            started = time.monotonic()
            try:
                urllib.request.urlopen(req, timeout=300).read()  # nosec B310
            except OSError:
                pass
            slowest[0] = max(slowest[0], time.monotonic() - started)

        for _ in range(rounds):
            threads = [threading.Thread(target=one) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return slowest[0]

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def staff_cookie(base: str) -> str:
    """Log in over HTTP like a browser (CSRF token included) and return the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/account/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    data = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": STAFF[0], "password": STAFF[1], "next": ""}
    ).encode()
    opener.open(base + "/account/login", data=data).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run_wrk(wrk: str, url: str, duration: int, cookie: str | None) -> dict:
    script = WORK / "report.lua"
    script.write_text(WRK_LUA)
    cmd = [wrk, "-t2", "-c10", f"-d{duration}s", "--latency", "-s", str(script), url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(
        r"BENCH p50=(\d+) p95=(\d+) p99=(\d+) requests=(\d+) errors=(\d+) non2xx=(\d+)", out
    )
    p50, p95, p99, requests, errors, non2xx = (int(x) for x in m.groups())
    return {
        "rps": rps,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "requests": requests,
        "errors": errors,
        "non2xx": non2xx,
    }


def query_counts(kind: str, pages, scale: str = "large") -> dict:
    """SQL statements per page, counted in-process with the same database."""
    os.environ["DATABASE_URL"] = database_url(kind, scale)
    from sqlalchemy import event

    from office import create_app
    from office.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    counts = {}
    with app.app_context():
        engine = db.engine
        counter = {"n": 0}

        def count(*_args, **_kwargs):
            counter["n"] += 1

        event.listen(engine, "before_cursor_execute", count)
        client = app.test_client()
        staff_client = app.test_client()
        staff_client.post("/account/login", data={"email": STAFF[0], "password": STAFF[1]})
        for label, path, staff in pages:
            c = staff_client if staff else client
            counter["n"] = 0
            status = c.get(path).status_code
            counts[label] = (counter["n"], status)
        event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counts


def resolve_pages(kind: str, scale: str = "large"):
    os.environ["DATABASE_URL"] = database_url(kind, scale)
    from bench.pages import resolve
    from office import create_app

    return resolve(create_app())


class Changer:
    """Renews the change token of every table, as any change does for the tables it touches
    (on PostgreSQL the servers learn of it by their change notices): every cached fragment of
    every page is then out of date."""

    def __init__(self, kind: str, scale: str):
        from office import create_app

        os.environ["DATABASE_URL"] = database_url(kind, scale)
        self.app = create_app()

    def change(self) -> None:
        from office.core import cache
        from office.extensions import db

        with self.app.app_context():
            cache.bump(db.session, [t.name for t in db.metadata.sorted_tables])
            db.session.commit()
        time.sleep(0.2)  # the notices reach the servers


#: pages any visitor opens (target: 40 % of /healthz; staff pages 25 %)
SHARE_PUBLIC, SHARE_STAFF, AFTER_CHANGE, GROWTH = 0.40, 0.25, 0.150, 0.20


def _targets(r: dict, ref: dict) -> list[str]:
    """The targets the page misses, each with by how much."""
    share = r["rps"] / ref["rps"] if ref["rps"] else 0
    target = SHARE_STAFF if r["staff"] else SHARE_PUBLIC
    missed = []
    if share < target:
        missed.append(f"share {share:.1%} < {target:.0%}")
    after = r.get("after_change", 0)
    if after > AFTER_CHANGE:
        missed.append(f"after change {after * 1000:,.0f} ms > {AFTER_CHANGE * 1000:.0f} ms")
    if r.get("p95_x2") is not None and r["p95"] and r["p95_x2"] > r["p95"] * (1 + GROWTH):
        missed.append(f"growth {r['p95_x2'] / r['p95'] - 1:+.0%} > {GROWTH:+.0%}")
    return missed


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_seconds() -> float:
    """CPU seconds of this process's finished children (the server, wrk, the seeding)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def report(kind: str, rows: list[dict], machine: list[str] = ()) -> str:
    ref = next(r for r in rows if r["label"].startswith("healthz"))
    lines = [
        f"## {kind}",
        "",
        *(f"- {line}" for line in machine),
        "",
        "| page | requests/s | share of /healthz | p50 ms | p95 ms | first load after a change ms "
        "| p95 ms at twice the city | growth | SQL queries | status | non-2xx | misses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        share = r["rps"] / ref["rps"] if ref["rps"] else 0
        x2 = r.get("p95_x2")
        growth = f"{x2 / r['p95'] - 1:+.0%}" if x2 is not None and r["p95"] else "–"
        x2_text = f"{x2:.1f}" if x2 is not None else "–"
        missed = ", ".join(_targets(r, ref)) if r is not ref else ""
        lines.append(
            f"| {r['label']} | {r['rps']:.0f} | {share:.0%} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r.get('after_change', 0) * 1000:.0f} | {x2_text} | {growth} | {r['queries']} "
            f"| {r['status']} | {r['non2xx']} | {missed} |"
        )
    lines.append("")
    lines.append(
        "Targets: at least 40 % of /healthz for pages anyone opens, 25 % for staff pages; the "
        "first load after a change at most 150 ms; p95 at twice the city at most 20 % above "
        'p95 at city scale. "first load after a change": every table\'s change token renewed '
        "(every cached fragment out of date), then the slowest of four loads (two per worker). "
        '"misses": each target missed, with the figure reached.'
    )
    return "\n".join(lines)


def measure(kind: str, args, scale: str, wrk: str) -> tuple[list[dict], list[str]]:
    """Every page of one database at one scale: wrk figures, first load after a change."""
    seeding = time.monotonic()
    prepare_database(kind, args.reuse, scale)
    seeding = time.monotonic() - seeding
    started, cpu, load = time.monotonic(), cpu_seconds(), load_average()
    pages = resolve_pages(kind, scale)
    counts = query_counts(kind, pages, scale)
    changer = Changer(kind, scale)
    server = Server(kind, scale)
    rows, extra = [], []
    try:
        server.wait()
        cookie = staff_cookie(server.url)
        for label, path, staff in pages:
            jar = cookie if staff else None
            server.settle()
            server.warm(path, jar)
            changer.change()
            after_change = server.warm(path, jar)
            result = run_wrk(wrk, server.url + path, args.duration, jar)
            queries, status = counts[label]
            rows.append({"label": label, "staff": staff, "queries": queries, "status": status,
                         "after_change": after_change, **result})  # fmt: skip
            print(
                f"bench {kind} {scale}: {label:28} {result['rps']:8.0f} req/s  "
                f"p95 {result['p95']:6.1f} ms  after a change {after_change * 1000:6.0f} ms"
            )
        if scale == "large":
            server.settle()
            from bench import writes

            extra.append(writes.run(server.url, kind))
    finally:
        server.stop()
    extra.insert(0, (
        f"Machine ({scale}): {os.cpu_count()} cores, shared; load average {load} at the start, "
        f"{load_average()} at the end; {time.monotonic() - started:.0f} s wall, "
        f"{cpu_seconds() - cpu:.0f} CPU s of server and wrk; database ready in {seeding:.0f} s "
        f"({'reused' if args.reuse else 'seeded'})."
    ))  # fmt: skip
    return rows, extra


def bench_database(kind: str, args) -> str:
    wrk = ensure_wrk()
    scales = ["large", "xlarge"] if args.scale == "both" else [args.scale]
    results = {scale: measure(kind, args, scale, wrk) for scale in scales}
    rows, extra = results[scales[0]]
    machine = [extra.pop(0)]
    if "xlarge" in results and scales[0] == "large":
        twice = {r["label"]: r["p95"] for r in results["xlarge"][0]}
        for r in rows:
            r["p95_x2"] = twice.get(r["label"])
        machine.append(results["xlarge"][1][0])
    text = report(f"{kind} ({scales[0]})", rows, machine) + "".join("\n\n" + e for e in extra if e)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"report-{kind}.md").write_text(text + "\n")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scale", choices=["large", "xlarge", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    texts = [bench_database(kind, args) for kind in kinds]
    print("\n\n".join(texts))
    print(f"\nwritten to {RESULTS}/")


if __name__ == "__main__":
    main()
