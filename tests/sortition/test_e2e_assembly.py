"""A whole assembly in a real browser, as the issue's "done when" describes it: register,
stratified invitation, answers, pool, quotas (a library features file), commitment, seed,
selection, a redraw that shows up publicly, three drop-outs replaced (one with no reserve that
keeps the quotas), purge; the public page in de/da/en after each step; and the draw re-derived
from the published files by the public's own script and by `flask sortition verify`."""

import io
import re
import subprocess
import zipfile

import pytest
from playwright.sync_api import expect

from office.extensions import db
from office.sortition.models import Assembly, SelectionRun
from office.sortition.services import jobs, publication, replacements
from office.sortition.services import pool as respondent_pool
from tests.conftest import a11y
from tests.factories import UserFactory
from tests.sortition.factories import POOL_CSV, REGISTER_CSV, AssemblyFactory
from tests.sortition.test_e2e import _log_in

pytestmark = pytest.mark.e2e

REGISTER = (
    REGISTER_CSV
    + "P13,Person 13,Street 13,34117,h13,north\nP14,Person 14,Street 14,34117,h14,south\n"
)
FEATURES = "feature,value,min,max,min_flex,max_flex\ngender,f,2,2,0,4\ngender,m,2,2,0,4\nage,young,1,2,0,4\nage,old,2,3,0,4\n"
#: the public page's heading and the word for "counts" in each language
LANGUAGES = {"de": "Wie die Mitglieder ausgewählt wurden", "da": "Sådan blev medlemmerne udvalgt",
             "en": "How the members were chosen"}  # fmt: skip


def _upload(page, selector, name, text):
    page.set_input_files(
        selector, files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )


#: what the public page says, per language
SAYS = {
    "invited": {"de": "Zuerst wurden 14 Einladungen", "da": "Først blev 14 invitationer trukket",
                "en": "14 invitations were drawn"},
    "yes": {"de": "haben 12 zugesagt", "da": "sagde 12 ja", "en": "12 said yes"},
    "unreachable": {"de": "1 waren nicht erreichbar", "da": "1 kunne ikke nås",
                    "en": "1 could not be reached"},
    "stratified": {"de": "Die Losung war geschichtet", "da": "Lodtrækningen var stratificeret",
                   "en": "The lottery was stratified"},
    "counts": {"de": "2 (gilt)", "da": "2 (gælder)", "en": "2 (counts)"},
    "superseded": {"de": "1 (ersetzt)", "da": "1 (erstattet)", "en": "1 (superseded)"},
    "replaced": {"de": "3 nachbesetzt", "da": "3 erstattet", "en": "3 replaced"},
}  # fmt: skip


def _public(page, url, *facts):
    """The public page in German, Danish and English shows every fact: a key of SAYS in the
    page's language, or a literal (numbers, seeds, reasons, checksums)."""
    page.goto(url + "/assemblies/klima")
    a11y(page)
    for code, heading in LANGUAGES.items():
        page.locator(f"button[name=locale][value={code}]").click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        content = page.content()
        missing = [f for f in facts if (SAYS[f][code] if f in SAYS else f) not in content]
        assert not missing, (code, missing)
        assert "Person 1" not in content and "p1@example.org" not in content
        a11y(page)
    return re.search(r"<main.*</main>", page.content(), re.S).group(0)


def _attempt(page, url, reason, seed):
    """Start an attempt, let the worker compute it, publish the commitment, enter the seed."""
    page.goto(url + "/sortition/klima/run")
    a11y(page)
    if reason:
        page.get_by_label("Reason for a new attempt").fill(reason)
    page.get_by_role("button", name="Start the selection").click()
    expect(page.get_by_text("waiting to start")).to_be_visible()
    a11y(page)
    assert [status for _id, status in jobs.run_pending()] == ["done"]  # the worker
    page.reload()
    a11y(page)
    page.get_by_label("Public source of the seed").fill(f"Lotto of the week after: {seed}")
    page.get_by_role("button", name="Publish the commitment").click()
    expect(page.get_by_text("The commitment is published.")).to_be_visible()
    a11y(page)
    page.locator("#seed-seed").fill(seed)
    page.get_by_role("button", name="Draw the panel with this seed").click()
    expect(page.get_by_text("Every quota holds: yes.")).to_be_visible()
    a11y(page)


def _replace(page, url, run, member, reason):
    page.goto(url + f"/sortition/runs/{run.id}/replace/{member}")
    a11y(page)
    page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name="Record the replacement").click()
    expect(page.get_by_text(f"takes the seat of {member}")).to_be_visible()
    a11y(page)


