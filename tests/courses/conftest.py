"""Fixtures of the course tests: the e-invoice validator (compiled once per session)."""

import pytest


@pytest.fixture(scope="session")
def einvoice_validator():
    from tests.courses.einvoice.validator import Validator

    return Validator()
