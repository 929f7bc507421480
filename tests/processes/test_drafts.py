"""Draft recommendations: the comment period, residents' comments and their moderation, the
assembly's vote and minority statements, and the removal of commenters' names."""

from datetime import timedelta

import pytest

from office.core.clock import local_now, utcnow
from office.core.errors import DomainError
from office.processes.models import MinorityStatement, Recommendation, RecommendationComment
from office.processes.services import drafts
from tests.processes.factories import ProcessFactory, RecommendationFactory
from tests.sortition.factories import AssemblyFactory

DAY = timedelta(days=1)


def _today():
    return local_now().date()


def _open_draft(db, **fields) -> Recommendation:
    """A draft of a public process, open for comment from yesterday to in a week."""
    rec = RecommendationFactory(
        stage="open_for_comment", comment_opens_on=_today() - DAY,
        comment_closes_on=_today() + 7 * DAY, **fields,
    )  # fmt: skip
    db.session.commit()
    return rec


def _comment_data(**changes) -> dict:
    return {"name": "Aylin", "email": "Aylin@Example.org", "text": "Bitte auch Mieter fördern.",
            "consent": "y", **changes}  # fmt: skip


# --- services ------------------------------------------------------------------------------


def test_open_for_comment_a_draft_sets_the_period(db):
    rec = RecommendationFactory(stage="draft")
    drafts.open_for_comment(rec, _today(), _today() + 14 * DAY, _today())
    assert (rec.stage, rec.comment_closes_on) == ("open_for_comment", _today() + 14 * DAY)


def test_open_for_comment_on_an_internal_process_is_refused(db):
    rec = RecommendationFactory(stage="draft", process=ProcessFactory(is_public=False))
    with pytest.raises(DomainError, match="public process"):
        drafts.open_for_comment(rec, _today(), _today() + 14 * DAY, _today())
    assert rec.stage == "draft"


def test_finalise_while_the_comment_period_runs_is_refused(db):
    rec = _open_draft(db)
    with pytest.raises(DomainError, match="still running"):
        drafts.finalise(rec, 20, 5, 1, _today())


def test_finalise_more_votes_than_seats_is_refused(db):
    rec = RecommendationFactory(stage="draft")
    AssemblyFactory(process=rec.process, panel_size=30)
    with pytest.raises(DomainError, match=r"More members voted \(31\) than the assembly has seats \(30\)"):
        drafts.finalise(rec, 25, 5, 1, _today())
    assert (rec.stage, rec.votes_for) == ("draft", None)
    drafts.finalise(rec, 24, 5, 1, _today())
    assert (rec.stage, rec.support_percent, rec.finalised_on) == ("final", 80, _today())


def test_minority_statement_needs_members_who_did_not_agree(db):
    rec = RecommendationFactory(stage="final", votes_for=20, votes_against=3, votes_abstained=1)
    with pytest.raises(DomainError, match=r"\(5\) than voted against or abstained \(4\)"):
        drafts.add_minority_statement(rec, "Wir sind dagegen.", 5)
    drafts.add_minority_statement(rec, "Wir sind dagegen.", 4)
    assert [(m.text, m.supporters) for m in rec.minority_statements] == [("Wir sind dagegen.", 4)]


def test_minority_statement_on_a_draft_is_refused(db):
    rec = RecommendationFactory(stage="draft")
    with pytest.raises(DomainError, match="vote first"):
        drafts.add_minority_statement(rec, "Dagegen.", 2)


# --- the public page -----------------------------------------------------------------------


def test_comment_during_the_period_waits_for_moderation(client, db, login_as):
    rec = _open_draft(db)
    answer = client.post(f"/processes/drafts/{rec.id}", data=_comment_data())
    assert answer.status_code == 302
    comment = db.session.query(RecommendationComment).one()
    assert (comment.email, comment.status, comment.consented_at is not None) == (
        "aylin@example.org", "pending", True)  # fmt: skip
    assert "Bitte auch Mieter" not in client.get(f"/processes/drafts/{rec.id}").get_data(True)
    login_as("office_staff")
    assert "Bitte auch Mieter" in client.get("/processes/comments").get_data(True)
    assert client.post(f"/processes/comments/{comment.id}/publish").status_code == 302
    client.post("/logout")
    assert "Bitte auch Mieter" in client.get(f"/processes/drafts/{rec.id}").get_data(True)


def test_published_comment_can_be_taken_down(client, db, login_as):
    rec = _open_draft(db)
    comment = RecommendationComment(recommendation=rec, name="X", email="x@x.org", text="Spam-Link",
                                    status="published", consented_at=utcnow())  # fmt: skip
    db.session.add(comment)
    db.session.commit()
    login_as("office_staff")
    page = client.get(f"/processes/recommendations/{rec.id}").get_data(True)
    assert "Spam-Link" in page and "Take down" in page
    client.post(f"/processes/comments/{comment.id}/reject", data={"back": "recommendation"})
    assert "Spam-Link" not in client.get(f"/processes/drafts/{rec.id}").get_data(True)


@pytest.mark.parametrize(
    ("stage", "opens", "closes"),
    [
        ("open_for_comment", -9, -1),  # the period is over
        ("open_for_comment", 1, 9),  # not begun
        ("final", -9, 9),  # final: no more comments
    ],
)
def test_comment_outside_the_period_is_refused_in_german(client, db, stage, opens, closes):
    rec = RecommendationFactory(stage=stage, comment_opens_on=_today() + opens * DAY,
                                comment_closes_on=_today() + closes * DAY)  # fmt: skip
    db.session.commit()
    client.post("/language", data={"locale": "de"})
    answer = client.post(f"/processes/drafts/{rec.id}", data=_comment_data())
    assert answer.status_code == 422
    assert "Diese Empfehlung nimmt zurzeit keine Kommentare an." in answer.get_data(True)
    assert db.session.query(RecommendationComment).count() == 0


