"""Views of help requests: intake, the page of one request, the staff queue and steps."""
