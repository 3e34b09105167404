"""Structured partner formats in: HTML pages, RSS and Atom feeds, NINJS. Each parser turns
bytes into the same ParsedArticle the text parser makes; the import pipeline does the rest.
"""
