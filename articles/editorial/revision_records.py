"""Revisions of stories just created, written in bulk from the objects the caller holds.

django-reversion, given a new story, serialises it, then follows its bylines by querying
them, checks by one query per model that every object still exists, inserts the revision and
its versions, and the tag record (``restore._record_tags``) queries the story's tags again:
about eight statements per story. A caller that has just inserted the stories (the importer)
holds all of that already; this writes the same rows (``Revision``, one ``Version`` per story
and per byline, serialised exactly as reversion serialises them, and the ``RevisionTags``
record) in three INSERTs for any number of stories, so reversion's history and compare views
and ``restore_stage`` / ``recover_stage`` read them like any other revision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router
from django.db.models.fields.composite import CompositePrimaryKey
from django.utils import timezone
from django.utils.encoding import force_str, is_protected_type
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from articles.models import Article, ArticleAuthor, RevisionTags


@dataclass
class NewStoryRevision:
    """One new story's first revision: the story as inserted, its bylines, its tag names."""

    article: Article
    comment: str
    bylines: Sequence[ArticleAuthor] = ()
    tags: Iterable[str] = ()
    user: object = None


def _version(obj: models.Model) -> Version:
    """The ``Version`` reversion's ``add_to_revision`` builds for ``obj``."""
    options = _get_options(obj.__class__)
    return Version(
        content_type=ContentType.objects.get_for_model(
            obj.__class__, for_concrete_model=options.for_concrete_model
        ),
        object_id=force_str(getattr(obj, options.object_id_field)),
        db=router.db_for_write(obj.__class__, instance=obj),
        format=options.format,
        serialized_data=_serialized(obj, options),
        object_repr=force_str(obj),
    )


def _serialized(obj: models.Model, options) -> str:
    """``serializers.serialize(options.format, (obj,), ...)`` as reversion calls it, byte for
    byte: for JSON, the same dict Django's serializer builds, encoded in one call (Django's
    ``json.dump`` to a stream takes the pure-Python encoder, about half a revision's cost)."""
    plan = _plan(obj.__class__, options.format, options.fields, options.use_natural_foreign_keys)
    if plan is None:
        return serializers.serialize(
            options.format,
            (obj,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
    fields = {}
    for field, natural in plan:
        if natural:
            related = getattr(obj, field.name)
            fields[field.name] = related.natural_key() if related else None
        else:
            fields[field.name] = _value(obj, field)
    data = {"model": str(obj._meta), "pk": _value(obj, obj._meta.pk), "fields": fields}
    return "[" + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "]"


def _value(obj: models.Model, field: models.Field):
    value = field.value_from_object(obj)  # PythonSerializer._value_from_field
    return value if is_protected_type(value) else field.value_to_string(obj)


@lru_cache(maxsize=16)
def _plan(model, kind: str, selected, natural_keys: bool):
    """The fields Django's serializer writes for ``model`` and whether each is a natural
    key, in its order (``Serializer.serialize``); None when only Django's own will do."""
    concrete = model._meta.concrete_model
    if kind != "json" or isinstance(concrete._meta.pk, CompositePrimaryKey):
        return None
    plan = []
    for field in concrete._meta.local_fields:
        if not field.serialize:
            continue
        name = field.attname if field.remote_field is None else field.attname[:-3]
        if selected is not None and name not in selected:
            continue
        natural = (
            field.remote_field is not None
            and natural_keys
            and hasattr(field.remote_field.model, "natural_key")
        )
        plan.append((field, natural))
    for field in concrete._meta.local_many_to_many:
        chosen = field.serialize and (selected is None or field.attname in selected)
        if chosen and field.remote_field.through._meta.auto_created:
            return None  # read from the database: Django's serializer does that
    return tuple(plan)


def revisions_record_new(stories: Sequence[NewStoryRevision]) -> list[Revision]:
    """One revision per story in ``stories`` (inserted, with their bylines, in the caller's
    transaction), as ``reversion.create_revision`` + ``add_to_revision(article)`` would
    record it, with the tags the story has. Returns the revisions, in order."""
    if not stories:
        return []
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, user=story.user, comment=story.comment) for story in stories
    )
    versions, tags = [], []
    for story, revision in zip(stories, revisions, strict=True):
        for obj in (story.article, *story.bylines):
            version = _version(obj)
            version.revision = revision
            versions.append(version)
        tags.append(
            RevisionTags(
                revision=revision,
                article_id=story.article.pk,
                names=sorted(set(story.tags), key=str.lower),
            )
        )
    Version.objects.bulk_create(versions)
    RevisionTags.objects.bulk_create(tags)
    return revisions
