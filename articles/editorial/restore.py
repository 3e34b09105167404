"""Restoring a story's old revision, and recovering a deleted story: content only.

A revision holds the whole article row, but a restore must never undo the workflow or the
rights decision. Only the content comes back (headline, standfirst, body, lead image, tags,
bylines, and on recovery the corrections); status, publish time and the rights fields stay as
stored, and a deleted story comes back as a draft. Either way the change is then saved through
``article_save``, with its role checks and optimistic lock, as a revision of its own. Other
stories saved in the same revision (a bulk action) are never touched.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from reversion.errors import RevertError
from reversion.models import Version
from reversion.signals import post_revision_commit
from taggit.models import TaggedItem

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Image,
    ReprintRule,
    RevisionTags,
    Source,
    Status,
)

# What a restore brings back. Everything else on the row belongs to the workflow (status,
# publish time, hold reason), the rights decision or the importer, and stays as it is now.
CONTENT_FIELDS = ("headline", "headline_is_provisional", "dek", "body", "lead_image_id")


class RestoreRefused(ValidationError):
    """The revision can't be brought back (its data is unreadable, or its address is taken)."""


@receiver(post_revision_commit)
def _record_tags(sender, revision, versions, **kwargs) -> None:
    """Keep each story's tags with the revision, so a restore can bring them back."""
    content_type = ContentType.objects.get_for_model(Article)
    ids = {int(v.object_id) for v in versions if v.content_type_id == content_type.pk}
    if not ids:
        return
    names = defaultdict(list)
    for object_id, name in TaggedItem.objects.filter(
        content_type=content_type, object_id__in=ids
    ).values_list("object_id", "tag__name"):
        names[object_id].append(name)
    RevisionTags.objects.bulk_create(
        RevisionTags(revision=revision, article_id=pk, names=sorted(names[pk], key=str.lower))
        for pk in sorted(ids)
    )


def _fields(version: Version) -> dict:
    try:
        return version.field_dict
    except RevertError as exc:
        raise RestoreRefused(
            "This revision was saved in a form this version of the site can no longer read."
        ) from exc


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Stage a revision only inside a transaction the caller controls.")


def restore_stage(*, article: Article, version: Version) -> Article:
    """Write ``version``'s content into ``article``'s row, leaving status, publish time and
    rights as stored, so the change form can show it and save it as an ordinary edit.

    Nothing is checked or recorded here: call it only inside a transaction that is rolled back
    unless the result is then saved through ``article_save`` (the admin's restore view)."""
    _require_transaction()
    data = _fields(version)
    updates = {name: data[name] for name in CONTENT_FIELDS if name in data}
    image_id = updates.get("lead_image_id")
    if image_id is not None and not Image.objects.filter(pk=image_id).exists():
        del updates["lead_image_id"]  # the old picture was deleted: keep today's
    # An update, not save(): the edit's own save (sanitising, signals, search) follows.
    Article.objects.filter(pk=article.pk).update(**updates)
    _stage_bylines(article.pk, version)
    _stage_tags(article.pk, version)
    return article


def recover_stage(*, version: Version) -> Article:
    """Bring back a deleted story from ``version`` as a draft, with its bylines and tags, so
    the recover form can show it and save it through ``article_save``.

    Like ``restore_stage``, only inside a transaction the caller rolls back unless it saves.
    Raises ``RestoreRefused`` when the story's address has been taken since."""
    _require_transaction()
    data = _fields(version)
    pk = int(version.object_id)
    if Article.objects.filter(pk=pk).exists():
        raise RestoreRefused("This story was not deleted; restore one of its revisions instead.")
    slug = data.get("slug", "")
    if Article.objects.filter(slug=slug).exists():
        raise RestoreRefused(
            f"Another story now uses the address “{slug}”, so this one can't come back under "
            "it. Change that story's slug first, then recover this one."
        )
    version.revert()  # this story's row only, never the rest of its revision
    # Things the story pointed to may have gone since; a partner story left without its rule
    # is unclassified, which keeps it from readers until an editor classifies it.
    links = {
        "lead_image_id": Image,
        "rule_id": ReprintRule,
        "source_id": Source,
        "created_by_id": get_user_model(),
    }
    gone = {
        name: None
        for name, model in links.items()
        if data.get(name) is not None and not model.objects.filter(pk=data[name]).exists()
    }
    Article.objects.filter(pk=pk).update(status=Status.DRAFT, version=1, **gone)
    _stage_bylines(pk, version)
    _stage_tags(pk, version)
    _stage_corrections(pk, version)
    return Article.objects.get(pk=pk)


def _stage_bylines(article_pk: int, version: Version) -> None:
    content_type = ContentType.objects.get_for_model(ArticleAuthor)
    bylines = []
    for byline_version in version.revision.version_set.filter(content_type=content_type):
        byline = ArticleAuthor(**_fields(byline_version))
        if byline.article_id == article_pk:
            bylines.append(byline)
    existing_authors = set(
        Author.objects.filter(pk__in=[b.author_id for b in bylines]).values_list("pk", flat=True)
    )
    bylines = [b for b in bylines if b.author_id in existing_authors]
    ArticleAuthor.objects.filter(article_id=article_pk).exclude(
        pk__in=[b.pk for b in bylines]
    ).delete()
    for byline in bylines:
        # The revision's own ids, so a form shown from this state posts back ids that exist.
        byline.save()


def _stage_corrections(article_pk: int, version: Version) -> None:
    # Only on recovery: a restore of old content never takes a public correction away.
    content_type = ContentType.objects.get_for_model(Correction)
    for correction_version in version.revision.version_set.filter(content_type=content_type):
        correction = Correction(**_fields(correction_version))
        if correction.article_id != article_pk:
            continue
        if Correction.objects.filter(pk=correction.pk).exists():
            correction.pk = None  # its old id went to another story's correction since
        correction.save()


def _stage_tags(article_pk: int, version: Version) -> None:
    record = RevisionTags.objects.filter(revision=version.revision, article_id=article_pk).first()
    if record is None:
        return  # saved before revisions kept tags: today's tags stay
    Article.objects.get(pk=article_pk).tags.set(record.names)
