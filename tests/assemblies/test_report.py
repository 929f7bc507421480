"""The citizens' report: compiled from the final recommendations, minority statements, the
selection's facts and the session plan; PDF read back with pdftotext, every letter intact."""

from datetime import timedelta

import pytest
from flask_babel import force_locale

from office.assemblies.documents import report_pdf
from office.assemblies.services import experts, report
from office.core.errors import DomainError
from office.processes.models import MinorityStatement
from tests.assemblies.factories import SELECTED_AT, planned_session, selected_assembly
from tests.contacts.factories import PersonFactory
from tests.core.test_documents import pdf_text
from tests.processes.factories import ProcessFactory, RecommendationFactory

MINORITY = (
    "Wir, Åse Ørsted und Jürgen Groß, meinen: Straßen gehören zuerst den Füßen – æøå ÆØÅ äöüß."
)


def _assembly_with_recommendations(db, published=True):
    process = ProcessFactory(title="Klimaplan København–Kassel")
    assembly = selected_assembly(title="Bürgerrat Grøn Bý", process=process)
    session = planned_session(assembly, days=7, title="Første møde", place="Rådhuset, Festsalen")
    expert = PersonFactory(first_name="Søren", last_name="Kierkegård-Weiß")
    expert_input = experts.add_input(session, expert.id, "Grüne Straßen", [], SELECTED_AT)
    experts.set_published(expert_input, True, SELECTED_AT)
    final = RecommendationFactory(
        process=process, number=1, title="Cykelstier på Nørrebrogade",
        text="Byen skal bygge brede cykelstier.", votes_for=28, votes_against=3, votes_abstained=1,
    )  # fmt: skip
    db.session.add(MinorityStatement(recommendation=final, text=MINORITY, supporters=3))
    RecommendationFactory(process=process, number=2, title="Entwurf", stage="draft")
    if published:
        report.set_published(assembly, True, SELECTED_AT + timedelta(days=60))
    db.session.flush()
    return assembly


def test_compile_report_holds_only_the_final_recommendations(db):
    assembly = _assembly_with_recommendations(db)
    compiled = report.compile_report(assembly)
    assert [r.title for r in compiled.recommendations] == ["Cykelstier på Nørrebrogade"]
    assert compiled.facts.panel_size == 4 and compiled.facts.invited == 12
    assert [s.title for s in compiled.sessions] == ["Første møde"]


@pytest.mark.parametrize("locale", ["de", "da", "en"])
def test_report_pdf_prints_every_name_and_sign(db, app, tmp_path, locale):
    assembly = _assembly_with_recommendations(db)
    with app.test_request_context(), force_locale(locale):
        text = pdf_text(report_pdf(report.compile_report(assembly)), tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "Bürgerrat Grøn Bý", "Cykelstier på Nørrebrogade",
        "Rådhuset, Festsalen", "Søren Kierkegård-Weiß", "Grüne Straßen",
        " ".join(MINORITY.split()), "Første møde",
    ):  # fmt: skip
        assert expected in flat, (expected, flat)
    assert "Entwurf" not in flat
    title = {"de": "Bürgergutachten", "da": "Borgertingets rapport", "en": "Citizens' report"}
    assert title[locale] in flat
    assert {"de": "28 dafür", "da": "28 for", "en": "28 for"}[locale] in flat


def test_publish_without_a_final_recommendation_is_refused(db):
    assembly = selected_assembly(process=ProcessFactory())
    with pytest.raises(DomainError, match="at least one recommendation is final"):
        report.set_published(assembly, True, SELECTED_AT)
    assert report.plan_published(assembly) is None


def test_publish_without_a_process_is_refused(db):
    with pytest.raises(DomainError, match="link the assembly to its process"):
        report.set_published(selected_assembly(), True, SELECTED_AT)


def test_report_page_is_public_once_published_and_linked_from_the_process(client, db):
    assembly = _assembly_with_recommendations(db, published=False)
    db.session.commit()
    assert client.get(f"/assemblies/{assembly.slug}/report").status_code == 404
    assert client.get(f"/assemblies/{assembly.slug}/report.pdf").status_code == 404
    report.set_published(assembly, True, SELECTED_AT + timedelta(days=60))
    db.session.commit()
    page = client.get(f"/assemblies/{assembly.slug}/report").text
    assert "Cykelstier på Nørrebrogade" in page and "Straßen gehören zuerst den Füßen" in page
    assert client.get(f"/assemblies/{assembly.slug}/report.pdf").mimetype == "application/pdf"
    link = f'href="/assemblies/{assembly.slug}/report"'
    assert link in client.get(f"/processes/{assembly.process_id}").text
    assert link in client.get(f"/assemblies/{assembly.slug}").text


def test_publish_report_from_the_staff_page(client, login_as, db):
    assembly = _assembly_with_recommendations(db, published=False)
    db.session.commit()
    login_as("office_staff")
    url = f"/assemblies/{assembly.slug}/manage/report"
    client.post(url, data={"foreword": "Et forord med æ, ø og å."})
    client.post(url + "/publish")
    assert report.is_public(assembly)
    assert "Et forord med æ, ø og å." in client.get(f"/assemblies/{assembly.slug}/report").text
