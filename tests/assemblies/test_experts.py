"""Experts' inputs: a contact with a topic at a session, documents checked by content, public
once published."""

import io
import os

import pytest

from office.assemblies.models import ExpertInput
from office.assemblies.services import experts
from office.core.errors import DomainError
from tests.assemblies.factories import SELECTED_AT, planned_session, selected_assembly
from tests.contacts.factories import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def test_add_input_stores_the_documents_unpublished(db):
    session = planned_session(selected_assembly())
    expert = PersonFactory(first_name="Dorthe", last_name="Møller")
    files = [experts.Upload("Mobilität & Klima.pdf", PDF)]
    expert_input = experts.add_input(session, expert.id, "Mobilitet i byen", files, SELECTED_AT)
    assert not expert_input.published
    [material] = expert_input.materials
    assert (
        material.filename == "Mobilität & Klima.pdf" and material.content_type == "application/pdf"
    )
    with open(experts.material_path(material), "rb") as stored:
        assert stored.read() == PDF


def test_add_input_with_a_file_that_is_not_a_document_is_refused_and_nothing_stored(db, app):
    session = planned_session(selected_assembly())
    expert = PersonFactory()
    folder = os.path.join(app.config["UPLOAD_FOLDER"], experts.FOLDER)
    before = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    files = [experts.Upload("slides.pdf", PDF), experts.Upload("slides.pdf.exe", EXE)]
    with pytest.raises(DomainError, match="“slides.pdf.exe” is not a document") as refused:
        experts.add_input(session, expert.id, "Energy", files, SELECTED_AT)
    assert refused.value.field == "materials"
    db.session.rollback()
    assert db.session.query(ExpertInput).count() == 0
    after = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    assert after == before


def test_add_input_of_someone_not_in_the_contacts_is_refused(db):
    session = planned_session(selected_assembly())
    with pytest.raises(DomainError, match="person of the contacts"):
        experts.add_input(session, 999999, "Energy", [], SELECTED_AT)


def test_material_is_public_only_once_the_input_is_published(client, db):
    assembly = selected_assembly(published=True)
    session = planned_session(assembly, title="Andet møde")
    expert = PersonFactory(first_name="Dorthe", last_name="Møller")
    expert_input = experts.add_input(
        session, expert.id, "Cykelstier", [experts.Upload("kort.pdf", PDF)], SELECTED_AT
    )
    db.session.commit()
    url = f"/assemblies/{assembly.slug}/materials/{expert_input.materials[0].id}"
    assert client.get(url).status_code == 404
    assert "Cykelstier" not in client.get(f"/assemblies/{assembly.slug}/sessions").text
    experts.set_published(expert_input, True, SELECTED_AT)
    db.session.commit()
    answer = client.get(url)
    assert answer.status_code == 200 and answer.data == PDF
    page = client.get(f"/assemblies/{assembly.slug}/sessions").text
    assert "Dorthe Møller: Cykelstier" in page and "kort.pdf" in page


def test_experts_page_answers_422_for_an_upload_that_is_not_a_document(client, login_as, db):
    assembly = selected_assembly()
    session = planned_session(assembly)
    expert = PersonFactory()
    db.session.commit()
    login_as("office_staff")
    data = {"person_id": expert.id, "session_id": session.id, "topic": "Wärme",
            "materials": [(io.BytesIO(b"<html>hello</html>"), "notes.pdf")]}  # fmt: skip
    url = f"/assemblies/{assembly.slug}/manage/experts"
    answer = client.post(url, data=data, content_type="multipart/form-data")
    assert answer.status_code == 422 and "is not a document" in answer.text
    assert db.session.query(ExpertInput).count() == 0
    data["materials"] = [(io.BytesIO(PDF), "Wärmeplan.pdf")]
    assert client.post(url, data=data, content_type="multipart/form-data").status_code == 302
    assert "Wärmeplan.pdf" in client.get(url).text
