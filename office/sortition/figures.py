"""The pilot's evaluation figures of the citizens' assemblies: invitations, answers, response
rates by stratum, and panels (office/core/figures.py)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import Figure, Period, period_bounds, register_figure
from office.extensions import db
from office.sortition import rules
from office.sortition.models import Assembly, RegisterEntry, Respondent


def _assemblies(period: Period) -> list[Assembly]:
    """Assemblies whose invitations were drawn in the period."""
    start, end = period_bounds(period)
    drawn = sa.select(Assembly).where(
        Assembly.invitation_drawn_at >= start, Assembly.invitation_drawn_at < end
    )
    return list(db.session.scalars(drawn.order_by(Assembly.invitation_drawn_at, Assembly.id)))


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _answers(assembly_ids: list[int]) -> list[tuple]:
    if not assembly_ids:
        return []
    return list(
        db.session.execute(
            sa.select(
                RegisterEntry.assembly_id,
                RegisterEntry.stratum,
                RegisterEntry.invitation_rank.is_not(None),
                RegisterEntry.answer,
            ).where(RegisterEntry.assembly_id.in_(assembly_ids))
        )
    )


def invitations_and_answers(period: Period) -> list[tuple]:
    """Per assembly: letters sent, people who joined the pool, response rate, panel seats."""
    assemblies = _assemblies(period)
    by_assembly: dict[int, list] = {}
    for assembly_id, stratum, invited, answer in _answers([a.id for a in assemblies]):
        by_assembly.setdefault(assembly_id, []).append((stratum, invited, answer))
    pool = dict(
        db.session.execute(
            sa.select(Respondent.assembly_id, sa.func.count())
            .where(Respondent.assembly_id.in_([a.id for a in assemblies]))
            .group_by(Respondent.assembly_id)
        ).all()
    )
    rows = []
    for assembly in assemblies:
        table = rules.response_table(by_assembly.get(assembly.id, []))
        yes = sum(r["yes"] for r in table.values())
        invited = assembly.invitation_count or sum(r["invited"] for r in table.values())
        rate = yes / invited if invited else None
        rows.append(
            (
                assembly.title,
                invited,
                yes,
                pool.get(assembly.id, 0),
                assembly.panel_size,
                _percent(rate),
            )
        )
    return rows


def response_rates_by_stratum(period: Period) -> list[tuple]:
    """Per stratum (district, age group ...) over the period's assemblies: invited, yes, rate."""
    rows = [(s, i, a) for _id, s, i, a in _answers([a.id for a in _assemblies(period)])]
    table = rules.response_table(rows).items()
    return [_rate_row(stratum, row) for stratum, row in table if row["invited"]]


def _rate_row(stratum: str | None, row: dict) -> tuple:
    """One line of the figure: the stratum, invited, yes, the response rate in percent."""
    return (stratum or str(_l("No stratum")), row["invited"], row["yes"], _percent(row["rate"]))


register_figure(
    Figure(
        key="assemblies-invitations",
        title=_l("Citizens' assemblies: invitations, answers and panels"),
        columns=(
            _l("Assembly"),
            _l("Invitations"),
            _l("Joined the pool"),
            _l("Respondents"),
            _l("Panel seats"),
            _l("Response rate (%)"),
        ),
        rows=invitations_and_answers,
        chart="bar",
        order=70,
        description=_l(
            "Assemblies whose invitations were drawn in the period. The response rate "
            "is the share of invited people who joined the pool. The register extract "
            "is deleted after each assembly, so earlier years keep only the letters "
            "and the pool."
        ),
    )
)

register_figure(
    Figure(
        key="assemblies-response-by-stratum",
        title=_l("Response rates by stratum"),
        columns=(_l("Stratum"), _l("Invitations"), _l("Joined the pool"), _l("Response rate (%)")),
        rows=response_rates_by_stratum,
        chart="bar",
        order=71,
        description=_l(
            "Who was reached: per stratum of the invitation lottery (for example a "
            "district or age group), over the assemblies of the period."
        ),
    )
)
