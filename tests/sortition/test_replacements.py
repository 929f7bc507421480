"""Every drop-out can be replaced, every replacement is public, and the purge keeps the record."""

import re

import pytest
import sqlalchemy as sa

from office.core.errors import DomainError
from office.sortition.models import Respondent
from office.sortition.services import pool as respondent_pool
from office.sortition.services import publication, replacements
from tests.sortition.factories import NOW, assembly_with_pool, drawn_run


def _main(html: str) -> str:
    """The page's content, without the parts that differ per request (CSRF token, nonce)."""
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    return re.sub(r'(nonce|value)="[^"]*"', "", main)


def _gender(run, key):
    return run.result["features"][key]["gender"]


def test_without_reserves_the_pool_offers_members_who_keep_every_quota(db):
    run = drawn_run(assembly_with_pool(reserve_size=0))
    dropped = run.result["panel"][0]
    candidates = replacements.replacement_candidates(run, dropped)
    assert replacements.proposal(candidates) is None  # no reserve: the office chooses
    assert candidates[0].source == "pool" and candidates[0].keeps_quotas
    with pytest.raises(DomainError, match="Give the reason"):
        replacements.replace_member(run, dropped, candidates[0].key, " ", None, NOW)
    replacement = replacements.replace_member(run, dropped, candidates[0].key, "moved", None, NOW)
    assert replacement.source == "pool" and replacement.broken == []
    assert all(row["holds"] for row in replacements.quota_table(run))


def test_when_nobody_keeps_the_quotas_the_least_breaking_comes_first_and_is_public(client, db):
    assembly = assembly_with_pool(slug="breaks", reserve_size=0)
    run = drawn_run(assembly)
    dropped = run.result["panel"][0]
    gender = _gender(run, dropped)
    for r in db.session.scalars(sa.select(Respondent).filter_by(assembly_id=assembly.id)):
        if r.features["gender"] == gender and r.external_id not in run.result["panel"]:
            respondent_pool.set_withdrawn(r, True, NOW)  # nobody of the same gender is left
    candidates = replacements.replacement_candidates(run, dropped)
    assert candidates and not any(c.keeps_quotas for c in candidates)
    best = candidates[0]
    assert [(q.feature, q.category) for q, _n in best.broken][0][0] == "gender"
    replacements.replace_member(
        run, dropped, best.key, "moved away, nobody of the group left", None, NOW
    )
    table = {(row["feature"], row["category"]): row for row in replacements.quota_table(run)}
    assert not table[("gender", gender)]["holds"]
    page = client.get("/assemblies/breaks").get_data(as_text=True)
    assert (
        "moved away, nobody of the group left" in page
        and run.replacements[0].dropped_pseudonym in page
    )
    assert f"gender – {gender}: 1 seat<" in page or f"gender – {gender}: 1 seat;" in page
    assert "1 seats" not in page
    assert "sortition.replacement" in [e.action for e in publication.audit_log(assembly)]


def test_purge_keeps_the_public_record_exactly(client, login_as, db):
    assembly = assembly_with_pool(slug="kept", reserve_size=3)
    run = drawn_run(assembly)
    dropped = run.result["panel"][0]
    chosen = replacements.replacement_candidates(run, dropped)[0].key
    replacements.replace_member(run, dropped, chosen, "moved away", None, NOW)
    public = _main(client.get("/assemblies/kept").get_data(as_text=True))
    files = {n: client.get(f"/assemblies/kept/attempts/1/{n}").data for n in run.public_files}
    login_as("office_staff")
    refused = client.post("/sortition/kept/purge", data={})
    assert "deleted for good" in refused.text and respondent_pool.respondents(assembly)
    done = client.post("/sortition/kept/purge", data={"confirm": "y"}, follow_redirects=True)
    assert "the public record is unchanged" in done.text
    assert respondent_pool.respondents(assembly) == [] and run.result is None
    assert run.replacements[0].replacement_external_id == ""
    client.get("/account/logout")
    assert _main(client.get("/assemblies/kept").get_data(as_text=True)) == public
    assert {n: client.get(f"/assemblies/kept/attempts/1/{n}").data for n in files} == files
    assert "sortition.purge" in [e.action for e in publication.audit_log(assembly)]
