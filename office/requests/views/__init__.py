"""Views of help requests: intake, the page of one request, the staff queue and steps."""

from office.requests.views import detail, intake, staff  # noqa: F401
