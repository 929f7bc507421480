import pytest


@pytest.fixture(autouse=True)
def _no_detached_workers(app):
    """Tests run workers themselves; the views must not start background processes."""
    app.config["SORTITION_SPAWN"] = False
    yield
    app.config["SORTITION_SPAWN"] = True
