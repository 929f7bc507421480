import io
import os
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from PIL import Image

from office.auth.models import User
from office.auth.services import make_token
from office.contacts.models import Organisation
from office.core.errors import DomainError, NotFound
from office.directory import permissions, queries
from office.directory import privacy as personal_data
from office.directory.models import Initiative
from office.directory.services import editing, logos, moderation, representatives
from office.directory.services.editing import CONFIRM_PURPOSE, InitiativeData
from tests.directory.factories import InitiativeFactory, rep_of
from tests.factories import DistrictFactory, TopicFactory, UserFactory

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def data(**overrides) -> InitiativeData:
    return InitiativeData(
        **{"name": "Repair-Café Südstadt", "short_description": "We fix things.", **overrides}
    )


def register(**kw):
    return editing.register_initiative(
        kw.pop("data", data()),
        "Rita Rep",
        kw.pop("email", "rita@example.org"),
        kw.pop("password", PASSWORD),
        NOW,
        **kw,
    )


def test_register_creates_unconfirmed_rep_and_waits_for_confirmation(db, outbox):
    initiative = register()
    user = db.session.scalar(sa.select(User).filter_by(email="rita@example.org"))
    assert user.role_names == {"initiative_rep"} and user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    assert initiative.status == "pending" and initiative.submitted_at is None
    assert moderation.moderation_queue()["pending"] == []
    [mail] = outbox.to("rita@example.org")
    assert "/initiatives/confirm/" in mail.body_text


def test_register_short_password_refused(db):
    with pytest.raises(DomainError) as exc:
        register(password="too short")
    assert exc.value.field == "password"


def test_register_existing_email_refused(db):
    UserFactory(email="rita@example.org")
    with pytest.raises(DomainError) as exc:
        register()
    assert exc.value.field == "email"


def test_register_unknown_district_refused(db):
    with pytest.raises(DomainError) as exc:
        register(data=data(district_ids=(987654,)))
    assert exc.value.field == "districts"


def test_confirmation_sends_entry_to_moderation(db):
    initiative = register()
    user = initiative.representatives[0].user
    editing.confirm_registration(make_token(user, CONFIRM_PURPOSE), NOW)
    assert user.email_confirmed_at == NOW
    assert moderation.moderation_queue()["pending"] == [initiative]


def test_confirmation_with_forged_token_refused(db):
    register()
    with pytest.raises(DomainError):
        editing.confirm_registration("not-a-token", NOW)


def test_publish_links_one_crm_organisation(db, outbox):
    initiative = InitiativeFactory(status="pending")
    rep = rep_of(initiative)
    staff = UserFactory(roles=["office_staff"])
    moderation.moderate(staff, initiative, "publish", "", NOW)
    assert initiative.status == "published"
    assert (
        initiative.organisation.kind == "initiative"
        and initiative.organisation.name == initiative.name
    )
    moderation.moderate(staff, initiative, "archive", "No longer active.", NOW)
    moderation.moderate(staff, initiative, "publish", "", NOW)
    db.session.flush()
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Organisation).filter_by(name=initiative.name)
    )
    assert count == 1
    assert [m.subject for m in outbox.to(rep.email)][0] == "Your initiative is now in the directory"


def test_publish_adopts_existing_crm_record_of_same_name(db):
    org = Organisation(name="Stadtbienen", kind="initiative")
    db.session.add(org)
    initiative = InitiativeFactory(name="Stadtbienen", status="pending")
    moderation.moderate(UserFactory(roles=["office_staff"]), initiative, "publish", "", NOW)
    assert initiative.organisation is org


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_refusal_needs_reason_and_emails_it(db, outbox, decision):
    initiative = InitiativeFactory(status="pending")
    rep = rep_of(initiative)
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError):
        moderation.moderate(staff, initiative, decision, "  ", NOW)
    moderation.moderate(staff, initiative, decision, "Please name a contact person.", NOW)
    assert initiative.moderation_note == "Please name a contact person."
    assert "Please name a contact person." in outbox.to(rep.email)[-1].body_text


def test_decision_not_possible_from_status(db):
    initiative = InitiativeFactory(status="rejected")
    with pytest.raises(DomainError):
        moderation.moderate(UserFactory(roles=["office_staff"]), initiative, "archive", "x", NOW)


def test_rep_edit_of_published_entry_holds_back_name_but_applies_times(db, outbox):
    initiative = InitiativeFactory(name="Old name", meeting_times="Tue")
    rep = rep_of(initiative)
    waiting = editing.update_initiative(
        rep,
        initiative,
        data(name="New name", short_description=initiative.short_description, meeting_times="Wed"),
        NOW,
    )
    assert waiting == {"name": "New name"}
    assert initiative.name == "Old name" and initiative.meeting_times == "Wed"
    assert moderation.moderation_queue()["changes"] == [initiative]
    initiative.organisation = Organisation(name="Old name", kind="initiative")
    moderation.decide_changes(UserFactory(roles=["office_staff"]), initiative, True, "", NOW)
    assert initiative.name == "New name" and initiative.organisation.name == "New name"
    assert initiative.pending_changes is None
    assert outbox.to(rep.email)[-1].subject == "Your changes are published"


