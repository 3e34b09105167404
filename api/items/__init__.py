"""What an API item says about a story: NINJS 2.1 (``ninjs``) or our plainer JSON
(``plain``), built only from what ``articles.rights.engine.decide()`` lets readers see now."""