def _verify_published(page, url, tmp_path, app):
    """Download attempt 2's files from the public page and re-derive the draw, twice."""
    archive = page.request.get(url + "/assemblies/klima/attempts/2.zip")
    zipfile.ZipFile(io.BytesIO(archive.body())).extractall(tmp_path)
    folder = tmp_path / "klima-2"
    done = subprocess.run(["/usr/bin/python3", "-I", "-S", "verify.py", "."], cwd=folder,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and "OK: the published files reproduce the draw." in done.stdout
    result = app.test_cli_runner().invoke(args=["sortition", "verify", str(folder)])
    assert result.exit_code == 0 and "OK" in result.output


def test_a_whole_assembly_from_register_to_purge(page, live_server, committed_db, app, tmp_path):
    UserFactory(email="assembly@example.org", roles=["office_staff"])
    AssemblyFactory(slug="klima", title="Bürgerrat Klima", panel_size=4, reserve_size=1)
    committed_db.session.commit()
    url = live_server.url
    _log_in(page, live_server, "assembly@example.org")

    # register extract, a stratified invitation lottery, answers
    page.goto(url + "/sortition/klima/register")
    a11y(page)
    _upload(page, "#file", "register.csv", REGISTER)
    page.get_by_role("button", name="Import register extract").click()
    expect(page.get_by_text("14 people imported from the register extract.")).to_be_visible()
    a11y(page)
    page.get_by_label("Invitations to draw").fill("14")
    page.locator("#draw-seed").fill("Lotto 2026-11-07: 4 8 15 16 23 42")
    page.get_by_label("At most one invitation per household").uncheck()
    page.get_by_label("Weights per stratum (optional)").fill("south = 2")
    page.get_by_role("button", name="Draw invitations").click()
    expect(page.get_by_text("14 invitations drawn.")).to_be_visible()
    a11y(page)
    _upload(page, "#answers-file", "answers.csv", "id,answer\nP13,no\nP14,unreachable\n")
    page.get_by_role("button", name="Record the answers").click()
    expect(page.get_by_text("2 answers recorded.")).to_be_visible()
    a11y(page)

    # the pool (an id never invited is refused first), quotas from a library features file
    page.goto(url + "/sortition/klima/pool")
    a11y(page)
    _upload(page, "#file", "pool.csv", POOL_CSV.replace("P05,", "X05,"))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("X05 was not invited.")).to_be_visible()
    a11y(page)
    _upload(page, "#file", "pool.csv", POOL_CSV)
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("12 respondents, no problems.")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Import 12 respondents").click()
    expect(page.get_by_text("12 respondents imported.")).to_be_visible()
    a11y(page)
    page.goto(url + "/sortition/klima/quotas")
    a11y(page)
    _upload(page, "#quotas-file", "features.csv", FEATURES)
    page.get_by_role("button", name="Import quotas (feature, value, min, max)").click()
    expect(page.get_by_text("4 quotas imported.")).to_be_visible()
    a11y(page)

    # attempt 1, then a redraw with a reason: both public, the second counts
    _attempt(page, url, "", "3 11 19 26 33 41")
    _public(page, url, "invited", "yes", "unreachable", "stratified", "3 11 19 26 33 41")
    _attempt(page, url, "the seed source was named after the draw", "5 9 17 28 36 44")
    committed_db.session.rollback()  # a fresh snapshot of what the server wrote
    run = committed_db.session.scalars(db.select(SelectionRun).filter_by(attempt=2)).one()
    _public(page, url, "counts", "superseded", "the seed source was named after the draw",
            "5 9 17 28 36 44", publication.commitment(run))  # fmt: skip
    _verify_published(page, url, tmp_path, app)

    # three drop-outs: the first takes the one reserve, then the pool must serve
    for n, reason in enumerate(["moved away", "no time", "changed jobs"], start=1):
        committed_db.session.rollback()  # a fresh snapshot of what the server wrote
        run = committed_db.session.get(SelectionRun, run.id)
        panel = replacements.current_panel(run)[0]
        proposals = {
            k: replacements.proposal(replacements.replacement_candidates(run, k)) for k in panel
        }
        if n == 1:  # someone the one reserve can replace
            member = next(k for k, proposal in proposals.items() if proposal)
        else:  # the reserve is used: no reserve keeps the quotas, the pool serves
            member = panel[0]
            assert proposals[member] is None
        _replace(page, url, run, member, reason)
    before = _public(page, url, "replaced", "moved away", "no time", "changed jobs")

    # purge: the personal data go, the public page stays exactly as it was
    page.goto(url + "/sortition/klima/purge")
    a11y(page)
    page.get_by_label(
        "I understand: the personal data of this assembly are deleted for good."
    ).check()
    page.get_by_role("button", name="Delete the personal data now").click()
    expect(page.get_by_text("the public record is unchanged")).to_be_visible()
    a11y(page)
    after = _public(page, url, "replaced")
    assert re.sub(r'value="[^"]*"', "", after) == re.sub(r'value="[^"]*"', "", before)
    committed_db.session.rollback()  # a fresh snapshot of what the server wrote
    assembly = committed_db.session.scalars(db.select(Assembly).filter_by(slug="klima")).one()
    assert respondent_pool.respondents(assembly) == [] and assembly.purged_at is not None
    _verify_published(page, url, tmp_path / "after", app)
