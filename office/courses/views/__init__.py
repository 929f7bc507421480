from office.courses.views import manage, public  # noqa: F401
