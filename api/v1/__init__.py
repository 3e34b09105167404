"""Version 1 of the content API: read-only, mounted at ``/api/v1/``."""
