"""Pages of sortition: assemblies and their imports, quotas, selection runs and results."""
