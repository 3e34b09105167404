"""Which fields the article form shows: a staff story has no partner, notice or import, so
its form leaves out what only the importer and the reprint rules fill in."""

# Filled in by the importer, for partner stories only.
IMPORTER_ONLY = {
    "headline_is_provisional",
    "hold_reason",
    "import_name",
    "content_hash",
    "raw_text",
}
# The partner, notice, credits and rights decision: nothing a staff story has.
RIGHTS_AND_CREDIT = "Rights and credit"
IMPORT_RECORD = "Import record"


def staff_fieldsets(fieldsets, obj=None):
    """``fieldsets`` for a staff story (``obj``, or a new story when None): no rights and
    credit, no import record; a flag or hold set anyway on a stored story stays visible."""
    keep = set()
    if obj is not None:
        keep = {f for f in IMPORTER_ONLY if getattr(obj, f, None)}
    shown = []
    for name, options in fieldsets:
        if name == RIGHTS_AND_CREDIT:
            continue
        fields = [f for f in options["fields"] if f not in IMPORTER_ONLY or f in keep]
        if name == IMPORT_RECORD:
            if obj is None:
                continue  # nothing is recorded before the first save
            name = "Record"
        if fields:
            shown.append((name, {**options, "fields": fields}))
    return shown
