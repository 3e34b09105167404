"""The newsroom's roles. The groups and their permissions are created by migration
``0007_workflow_roles``; the services check permissions, never group names."""

WRITER = "Writer"
EDITOR = "Editor"
RIGHTS_MANAGER = "Rights manager"

PUBLISH = "articles.publish_article"  # publish, schedule, unpublish
KILL = "articles.kill_article"
EDIT_ANY = "articles.edit_any_article"
CHANGE = "articles.change_article"
CHANGE_IMAGE = "articles.change_image"


def can_edit(user, article) -> bool:
    """Editors edit everything; writers edit their own drafts (and their own stories sent
    back from review)."""
    if not user.is_active or not user.has_perm(CHANGE):
        return False
    if user.has_perm(EDIT_ANY):
        return True
    from articles.models import Status

    if article.pk is None:
        return True
    own = article.created_by_id == user.pk or article.authors.filter(user=user).exists()
    return own and article.status == Status.DRAFT


def can_edit_image(user, image) -> bool:
    """Editors change every image. Writers change only images that belong to their own
    unpublished stories: used by nothing else (not a published story, not an author's photo),
    and, when used by no story yet, uploaded by them."""
    if not user.is_active or not user.has_perm(CHANGE_IMAGE):
        return False
    if user.has_perm(EDIT_ANY) or image.pk is None:
        return True
    from articles.models import Article, Author

    if Author.objects.filter(photo=image).exists():
        return False  # author pages are the desk's
    stories = list(Article.objects.filter(lead_image=image))
    if not stories:
        return image.uploaded_by_id == user.pk
    return all(can_edit(user, story) for story in stories)
