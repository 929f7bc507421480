"""Pages of the process catalogue: the public Vorhabenliste, a process and its scorecard; staff
pages for processes, recommendations and answers, suggestions and proposals."""
