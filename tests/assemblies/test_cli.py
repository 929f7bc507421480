"""`flask assemblies remind` as cron runs it: reminders before each session, once, in the
members' languages."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from office.assemblies.services import sessions
from office.sortition import interface as selection
from office.sortition.models import RegisterEntry
from tests.assemblies.factories import SELECTED_AT, planned_session, selected_assembly


def _languages(db, assembly, languages):
    members = selection.panel_members(assembly)
    for member, language in zip(members, languages, strict=False):
        db.session.execute(
            sa.update(RegisterEntry)
            .filter_by(assembly_id=assembly.id, external_id=member.external_id)
            .values(language=language)
        )
    return members


def test_cron_reminds_each_member_once_in_their_language(db, cron, outbox):
    assembly = selected_assembly(title="Borgerting om klima")
    session = planned_session(assembly, days=5, title="Andet møde", place="Rådhuset, Festsalen")
    members = _languages(db, assembly, ["da", "de", "en"])
    db.session.commit()
    with time_machine.travel(session.starts_at - timedelta(hours=72), tick=False):
        cron("assemblies", "remind")
    assert outbox.messages == []  # three days before: too early
    with time_machine.travel(session.starts_at - timedelta(hours=47), tick=False):
        cron("assemblies", "remind")
        cron("assemblies", "remind")  # a second run sends nothing again
    assert len(outbox.messages) == 4
    danish = outbox.to(members[0].contact)[0]
    german = outbox.to(members[1].contact)[0]
    assert danish.subject == "Påmindelse: Borgerting om klima"
    assert "Hej " in danish.body_text and "Rådhuset, Festsalen" in danish.body_text
    assert german.subject == "Erinnerung: Borgerting om klima" and "Hallo " in german.body_text


def test_cron_reminds_the_members_again_after_the_session_moved(db, cron, outbox):
    assembly = selected_assembly()
    session = planned_session(assembly, days=5)
    db.session.commit()
    with time_machine.travel(session.starts_at - timedelta(hours=10), tick=False):
        cron("assemblies", "remind")
    assert len(outbox.messages) == 4
    later = SELECTED_AT + timedelta(days=12)
    data = sessions.SessionData(
        title=session.title, starts_at=later, ends_at=later + timedelta(hours=2), place="Rathaus"
    )
    sessions.save_session(assembly, session, data, None)
    db.session.commit()
    with time_machine.travel(later - timedelta(hours=1), tick=False):
        cron("assemblies", "remind")
    assert len(outbox.messages) == 8
