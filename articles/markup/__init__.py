"""Pure HTML and text helpers every layer shares: the nh3 allowlist that every body goes
through, and HTML to plain text. Nothing here imports Django models.
"""
