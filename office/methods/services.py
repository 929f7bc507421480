"""Operations of the toolkit: load the method cards, find methods that fit."""

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.translations import clean_translations, office_locale
from office.extensions import db
from office.methods.content import METHOD_CARDS
from office.methods.models import TEXT_FIELDS, Method
from office.methods.rules import Needs, method_fits


def install_method_cards() -> int:
    """Create the method cards the office starts with, written in the office's language with
    the other two as versions; cards that exist are left as edited."""
    existing = set(db.session.scalars(sa.select(Method.slug)))
    office = office_locale()
    created = 0
    for card in METHOD_CARDS:
        if card["slug"] in existing:
            continue
        facts = {k: v for k, v in card.items() if k != "texts"}
        texts = {f: card["texts"][office][f] for f in TEXT_FIELDS}
        versions = {loc: t for loc, t in card["texts"].items() if loc != office}
        db.session.add(Method(**facts, **texts, translations=clean_translations(versions)))
        created += 1
    db.session.flush()
    return created


def all_methods() -> list[Method]:
    return list(db.session.scalars(sa.select(Method).order_by(Method.group_min, Method.slug)))


def find_methods(needs: Needs) -> list[Method]:
    """Every method card that fits the needs (office/methods/rules.py)."""
    return [m for m in all_methods() if method_fits(m.facts, needs)]


def save_method(method: Method, facts: dict, texts: dict, translations: dict) -> Method:
    """Save a card's facts, its texts in the office's language and the versions in the others;
    group and cost ranges must be ordered."""
    if method.id is None:
        method.slug = unique_slug(translations.get("en", {}).get("name") or texts["name"])
    if facts["group_min"] > facts["group_max"]:
        raise DomainError(
            _l("The smallest group cannot be larger than the largest."), field="group_max"
        )
    if facts["cost_min"] > facts["cost_max"]:
        raise DomainError(
            _l("The lowest cost cannot be higher than the highest."), field="cost_max"
        )
    for name, value in facts.items():
        setattr(method, name, value)
    for name, value in texts.items():
        setattr(method, name, value.strip())
    method.translations = clean_translations(translations)
    action = "methods.created" if method.id is None else "methods.changed"
    if method.id is None:
        db.session.add(method)
    record(action, method)
    db.session.flush()
    return method


def unique_slug(name: str) -> str:
    """A URL name from the (English, else the office's) name: lower case, letters without
    accents ("Bürgerrat" -> "burgerrat"), dashes, unique among the cards."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:50] or "method"
    slug, n = base, 1
    while db.session.scalar(sa.select(Method.id).where(Method.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug
