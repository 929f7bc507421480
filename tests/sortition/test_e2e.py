"""In a real browser: staff run the whole pipeline on a small assembly; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from office.sortition.services import jobs
from tests.conftest import a11y
from tests.factories import PASSWORD, UserFactory
from tests.sortition.factories import POOL_CSV, REGISTER_CSV, AssemblyFactory

pytestmark = pytest.mark.e2e


def _log_in(page, live_server, email):
    page.goto(live_server.url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)


def test_staff_run_the_pipeline_and_publish(page, live_server, committed_db):
    UserFactory(email="sortition@example.org", roles=["office_staff"])
    AssemblyFactory(slug="klima", title="Bürgerrat Klima", panel_size=4, reserve_size=4)
    committed_db.session.commit()
    _log_in(page, live_server, "sortition@example.org")

    # register extract and invitation lottery
    page.goto(live_server.url + "/sortition/klima/register")
    a11y(page)
    page.set_input_files(
        "#file",
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": REGISTER_CSV.encode()}],
    )
    page.get_by_role("button", name="Import register extract").click()
    expect(page.get_by_text("12 people imported from the register extract.")).to_be_visible()
    a11y(page)
    page.get_by_label("Invitations to draw").fill("12")
    page.locator("#draw-seed").fill("2026-11-14 Lotto")
    page.get_by_label("At most one invitation per household").uncheck()
    page.get_by_role("button", name="Draw invitations").click()
    expect(page.get_by_text("12 invitations drawn.")).to_be_visible()
    a11y(page)

    # respondents: check the file, then import it
    page.goto(live_server.url + "/sortition/klima/pool")
    a11y(page)
    page.set_input_files(
        "#file", files=[{"name": "pool.csv", "mimeType": "text/csv", "buffer": POOL_CSV.encode()}]
    )
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("12 respondents, no problems.")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Import 12 respondents").click()
    expect(page.get_by_text("12 respondents imported.")).to_be_visible()
    a11y(page)

    # quotas: derive gender from shares, type in age
    page.get_by_role("link", name="Quotas").first.click()
    a11y(page)
    gender = page.locator("form.shares").filter(has_text="gender")
    gender.get_by_label("f", exact=True).fill("50")
    gender.get_by_label("m", exact=True).fill("50")
    gender.get_by_label("Tolerance (seats)").fill("0")
    gender.get_by_role("button", name="Derive quotas for gender").click()
    expect(page.get_by_text("Quotas for gender derived from population shares.")).to_be_visible()
    a11y(page)
    page.fill("#q-0-min", "1")  # age: old 1-3, young 1-3
    page.fill("#q-0-max", "3")
    page.fill("#q-1-min", "1")
    page.fill("#q-1-max", "3")
    page.get_by_role("button", name="Save quotas").click()
    expect(page.get_by_text("The quotas were saved.")).to_be_visible()
    a11y(page)

    # selection in the background
    page.get_by_role("link", name="Selection", exact=True).click()
    a11y(page)
    page.get_by_role("button", name="Start the selection").click()
    expect(page.get_by_text("waiting to start")).to_be_visible()
    a11y(page)
    assert [status for _id, status in jobs.run_pending()] == ["done"]  # the worker
    page.reload()
    a11y(page)
    # commit, then reveal: the seed is refused before the commitment is published
    page.locator("#seed-seed").fill("2026-11-21 Lotto")
    page.get_by_role("button", name="Draw the panel with this seed").click()
    expect(page.locator("#seed-seed-error")).to_contain_text("Publish the commitment first")
    a11y(page)
    page.get_by_label("Public source of the seed").fill("Lotto 6 aus 49 of 21 November 2026")
    page.get_by_role("button", name="Publish the commitment").click()
    expect(page.get_by_text("The commitment is published.")).to_be_visible()
    a11y(page)
    page.locator("#seed-seed").fill("2026-11-21 Lotto")
    page.get_by_role("button", name="Draw the panel with this seed").click()
    expect(page.get_by_text("Every quota holds: yes.")).to_be_visible()
    expect(page.get_by_text("Probabilities add up to 4.0000")).to_be_visible()
    a11y(page)

    # a drop-out is replaced from the reserves
    page.get_by_role("link", name="Replace").first.click()
    expect(page.get_by_text("the first reserve whose seat keeps every quota")).to_be_visible()
    a11y(page)
    page.get_by_label("Reason").fill("moved away")
    page.get_by_role("button", name="Record the replacement").click()
    expect(page.get_by_text("(replacement)")).to_be_visible()
    expect(page.get_by_text("Every quota holds: yes.")).to_be_visible()
    a11y(page)

    # publish the public page and look at it
    page.get_by_role("link", name="Overview").click()
    a11y(page)
    expect(page.get_by_text("The public page is online:")).to_be_visible()
    a11y(page)
    page.goto(live_server.url + "/assemblies/klima")
    expect(page.get_by_role("heading", name="How the members were chosen")).to_be_visible()
    expect(page.get_by_text("2026-11-21 Lotto").first).to_be_visible()
    expect(page.get_by_text("Lotto 6 aus 49 of 21 November 2026")).to_be_visible()
    assert "Person 1" not in page.content()
    a11y(page)
