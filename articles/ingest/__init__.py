"""Partner copy in: decoding and parsing raw text (pure, no Django), then the import
pipeline that stores, classifies and publishes or holds each story, and the seed fixture.
"""