def test_declined_changes_need_reason(db):
    initiative = InitiativeFactory(pending_changes={"name": "Spam"})
    with pytest.raises(DomainError):
        moderation.decide_changes(UserFactory(roles=["office_staff"]), initiative, False, "", NOW)


def test_revision_after_changes_requested_goes_back_to_moderation(db):
    initiative = InitiativeFactory(status="changes_requested")
    rep = rep_of(initiative)
    editing.update_initiative(rep, initiative, data(name=initiative.name), NOW)
    assert initiative.status == "pending"


def test_logo_reencoded_to_webp_with_random_name(db, app):
    initiative = InitiativeFactory()
    editing.update_initiative(
        UserFactory(roles=["office_staff"]), initiative, data(name=initiative.name),
        NOW, logo_bytes=png_bytes(fmt="JPEG"),
    )  # fmt: skip
    name = initiative.logo_filename
    assert name.endswith(".webp") and len(name) > 20
    with Image.open(os.path.join(logos.logo_folder(), name)) as image:
        assert image.format == "WEBP"


@pytest.mark.parametrize(
    "payload",
    [
        b"%PDF-1.7\n" + b"0" * 2000,
        b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024),
        b"GIF89a" + b"\0" * 100,
    ],
    ids=["renamed-pdf", "20mb", "gif"],
)
def test_bad_logo_refused_and_nothing_stored(db, payload):
    before = set(os.listdir(logos.logo_folder()))
    with pytest.raises(DomainError) as exc:
        register(logo_bytes=payload)
    assert exc.value.field == "logo"
    assert set(os.listdir(logos.logo_folder())) == before


def test_gif_logo_refused_by_content():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(logos.LogoRejected):
        logos.reencode_logo(out.getvalue())


def test_invite_co_representative_new_and_existing(db, outbox):
    initiative = InitiativeFactory()
    rep = rep_of(initiative)
    representatives.invite_representative(rep, initiative, "New@Example.org", "Nina New")
    newcomer = db.session.scalar(sa.select(User).filter_by(email="new@example.org"))
    assert newcomer.role_names == {"initiative_rep"} and newcomer.password_hash is None
    assert "/account/invitation/" in outbox.to("new@example.org")[0].body_text
    existing = UserFactory(email="old@example.org")
    representatives.invite_representative(rep, initiative, "old@example.org", "Olaf")
    assert existing.has_role("initiative_rep")
    assert permissions.can_edit_initiative(existing, initiative)
    with pytest.raises(DomainError):
        representatives.invite_representative(rep, initiative, "old@example.org", "Olaf")


def test_last_representative_cannot_be_removed(db):
    initiative = InitiativeFactory()
    rep = rep_of(initiative)
    with pytest.raises(DomainError):
        representatives.remove_representative(rep, initiative, rep.id)
    with pytest.raises(NotFound):
        representatives.remove_representative(rep, initiative, 999999)


def test_rep_edits_only_own_initiative(db):
    mine, other = InitiativeFactory(), InitiativeFactory()
    rep = rep_of(mine)
    assert editing.editable_initiative(rep, mine.id) is mine
    with pytest.raises(NotFound):
        editing.editable_initiative(rep, other.id)


def test_directory_query_filters(db):
    north, south = DistrictFactory(), DistrictFactory()
    green = TopicFactory()
    a = InitiativeFactory(name="Garden North", districts=[north], topics=[green])
    editing.apply_values(a, {"language_codes": ["de", "tr"]})
    b = InitiativeFactory(name="Choir South", districts=[south])
    InitiativeFactory(name="Garden Pending", status="pending", districts=[north])
    db.session.flush()

    def names(**kw):
        return [
            i.name
            for i in db.session.scalars(queries.directory_query(queries.DirectoryFilter(**kw)))
        ]

    assert names(q="garden") == ["Garden North"]
    assert names(district_id=south.id) == [b.name]
    assert names(topic_id=green.id) == [a.name]
    assert names(language="tr") == [a.name]
    assert names(language="da") == []


def test_personal_data_export_and_erase(db):
    initiative = InitiativeFactory(contact_email="rita@example.org")
    rep_of(initiative, email="rita@example.org")
    exported = personal_data.export("Rita@example.org")
    assert exported["represents"][0]["initiative"] == initiative.name
    assert exported["public_contact_of"][0]["initiative_id"] == initiative.id
    assert personal_data.erase("rita@example.org") == 2
    db.session.flush()
    db.session.expire_all()
    assert initiative.contact_email == "" and initiative.representatives == []
    assert db.session.get(Initiative, initiative.id) is not None
