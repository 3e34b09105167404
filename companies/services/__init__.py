"""Changes of state for companies: mentions, suggestions, funding rounds and merges. The
admin, the importer and the tests call the same functions.
"""
