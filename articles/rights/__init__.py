"""The rights engine: which reprint rule governs a story, what readers may see of it
(``decide``), the credit and excerpt it is shown with, the edits policy, and the services
that change rules and grants. The notice matcher (``notices``) is pure.
"""
