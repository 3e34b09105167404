"""Bylines for partner stories: the original author, as found in the notice, gets an author
profile without an account, so their name links to a page like any staff writer's."""

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, ArticleAuthor, Author


def author_for_partner_writer(*, name: str, source=None, known: dict | None = None) -> Author:
    """The external author profile for ``name`` at ``source``, made on first use.

    The same name at two partners is two people as far as we know, so the source is part of
    the profile's slug. ``known`` (slug to author) remembers profiles for a caller that
    forgets it whenever the rows it saw may have been rolled back (the importer)."""
    base = partner_writer_slug(name, source)
    if known is not None and base in known:
        return known[base]
    author = Author.objects.filter(slug=base, is_external=True).first()
    if author is None:
        author = _new_partner_author(name, base)
    if known is not None and author.slug == base:  # the one the query above finds next time
        known[base] = author
    return author


def partner_writer_slug(name: str, source=None) -> str:
    """The slug a partner writer's profile is found by (and made with, when free)."""
    return slugify(f"{name} {source.slug}" if source is not None else name)[:110] or "author"


def partner_writers_many(writers: list[tuple[str, object]], *, known: dict) -> list[Author]:
    """``author_for_partner_writer`` for each (name, source) of ``writers``, the profiles not
    in ``known`` found in one query and the missing ones made in one INSERT (a writer named
    twice gets one profile). ``known`` learns them all."""
    bases = [partner_writer_slug(name, source) for name, source in writers]
    missing = set(bases) - known.keys()
    if missing:
        found = list(Author.objects.filter(slug__in=missing))
        taken = {author.slug for author in found}
        known.update((author.slug, author) for author in found if author.is_external)
        made: dict[str, Author] = {}
        for (name, _), base in zip(writers, bases, strict=True):
            if base in known or base in made:
                continue
            slug, n = base, 2
            while slug in taken or (slug != base and Author.objects.filter(slug=slug).exists()):
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            made[base] = Author(name=name, slug=slug, is_external=True)
        Author.objects.bulk_create(made.values())
        known.update(made)
    return [known[base] for base in bases]


def _new_partner_author(name: str, base: str) -> Author:
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Author.objects.create(name=name, slug=slug, is_external=True)


def article_credit_original_author(
    *, article: Article, new_article: bool = False, authors: dict | None = None
) -> ArticleAuthor | None:
    """Give a partner story without bylines a byline for its original author; returns the
    byline made, if any. ``new_article``: the story was created in the caller's transaction,
    so it has no bylines and the caller's transaction already makes the byline all or
    nothing. ``authors``: see ``author_for_partner_writer``."""
    name = article.original_author.strip()
    if not name:
        return None
    if new_article:
        return _credit(article, name, authors)
    if article.bylines.exists():
        return None
    with transaction.atomic():
        return _credit(article, name, authors)


def _credit(article: Article, name: str, authors: dict | None) -> ArticleAuthor:
    author = author_for_partner_writer(name=name, source=article.source, known=authors)
    return ArticleAuthor.objects.create(article=article, author=author, order=0)


def author_for_staff(*, user) -> tuple[Author, bool]:
    """``user``'s author profile, made from their name (or username) the first time they
    file a story, so every staff story has a byline; returns (profile, created)."""
    profile = Author.objects.filter(user=user).first()
    if profile is not None:
        return profile, False
    name = user.get_full_name().strip() or user.get_username()
    base = slugify(name)[:110] or "author"
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Author.objects.create(name=name, slug=slug, user=user), True
