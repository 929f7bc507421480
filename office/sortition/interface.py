"""What other domains may use of an assembly's selection (docs/architecture.md): when it was
drawn, who sits on the panel now, and the public facts of the selection."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from office.extensions import db
from office.sortition.models import Assembly, RegisterEntry, Respondent
from office.sortition.services.invitations import answer_counts, counting_draw
from office.sortition.services.replacements import current_panel, quota_table
from office.sortition.services.runs import latest_result


def selected_at(assembly: Assembly) -> datetime | None:
    """When the selection that counts was drawn (None while nothing is drawn)."""
    run = latest_result(assembly)
    return run.drawn_at if run is not None else None


def counting_run_id(assembly: Assembly) -> int | None:
    """The id of the selection that counts (for links to its replacement pages)."""
    run = latest_result(assembly)
    return run.id if run is not None else None


def panel_members(assembly: Assembly) -> list[Respondent]:
    """The panel as it is now (after replacements), by name; empty before the draw and after
    the purge."""
    run = latest_result(assembly)
    if run is None or not run.result:
        return []
    panel, _reserves = current_panel(run)
    if not panel:
        return []
    return list(
        db.session.scalars(
            sa.select(Respondent)
            .filter(Respondent.assembly_id == assembly.id, Respondent.external_id.in_(panel))
            .order_by(Respondent.name, Respondent.id)
        )
    )


def member_languages(assembly: Assembly) -> dict[str, str]:
    """The language of each invited person's letter, by register id (where the register said)."""
    entries = sa.select(RegisterEntry.external_id, RegisterEntry.language)
    known = entries.filter_by(assembly_id=assembly.id).filter(RegisterEntry.language.is_not(None))
    return {external_id: language for external_id, language in db.session.execute(known)}


@dataclass(frozen=True)
class SelectionFacts:
    """The public facts of a selection: invitations, answers, the panel's composition."""

    invited: int
    answers: dict
    panel_size: int
    #: [{feature, category, minimum, maximum, selected, ...}] after replacements
    composition: list
    replacements: int
    drawn_at: datetime | None


def public_facts(assembly: Assembly) -> SelectionFacts:
    """What the public transparency page tells of the selection, for the citizens' report."""
    draw = counting_draw(assembly)
    run = latest_result(assembly)
    return SelectionFacts(
        invited=draw.drawn if draw is not None else 0,
        answers=answer_counts(assembly),
        panel_size=run.panel_size if run is not None else assembly.panel_size,
        composition=quota_table(run) if run is not None else [],
        replacements=len(run.replacements) if run is not None else 0,
        drawn_at=run.drawn_at if run is not None else None,
    )