def test_comment_without_consent_is_refused(client, db):
    rec = _open_draft(db)
    answer = client.post(f"/processes/drafts/{rec.id}", data=_comment_data(consent=""))
    assert answer.status_code == 422
    assert "Please agree to the publication of your comment." in answer.get_data(True)
    assert db.session.query(RecommendationComment).count() == 0


def test_draft_and_internal_recommendations_are_not_public(client, db):
    draft = RecommendationFactory(stage="draft")
    internal = RecommendationFactory(stage="open_for_comment", process=ProcessFactory(is_public=False))
    db.session.commit()
    assert client.get(f"/processes/drafts/{draft.id}").status_code == 404
    assert client.get(f"/processes/drafts/{internal.id}").status_code == 404


def test_comments_are_rate_limited(client, db):
    rec = _open_draft(db)
    codes = [client.post(f"/processes/drafts/{rec.id}", data=_comment_data(text=f"Nr. {n}")).status_code
             for n in range(11)]  # fmt: skip
    assert codes == [302] * 10 + [429]
    assert db.session.query(RecommendationComment).count() == 10


def test_process_page_lists_drafts_open_for_comment(client, db):
    rec = _open_draft(db, title="Wärmepumpen-Beratung")
    html = client.get(f"/processes/{rec.process_id}").get_data(True)
    assert "Draft recommendations: your comments" in html and "Wärmepumpen-Beratung" in html


# --- the staff page: the assembly's vote and minority statements ---------------------------


def test_staff_finalise_with_votes_that_do_not_add_up_is_422(client, db, login_as):
    rec = RecommendationFactory(stage="draft")
    AssemblyFactory(process=rec.process, panel_size=30)
    db.session.commit()
    login_as("office_staff")
    answer = client.post(f"/processes/recommendations/{rec.id}", data={
        "form": "support", "support-votes_for": "28", "support-votes_against": "3",
        "support-votes_abstained": "1"})  # fmt: skip
    assert answer.status_code == 422
    assert "More members voted (32) than the assembly has seats (30)." in answer.get_data(True)
    db.session.refresh(rec)
    assert (rec.stage, rec.votes_for) == ("draft", None)


def test_staff_finalise_then_minority_statement_shows_on_scorecard_and_api(client, db, login_as):
    rec = RecommendationFactory(stage="draft", title="Hitzeschutz")
    db.session.commit()
    login_as("office_staff")
    url = f"/processes/recommendations/{rec.id}"
    assert client.post(url, data={"form": "support", "support-votes_for": "26",
                                  "support-votes_against": "3",
                                  "support-votes_abstained": "1"}).status_code == 302  # fmt: skip
    refused = client.post(url, data={"form": "minority", "minority-text": "Zu teuer.",
                                     "minority-supporters": "5"})  # fmt: skip
    assert refused.status_code == 422 and db.session.query(MinorityStatement).count() == 0
    assert client.post(url, data={"form": "minority", "minority-text": "Zu teuer.",
                                  "minority-supporters": "4"}).status_code == 302  # fmt: skip
    client.post("/logout")
    html = client.get(f"/processes/{rec.process_id}/scorecard").get_data(True)
    assert "26 for, 3 against, 1 abstentions (87 % in favour)" in html
    assert "Minority statement (4 members)" in html and "Zu teuer." in html
    data = client.get(f"/api/v1/processes/{rec.process_id}").get_json()
    assert data["recommendations"][0]["support"] == {"for": 26, "against": 3, "abstained": 1}
    assert data["recommendations"][0]["minority_statements"] == [
        {"text": "Zu teuer.", "supporters": 4}]  # fmt: skip


def test_drafts_stay_off_the_scorecard_and_the_api(client, db):
    rec = _open_draft(db, title="Noch im Entwurf")
    assert "Noch im Entwurf" not in client.get(f"/processes/{rec.process_id}/scorecard").get_data(True)
    assert client.get(f"/api/v1/processes/{rec.process_id}").get_json()["recommendations"] == []


def test_answer_to_a_draft_is_refused(client, db, login_as):
    rec = _open_draft(db)
    login_as("office_staff")
    answer = client.post(f"/processes/recommendations/{rec.id}", data={
        "form": "answer", "answer-answer": "accepted", "answer-answer_committee": "Rat",
        "answer-answered_on": str(_today())})  # fmt: skip
    assert answer.status_code == 422
    assert "this one is not final yet" in answer.get_data(True)
    db.session.refresh(rec)
    assert rec.answer == "pending"


def test_commenter_can_export_and_erase_their_comments(db):
    from office.core.privacy import erase_everywhere, export_everywhere

    rec = _open_draft(db)
    db.session.add(RecommendationComment(recommendation=rec, name="Aylin", email="a@x.org",
                                         text="Mein Kommentar", consented_at=utcnow()))  # fmt: skip
    db.session.commit()
    exported = export_everywhere("A@x.org")
    assert "Mein Kommentar" in str(exported)
    erase_everywhere("a@x.org")
    assert db.session.query(RecommendationComment).count() == 0
