"""Pagination of a SELECT: one COUNT and one page query, whatever the table size."""

import math
from dataclasses import dataclass

import sqlalchemy as sa

from office.extensions import db


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 1_000_000))
    except (TypeError, ValueError):
        return 1


def paginate(stmt, raw_page, per_page: int = 25, count: bool = True) -> Page:
    number = page_number(raw_page)
    total = (
        db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
        if count
        else 0
    )
    items = list(db.session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)).unique())
    return Page(items=items, number=number, per_page=per_page, total=total)
