"""Services: imports all-or-nothing, invitation lottery, quotas, runs, replacements, purge."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from office.core.errors import DomainError
from office.sortition.models import RegisterEntry, Respondent, SelectionRun
from office.sortition.selection import engine
from office.sortition.services import errors, invitations, privacy, replacements, runs
from office.sortition.services import pool as respondent_pool
from tests.sortition.factories import (
    POOL_CSV,
    AssemblyFactory,
    assembly_with_pool,
    drawn_run,
    invited_assembly,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
REGISTER_CSV = "id;name;address;postcode;household\n" + "".join(
    f"R{i:03d};Name {i};Street {i // 2};34117;\n" for i in range(1, 41)
)


def _run_to_the_end(db, assembly, algorithm="leximin", seed="seed"):
    return drawn_run(assembly, seed, algorithm=algorithm)


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            POOL_CSV.replace("P02,Person 2", "P01,Person 2"),
            "Line 3: The id P01 appears already on line 2.",
        ),
        (POOL_CSV.replace(",f,old\n", ",x,old\n", 1), "Line 2: Unknown category “x” for gender."),
        (POOL_CSV.replace(",age\n", ",ages\n", 1), "Line 1: Missing columns: age."),
        (POOL_CSV.replace(",m,young\n", ",,young\n", 1), "is empty"),
    ],
)
def test_import_pool_with_a_bad_row_stores_nothing_and_names_the_row(db, csv_text, expected):
    assembly = assembly_with_pool()
    before = len(respondent_pool.respondents(assembly))
    with pytest.raises(errors.ImportRejected) as err:
        respondent_pool.import_pool(assembly, csv_text.encode())
    assert any(expected in str(p) for p in err.value.problems)
    assert len(respondent_pool.respondents(assembly)) == before


def test_import_pool_in_the_wrong_encoding_is_refused_with_a_clear_message(db):
    assembly = invited_assembly()
    data = (POOL_CSV + "P99,Jürgen Größ,j@example.org,h99,m,old\n").encode("latin-1")
    with pytest.raises(errors.ImportRejected) as err:
        respondent_pool.import_pool(assembly, data)
    assert "not UTF-8" in str(err.value.problems[0]) and err.value.problems[0].row == 14
    assert respondent_pool.respondents(assembly) == []


def test_register_import_and_invitation_draw_are_reproducible(db):
    assembly = AssemblyFactory()
    assert invitations.import_register(assembly, REGISTER_CSV.encode()) == 40
    first = invitations.draw_invitations(assembly, 10, "lotto 3 11 19", True, NOW)
    with pytest.raises(DomainError, match="Say why"):
        invitations.draw_invitations(assembly, 10, "lotto 3 11 19", True, NOW)
    again = invitations.draw_invitations(assembly, 10, "lotto 3 11 19", True, NOW, reason="check")
    assert first == again and len(first) == 10
    assert [d.attempt for d in invitations.invitation_draws(assembly)] == [1, 2]
    households = db.session.scalars(
        sa.select(RegisterEntry.household_key).filter(RegisterEntry.invitation_rank.is_not(None))
    ).all()
    assert len(set(households)) == 10  # one per household (two people per street number)
    lines = invitations.invitations_csv(assembly).lstrip("\ufeff").splitlines()
    assert lines[0] == "rank,id,code,name,address,postcode,language,letter"
    assert lines[1].startswith(f"1,{first[0]},")


def test_register_with_duplicate_ids_is_refused(db):
    assembly = AssemblyFactory()
    with pytest.raises(errors.ImportRejected) as err:
        invitations.import_register(assembly, (REGISTER_CSV + "R001;X;Y;1;\n").encode())
    assert "Line 42" in str(err.value.problems[0])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegisterEntry)) == 0


def test_quotas_derived_from_shares_keep_other_features(db):
    assembly = assembly_with_pool(panel_size=10)
    respondent_pool.derive_quotas(assembly, "age", {"young": 30, "old": 70}, 1)
    rows = {
        (q.feature, q.category): (q.minimum, q.maximum, q.population_share) for q in assembly.quotas
    }
    assert rows[("age", "young")] == (2, 4, pytest.approx(0.3))
    assert rows[("age", "old")] == (6, 8, pytest.approx(0.7))
    assert rows[("gender", "f")][:2] == (2, 2)


def test_minimums_above_the_panel_size_refuse_the_run_and_store_nothing(db):
    assembly = assembly_with_pool()
    quotas = [dict(q) for q in runs.quota_snapshot(assembly)]
    quotas[0]["minimum"] = quotas[0]["maximum"] = 4  # 4 women + 2 men > 4 seats
    respondent_pool.save_quotas(assembly, quotas)
    with pytest.raises(errors.QuotasInfeasible) as err:
        runs.start_run(assembly, "leximin", "", None, NOW)
    assert [(p.kind, p.feature, p.amount) for p in err.value.problems] == [
        ("minimums_exceed_panel", "gender", 2)
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SelectionRun)) == 0


def test_withdrawn_respondents_are_not_selected(db):
    assembly = assembly_with_pool()
    withdrawn = db.session.scalar(sa.select(Respondent).filter_by(external_id="P01"))
    respondent_pool.set_withdrawn(withdrawn, True, NOW)
    run = _run_to_the_end(db, assembly)
    assert "P01" not in run.result["probabilities"]
    assert run.summary["pool_size"] == 11


def test_stored_result_is_verified_and_records_how_it_ran(db):
    assembly = assembly_with_pool()
    run = _run_to_the_end(db, assembly)
    assert run.status == "done" and run.algorithm == "leximin"
    assert run.solver.startswith("HiGHS") and run.library_version == engine.library_version()
    assert len(run.pool_checksum) == 64 and len(run.quota_checksum) == 64
    assert all(row["holds"] for row in replacements.quota_table(run))
    assert sum(run.result["probabilities"].values()) == pytest.approx(4)
    assert run.summary["lowest"] <= run.summary["bound"] + 1e-6


def test_replacement_keeps_every_quota_and_is_recorded(db):
    assembly = assembly_with_pool(reserve_size=6)
    run = _run_to_the_end(db, assembly)
    proposals = {
        k: replacements.proposal(replacements.replacement_candidates(run, k))
        for k in run.result["panel"]
    }
    dropped, proposal = next((k, p) for k, p in proposals.items() if p is not None)
    replacements.replace_member(run, dropped, proposal.key, "moved away", None, NOW)
    panel, reserves = replacements.current_panel(run)
    assert dropped not in panel and proposal.key in panel and proposal.key not in reserves
    assert all(row["holds"] for row in replacements.quota_table(run))
    assert run.replacements[0].reason == "moved away" and run.replacements[0].source == "reserve"
    with pytest.raises(DomainError):  # no longer on the panel
        replacements.replace_member(run, dropped, reserves[0], "again", None, NOW)


def test_purge_deletes_personal_data_and_keeps_the_anonymous_result(db):
    assembly = assembly_with_pool(ends_on=date(2026, 1, 1), purge_after_days=30)
    run = _run_to_the_end(db, assembly)
    assert assembly in privacy.purge_due(NOW)
    privacy.purge_assembly(assembly, NOW)
    assert respondent_pool.respondents(assembly) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegisterEntry)) == 0
    assert run.result is None and len(run.profile) == 12
    assert "name" not in str(run.profile) and "P01" not in str(run.profile)
    assert all(row["holds"] for row in replacements.quota_table(run))
    assert privacy.purge_due(NOW) == []


def test_personal_data_export_and_erasure_by_email(db):
    from office.core.registry import PERSONAL_DATA

    assembly_with_pool()
    handler = PERSONAL_DATA["sortition"]
    exported = handler.export("P3@example.org")
    assert exported["respondents"][0]["name"] == "Person 3"
    assert handler.erase("p3@example.org") == 1
    assert handler.export("p3@example.org") == {"respondents": []}


def test_purge_command_purges_only_assemblies_past_their_retention(app, db):
    due = assembly_with_pool(ends_on=date(2020, 1, 1), purge_after_days=30)
    kept = assembly_with_pool(ends_on=date(2099, 1, 1))
    result = app.test_cli_runner().invoke(args=["sortition", "purge"])
    assert f"purged {due.slug}" in result.output and "1 assemblies purged" in result.output
    assert respondent_pool.respondents(due) == [] and len(respondent_pool.respondents(kept)) == 12


def test_the_register_cannot_be_replaced_once_drawn_from(db):
    assembly = invited_assembly()
    with pytest.raises(DomainError, match="can no longer be replaced"):
        invitations.import_register(assembly, REGISTER_CSV.encode())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegisterEntry)) == 12
