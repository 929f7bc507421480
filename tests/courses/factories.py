"""Factories for courses, runs and registrations."""

from datetime import time, timedelta
from decimal import Decimal

import factory
from flask import current_app

from office.core.clock import local_now, office_tz
from office.courses import rules
from office.courses.models import Course, CourseRun, Registration
from tests.factories import BaseFactory


class CourseFactory(BaseFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Methods of participation {n}")
    summary = "Choose the right method for your next participation process."
    benefits = "Knowledge of methods\nSkills to choose a method"
    format = "in_person"
    duration_days = 1
    daily_start = time(9)
    daily_end = time(16)
    price = Decimal("400.00")
    price_basis = "course"
    min_participants = 18
    capacity = 24
    lead_days = 10
    cancellation_terms = "After the deadline the full price is charged."
    published = True


class RunFactory(BaseFactory):
    class Meta:
        model = CourseRun

    course = factory.SubFactory(CourseFactory)
    first_day = factory.LazyFunction(lambda: local_now().date() + timedelta(days=30))
    last_day = factory.LazyAttribute(
        lambda o: o.first_day + timedelta(days=o.course.duration_days - 1)
    )
    start_time = time(9)
    end_time = time(16)
    capacity = factory.LazyAttribute(lambda o: o.course.capacity)
    min_participants = factory.LazyAttribute(lambda o: o.course.min_participants)
    lead_days = factory.LazyAttribute(lambda o: o.course.lead_days)
    deadline = factory.LazyAttribute(
        lambda o: rules.registration_deadline(o.first_day, o.lead_days, office_tz())
    )
    venue = "Sorøgade 6, København Ø"
    online_link = "https://meet.example.org/secret-room"
    published = True


class RegistrationFactory(BaseFactory):
    """A confirmed registration; pass seat_number explicitly (1..capacity)."""

    class Meta:
        model = Registration

    run = factory.SubFactory(RunFactory)
    run_capacity = factory.LazyAttribute(lambda o: o.run.capacity)
    status = "confirmed"
    seat_number = factory.Sequence(lambda n: n + 1)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Aarhus Kommune"
    department = "Borgerservice"
    billing_reference = "5798000020016"
    price = Decimal("400.00")
    vat_rate = factory.LazyFunction(lambda: Decimal(str(current_app.config["OFFICE_VAT_RATE"])))
    currency = "EUR"


def fill(run, n: int, status: str = "confirmed", start: int = 1):
    """n registrations on a run: seats start..start+n-1, or waitlist places."""
    return [
        RegistrationFactory(
            run=run,
            status=status,
            seat_number=(start + i) if status == "confirmed" else None,
        )
        for i in range(n)
    ]
