"""The citizens' report (Bürgergutachten / borgertingets rapport): compiled from the final
recommendations with their vote and minority statements, the selection's public facts and the
session plan; public on the assembly's page and its process once the office publishes it."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.assemblies.models import AssemblyPlan, AssemblySession
from office.assemblies.services.sessions import plan_of, sessions_of
from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db
from office.processes.models import Recommendation, RecommendationStage
from office.sortition import interface as selection
from office.sortition.models import Assembly


class ReportRefused(DomainError):
    default_message = _l("The report cannot be published.")


@dataclass(frozen=True)
class CitizensReport:
    assembly: Assembly
    plan: AssemblyPlan
    facts: selection.SelectionFacts
    sessions: list[AssemblySession]
    recommendations: list[Recommendation]

    def public_inputs(self, session: AssemblySession) -> list:
        return [i for i in session.inputs if i.published]


def final_recommendations(assembly: Assembly) -> list[Recommendation]:
    """The final recommendations of the assembly's process, by number."""
    if assembly.process_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Recommendation)
            .filter(
                Recommendation.process_id == assembly.process_id,
                Recommendation.stage == RecommendationStage.FINAL,
            )
            .order_by(Recommendation.number)
        )
    )


def compile_report(assembly: Assembly) -> CitizensReport:
    """Everything the report shows, read now (the report always shows the current state)."""
    return CitizensReport(
        assembly=assembly,
        plan=plan_of(assembly),
        facts=selection.public_facts(assembly),
        sessions=sessions_of(assembly),
        recommendations=final_recommendations(assembly),
    )


def save_foreword(assembly: Assembly, foreword: str) -> None:
    plan_of(assembly).report_foreword = foreword.strip()
    db.session.flush()


def set_published(assembly: Assembly, publish: bool, now: datetime) -> None:
    """Publish the report (it needs a process and at least one final recommendation) or take it
    back."""
    plan = plan_of(assembly)
    if publish:
        if assembly.process_id is None:
            raise ReportRefused(
                _l("Please link the assembly to its process first (in the assembly's settings).")
            )
        if not final_recommendations(assembly):
            raise ReportRefused(
                _l("The report can be published once at least one recommendation is final.")
            )
    plan.report_published_at = now if publish else None
    action = "assemblies.report_published" if publish else "assemblies.report_withdrawn"
    record(action, assembly, now=now)
    db.session.flush()


def is_public(assembly: Assembly) -> bool:
    plan = db.session.scalar(sa.select(AssemblyPlan).filter_by(assembly_id=assembly.id))
    return assembly.published and plan is not None and plan.report_published_at is not None


def plan_published(assembly: Assembly) -> datetime | None:
    """When the report was published (None: not public)."""
    return plan_of(assembly).report_published_at
