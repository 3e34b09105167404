"""Webhooks: what changed for readers (``events``), the signed POST (``signing``,
``delivery``), the background tasks that send it (``tasks``) and the hooks that start them
(``signals``). Nothing here runs in an editor's request except enqueuing on commit."""
