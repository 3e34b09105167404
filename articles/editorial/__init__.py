"""The desk: the editorial workflow (transitions, locking), roles, revisions, bylines,
the needs-attention panel, image renditions, publishing, and the preview and author pages.
"""
