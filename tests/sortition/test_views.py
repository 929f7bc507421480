"""Staff pages and the public transparency page, through the test client."""

import io
from datetime import UTC, datetime

import pytest

from office.sortition.services import pool as respondent_pool
from office.sortition.services import publication, replacements, runs
from tests.sortition.factories import (
    POOL_CSV,
    AssemblyFactory,
    assembly_with_pool,
    drawn_run,
    invited_assembly,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _finished_run(assembly, seed="published seed"):
    return drawn_run(assembly, seed)


@pytest.mark.parametrize("role", [None, "department_staff", "initiative_rep"])
def test_sortition_pages_are_for_office_staff_only(client, login_as, role):
    assembly = AssemblyFactory()
    if role:
        login_as(role)
    response = client.get(f"/sortition/{assembly.slug}/pool")
    assert response.status_code == (302 if role is None else 403)


def test_staff_create_an_assembly(client, login_as):
    login_as("office_staff")
    response = client.post(
        "/sortition/new",
        data={
            "title": "Bürgerrat Klima",
            "slug": "klima",
            "panel_size": "30",
            "reserve_size": "10",
            "household_rule": "y",
            "purge_after_days": "90",
            "process_id": "0",
        },
        follow_redirects=True,
    )
    assert "The assembly was saved." in response.text and "Bürgerrat Klima" in response.text


def test_pool_upload_shows_a_preview_then_imports(client, login_as):
    login_as("office_staff")
    assembly = invited_assembly()
    response = client.post(
        f"/sortition/{assembly.slug}/pool",
        data={"file": (io.BytesIO(POOL_CSV.encode()), "pool.csv")},
        content_type="multipart/form-data",
    )
    assert "12 respondents, no problems. Features: gender, age." in response.text
    assert respondent_pool.respondents(assembly) == []  # a preview stores nothing
    token = response.text.split(f"/sortition/{assembly.slug}/pool/")[1].split('"')[0]
    response = client.post(f"/sortition/{assembly.slug}/pool/{token}", follow_redirects=True)
    assert "12 respondents imported." in response.text
    assert len(respondent_pool.respondents(assembly)) == 12


def test_pool_upload_with_unknown_categories_lists_the_rows(client, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    bad = POOL_CSV.replace(",f,old\n", ",divers,old\n")
    response = client.post(
        f"/sortition/{assembly.slug}/pool",
        data={"file": (io.BytesIO(bad.encode()), "pool.csv")},
        content_type="multipart/form-data",
    )
    assert "Problems in the file – nothing was imported" in response.text
    assert response.text.count("Unknown category “divers” for gender.") == 4  # P01, P05, P07, P11


def test_quotas_form_refuses_minimum_above_maximum(client, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    data = {f"q-{i}-min": "1" for i in range(4)} | {f"q-{i}-max": "3" for i in range(4)}
    data["q-0-min"] = "4"
    response = client.post(f"/sortition/{assembly.slug}/quotas", data=data)
    assert "the minimum is above the maximum" in response.text
    assert [q.minimum for q in assembly.quotas] == [2, 2, 1, 2]


def test_infeasible_quotas_are_explained_and_nothing_runs(client, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    rows = runs.quota_snapshot(assembly)
    rows[2]["minimum"] = rows[2]["maximum"] = 5  # five young seats, but only four young people
    respondent_pool.save_quotas(assembly, rows)
    response = client.post(f"/sortition/{assembly.slug}/run", data={"algorithm": "leximin"})
    assert (
        "age – young: the minimum needs 1 more respondent than the 4 in the pool." in response.text
    )
    assert runs.active_run(assembly) is None


def test_result_page_shows_panel_probabilities_checks_and_exports(client, login_as):
    login_as("office_staff")
    run = _finished_run(assembly_with_pool())
    page = client.get(f"/sortition/runs/{run.id}/result").text
    assert "Every quota holds: yes." in page and "LEXIMIN" in page and "HiGHS" in page
    assert "published seed" in page and run.pool_checksum in page
    csv_text = client.get(f"/sortition/runs/{run.id}/panel.csv").text
    assert csv_text.count("\npanel,") == 4 and csv_text.count("\nreserve,") == 2
    pdf = client.get(f"/sortition/runs/{run.id}/report.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "Reserves, in order" in client.get(f"/sortition/runs/{run.id}/print").text


def test_replacing_a_drop_out_records_it_on_the_result(client, login_as):
    login_as("office_staff")
    run = _finished_run(assembly_with_pool(reserve_size=6))
    proposals = {
        k: replacements.proposal(replacements.replacement_candidates(run, k))
        for k in run.result["panel"]
    }
    member, chosen = next((k, p.key) for k, p in proposals.items() if p is not None)
    proposal_page = client.get(f"/sortition/runs/{run.id}/replace/{member}").text
    assert "the first reserve whose seat keeps every quota" in proposal_page
    response = client.post(
        f"/sortition/runs/{run.id}/replace/{member}",
        data={"choice": chosen, "reason": "moved away"},
        follow_redirects=True,
    )
    assert f"takes the seat of {member}" in response.text
    assert "(replacement)" in response.text


@pytest.mark.parametrize(
    ("locale", "heading"),
    [
        ("de", "Wie die Mitglieder ausgewählt wurden"),
        ("da", "Sådan blev medlemmerne udvalgt"),
        ("en", "How the members were chosen"),
    ],
)
def test_public_page_in_three_languages_without_personal_data(client, login_as, locale, heading):
    assembly = assembly_with_pool(published=True)
    _finished_run(assembly)
    client.post("/language", data={"locale": locale})
    page = client.get(f"/assemblies/{assembly.slug}", headers={"Accept-Language": locale}).text
    assert heading in page
    assert "published seed" in page and "young" in page
    assert "Person 1" not in page and "P01" not in page and "@example.org" not in page


@pytest.mark.parametrize(
    ("locale", "comma", "percent"), [("de", ",", "\xa0%"), ("da", ",", "\xa0%"), ("en", ".", "%")]
)
def test_probabilities_are_written_the_way_the_language_writes_numbers(
    client, login_as, locale, comma, percent
):
    login_as("office_staff")
    assembly = assembly_with_pool(published=True)
    run = _finished_run(assembly)
    client.post("/language", data={"locale": locale})
    lowest = run.summary["lowest"] * 100
    result = client.get(f"/sortition/runs/{run.id}/result").text
    assert f"{lowest:.2f}".replace(".", comma) + percent in result
    assert f"{assembly.panel_size:.4f}".replace(".", comma) in result  # probabilities add up to
    public = client.get(f"/assemblies/{assembly.slug}").text
    assert f"{lowest:.1f}".replace(".", comma) + percent in public
    if comma == ",":
        assert f"{lowest:.2f} %" not in result
    # the stored solver note is shown in the reader's language
    assert "(LP and committees)" not in result
    assert {"de": "Suche nach Gremien", "da": "søgning efter paneler", "en": "panel search"}[
        locale
    ] in result


@pytest.mark.parametrize(
    ("algorithm", "named", "locale"),
    [
        ("leximin", "the LEXIMIN method", "en"),
        ("maximin", "the maximin method", "en"),
        ("nash", "the Nash welfare method", "en"),
        ("maximin", "das Maximin-Verfahren", "de"),
        ("maximin", "maximin-metoden", "da"),
    ],
)
def test_the_public_page_explains_the_method_that_drew_the_panel(
    client, login_as, algorithm, named, locale
):
    """The demo's assembly was drawn by maximin while its page explained LEXIMIN."""
    assembly = assembly_with_pool(published=True)
    drawn_run(assembly, algorithm=algorithm)
    client.post("/language", data={"locale": locale})
    page = client.get(f"/assemblies/{assembly.slug}").text
    assert named in page
    others = {"leximin": "LEXIMIN", "maximin": "aximin", "nash": "Nash"}
    assert not [m for a, m in others.items() if a != algorithm and m in page.split("<dl")[0]]


def test_unpublished_public_page_is_not_found(client):
    assembly = assembly_with_pool(published=False)
    assert client.get(f"/assemblies/{assembly.slug}").status_code == 404


def test_cancelling_from_the_run_page_stops_a_queued_run(client, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    response = client.post(f"/sortition/{assembly.slug}/run", data={"algorithm": "maximin"})
    run_url = response.location
    assert client.get(run_url + "/status.json").json == {
        "status": "queued",
        "progress": 0.0,
        "finished": False,
    }
    page = client.post(run_url + "/cancel", follow_redirects=True).text
    assert "The selection will stop." in page and "cancelled" in page
    assert client.get(run_url + "/status.json").json["finished"] is True


def test_withdrawing_a_respondent_from_the_pool_page(client, login_as):
    login_as("office_staff")
    assembly = assembly_with_pool()
    respondent = respondent_pool.respondents(assembly)[0]
    page = client.post(
        f"/sortition/{assembly.slug}/respondents/{respondent.id}/withdraw", follow_redirects=True
    ).text
    assert f"{respondent.external_id} withdrew." in page
    assert respondent.withdrawn


def test_the_public_page_names_categories_as_the_office_labels_them(client, login_as):
    assembly = assembly_with_pool(slug="named")
    drawn_run(assembly)
    login_as("office_staff")
    keys = respondent_pool.label_keys(assembly)
    i = keys.index(("gender", "f"))
    j = keys.index(("gender", None))
    names = {f"label-{i}-de": "Frauen", f"label-{i}-da": "Kvinder", f"label-{i}-en": "Women",
             f"label-{j}-da": "Køn"}  # fmt: skip
    response = client.post("/sortition/named/labels", data=names, follow_redirects=True)
    assert "The names for the public page were saved." in response.text
    client.post("/language", data={"locale": "da"})
    page = client.get("/assemblies/named").text
    assert "<td>Kvinder</td>" in page and "<td>Køn</td>" in page and "<td>m</td>" in page
    client.post("/language", data={"locale": "de"})
    assert "<td>Frauen</td>" in client.get("/assemblies/named").text


def test_taking_the_public_page_offline_and_online_is_in_the_audit_log(client, login_as):
    assembly = assembly_with_pool(slug="toggled")
    login_as("office_staff")
    client.post("/sortition/toggled/publish")
    assert client.get("/assemblies/toggled").status_code == 200
    client.post("/sortition/toggled/publish")
    assert client.get("/assemblies/toggled").status_code == 404
    overview = client.get("/sortition/toggled").text
    assert "public page put online" in overview and "public page taken offline" in overview
    actions = [e.action for e in publication.audit_log(assembly)][:2]
    assert actions == ["sortition.page_offline", "sortition.page_online"]  # newest first


@pytest.mark.parametrize(
    ("locale", "one", "twelve"),
    [
        ("de", "1 Rückmeldung, keine Fehler.", "12 Rückmeldungen, keine Fehler."),
        ("da", "1 svar, ingen fejl.", "12 svar, ingen fejl."),
        ("en", "1 respondent, no problems.", "12 respondents, no problems."),
    ],
)
def test_pool_preview_counts_with_the_languages_plural(client, login_as, locale, one, twelve):
    login_as("office_staff")
    assembly = invited_assembly()
    client.post("/language", data={"locale": locale})
    single = "\n".join(POOL_CSV.splitlines()[:2]) + "\n"
    for csv, expected in ((single, one), (POOL_CSV, twelve)):
        response = client.post(
            f"/sortition/{assembly.slug}/pool",
            data={"file": (io.BytesIO(csv.encode()), "pool.csv")},
            content_type="multipart/form-data", headers={"Accept-Language": locale},
        )  # fmt: skip
        assert expected in response.text
