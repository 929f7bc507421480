"""One CSV writer (office/core/spreadsheets.py) for every CSV a person downloads: formula cells
guarded, the separator and decimal mark of the reader's language."""

import csv
import io
import re
from pathlib import Path

from office.sortition.services import pool as respondent_pool
from tests.sortition.factories import assembly_with_pool, drawn_run

OFFICE = Path(__file__).resolve().parents[2] / "office"
#: machine files, never meant for a spreadsheet: the published selection record, hashed byte
#: for byte by the verifier (office/sortition/selection/verify.py), and the exchange files in
#: the exact format of the sortition-algorithms library
MACHINE_FILES = {"sortition/services/publication.py", "sortition/services/exchange.py"}


def test_no_module_writes_csv_on_its_own():
    writers = {
        str(path.relative_to(OFFICE))
        for path in OFFICE.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    }
    assert writers - MACHINE_FILES == {"core/spreadsheets.py"}


def test_selection_panel_opens_in_a_german_spreadsheet(client, db, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    run = drawn_run(assembly)
    person = next(
        p for p in respondent_pool.respondents(assembly) if p.external_id in run.result["panel"]
    )
    person.name = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    with client.session_transaction() as session:
        session["locale"] = "de"
    text = client.get(f"/sortition/runs/{run.id}/panel.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == ["role", "position", "id", "name", "contact", "probability"]
    names = [r[3] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert all("." not in r[5] for r in rows[1:]) and any("," in r[5] for r in rows[1:])  # 0,5
