"""Operations of the toolkit: load the method cards, find methods that fit."""

import sqlalchemy as sa

from office.extensions import db
from office.methods.content import METHOD_CARDS
from office.methods.models import TEXT_FIELDS, Method, MethodTranslation
from office.methods.rules import Needs, method_fits


def install_method_cards() -> int:
    """Create the method cards the office starts with; cards that exist are left as edited."""
    existing = set(db.session.scalars(sa.select(Method.slug)))
    created = 0
    for card in METHOD_CARDS:
        if card["slug"] in existing:
            continue
        facts = {k: v for k, v in card.items() if k != "texts"}
        method = Method(**facts)
        for locale, texts in card["texts"].items():
            method.translations[locale] = MethodTranslation(
                locale=locale, **{f: texts[f] for f in TEXT_FIELDS}
            )
        db.session.add(method)
        created += 1
    db.session.flush()
    return created


def all_methods() -> list[Method]:
    return list(db.session.scalars(sa.select(Method).order_by(Method.group_min, Method.slug)))


def find_methods(needs: Needs) -> list[Method]:
    """Every method card that fits the needs (office/methods/rules.py)."""
    return [
        m
        for m in all_methods()
        if method_fits(
            goals=m.goal_list,
            level=m.level,
            group_min=m.group_min,
            group_max=m.group_max,
            cost_min=m.cost_min,
            duration_weeks=m.duration_weeks,
            needs=needs,
        )
    ]
