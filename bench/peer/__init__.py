"""The peer of bench/bench_peer.py: a minimal Wagtail news site (``site/``, run only in its own
virtual environment, var/peer-venv) and the helpers that build it, fill it with the project's
corpus and serve it next to the project. Nothing here is imported by the application."""
