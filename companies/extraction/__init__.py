"""Reading companies and funding rounds out of story text. Pure: no Django, no database."""
