"""What other domains may call in the governance domain (docs/architecture.md)."""

from office.governance.services.meetings import forward_request  # noqa: F401 - requests' staff
