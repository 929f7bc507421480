"""Register -> invitation -> answer -> pool: numbered draws, invited people only, answers per
stratum, letters in the resident's language, and a public page that tells what happened."""

import csv
import io

import pytest

from office.core.errors import DomainError
from office.sortition.models import RegisterEntry
from office.sortition.services import errors, invitations, publication
from office.sortition.services import pool as respondent_pool
from tests.sortition.factories import (
    NOW,
    POOL_CSV,
    REGISTER_CSV,
    AssemblyFactory,
    assembly_with_pool,
    drawn_run,
    invited_assembly,
)


def _entry(db, assembly, external_id):
    return (
        db.session.query(RegisterEntry)
        .filter_by(assembly_id=assembly.id, external_id=external_id)
        .one()
    )


def test_a_pool_with_ids_never_invited_names_each_line_and_imports_nothing(db):
    assembly = invited_assembly()
    unknown = POOL_CSV.replace("P03,", "X03,").replace("P07,", "X07,")
    with pytest.raises(errors.ImportRejected) as err:
        respondent_pool.import_pool(assembly, unknown.encode())
    assert [str(p) for p in err.value.problems] == [
        "Line 4: X03 was not invited.",
        "Line 8: X07 was not invited.",
    ]
    assert respondent_pool.respondents(assembly) == []


def test_a_pool_before_any_invitation_is_refused(db):
    assembly = AssemblyFactory()
    with pytest.raises(errors.ImportRejected) as err:
        respondent_pool.import_pool(assembly, POOL_CSV.encode())
    assert "Draw the invitations first" in str(err.value.problems[0])


def test_respondents_may_give_their_invitation_code(db):
    assembly = invited_assembly()
    code = _entry(db, assembly, "P05").invitation_code
    respondent_pool.import_pool(assembly, POOL_CSV.replace("P05,", f"{code.lower()},").encode())
    assert "P05" in {r.external_id for r in respondent_pool.respondents(assembly)}
    assert _entry(db, assembly, "P05").answer == "yes"


def test_answers_are_tracked_per_invitation_with_the_rate_per_stratum(db):
    assembly = invited_assembly()
    respondent_pool.import_pool(
        assembly, POOL_CSV.replace("P01,", "P99,").replace("P99,", "P01,").encode()
    )
    answers = "id,answer\nP02,no\nP08,unreachable\n"
    bad = answers + "R77,no\nP03,maybe\n"
    with pytest.raises(errors.ImportRejected) as err:
        invitations.import_answers(assembly, bad.encode(), None, NOW)
    assert [p.row for p in err.value.problems] == [4, 5]
    invitations.import_answers(assembly, answers.encode(), None, NOW)
    respondent = next(r for r in respondent_pool.respondents(assembly) if r.external_id == "P04")
    respondent_pool.set_withdrawn(respondent, True, NOW)
    table = invitations.response_table(assembly)
    assert table["north"]["no"] == 1 and table["north"]["withdrew"] == 1
    assert table["south"]["unreachable"] == 1 and table["south"]["yes"] == 5
    assert table["north"]["rate"] == pytest.approx(4 / 6)
    assert [e.action for e in publication.audit_log(assembly)].count("sortition.answers") == 1


def test_a_stratified_lottery_is_numbered_needs_a_reason_to_redraw_and_is_public(client, db):
    assembly = AssemblyFactory(slug="strata", published=True)
    invitations.import_register(assembly, REGISTER_CSV.encode())
    with pytest.raises(DomainError, match="No one in the register is in: east"):
        invitations.draw_invitations(assembly, 4, "s", False, NOW, weights={"east": 2})
    invitations.draw_invitations(assembly, 4, "first seed", False, NOW, weights={"south": 3})
    with pytest.raises(DomainError, match="Say why"):
        invitations.draw_invitations(assembly, 6, "second seed", False, NOW)
    invitations.draw_invitations(
        assembly, 12, "second seed", True, NOW, weights={"south": 3}, reason="letters lost"
    )
    draw = invitations.counting_draw(assembly)
    assert (draw.attempt, draw.requested, draw.drawn) == (2, 12, 11)  # 11 households
    page = client.get("/assemblies/strata").get_data(as_text=True)
    assert "11 invitations were drawn" in page and "12 invitations were drawn" not in page
    assert "The lottery was stratified" in page and "letters lost" in page
    assert "At most one person per household was invited" in page
    assert "first seed" in page and "second seed" in page


def test_letters_are_in_the_residents_language(db):
    assembly = AssemblyFactory(title="Klimarat")
    register = "id,name,address,postcode,language\nA1,Ane,Vej 1,1000,da\nB1,Bea,Weg 1,34117,\n"
    invitations.import_register(assembly, register.encode())
    invitations.draw_invitations(assembly, 2, "seed", False, NOW)
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(invitations.invitations_csv(assembly).lstrip("\ufeff")))
    }
    assert rows["A1"]["language"] == "da" and "Kære Ane" in rows["A1"]["letter"]
    assert rows["B1"]["language"] == "de" and "Guten Tag Bea" in rows["B1"]["letter"]
    assert rows["A1"]["code"] in rows["A1"]["letter"]


def test_public_page_counts_drawn_answers_pool_and_panel(client, db):
    assembly = assembly_with_pool(slug="truth", published=True)
    withdrawn = respondent_pool.respondents(assembly)[0]
    respondent_pool.set_withdrawn(withdrawn, True, NOW)
    drawn_run(assembly)
    page = client.get("/assemblies/truth").get_data(as_text=True)
    assert "12 invitations were drawn by lot from the population register of 12" in page
    assert "12 said yes" in page and "1 withdrew later" in page
    assert "Respondents who could be drawn</dt><dd>11<" in page
