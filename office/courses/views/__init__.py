from office.courses.views import manage, public, staff_documents  # noqa: F401
