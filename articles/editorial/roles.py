"""The newsroom's roles. The groups and their permissions are created by migration
``0007_workflow_roles``; the services check permissions, never group names."""

WRITER = "Writer"
EDITOR = "Editor"
RIGHTS_MANAGER = "Rights manager"

PUBLISH = "articles.publish_article"  # publish, schedule, unpublish
KILL = "articles.kill_article"
EDIT_ANY = "articles.edit_any_article"
CHANGE = "articles.change_article"


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
