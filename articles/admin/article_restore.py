"""Restoring a revision and recovering a deleted story in the admin: the content of the old
revision is shown in the ordinary change form, and pressing Save saves it as an edit.

Replaces django-reversion's revert, which writes back every object of the revision (status,
publish time and rights included, and any other story saved in the same bulk action)."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from reversion import set_comment
from reversion.models import Version

from articles.editorial.restore import RestoreRefused, recover_stage, restore_stage
from articles.models import Article


class _ShowOnly(Exception):
    """Carries a rendered form out of the transaction, which is then rolled back."""

    def __init__(self, response):
        self.response = response


class ArticleRestoreViewsMixin:
    """History → a revision → Save restores its content; Recover brings a story back as a
    draft. Both end in ``save_model`` → ``article_save``, like any edit."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        if not self.has_change_permission(request, article):
            # Writers can't restore a story they may not edit: that would be an edit.
            raise PermissionDenied
        request._article_stored_version = article.version
        when = timezone.localtime(version.revision.date_created)
        context = {
            "title": f"Restore “{version.object_repr}”",
            "revert": True,
            "revision_date": when,
            **(extra_context or {}),
        }
        return self._staged_form(
            request,
            stage=lambda: restore_stage(article=article, version=version),
            template="revision_form.html",
            context=context,
            comment=f"Reverted the content to the revision of {when:%d %b %Y %H:%M}",
        )

    def recoverlist_view(self, request, extra_context=None):
        self._check_may_recover(request)
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._check_may_recover(request)
        version = get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        context = {
            "title": f"Recover “{version.object_repr}”",
            "recover": True,
            **(extra_context or {}),
        }
        return self._staged_form(
            request,
            stage=lambda: recover_stage(version=version),
            template="recover_form.html",
            context=context,
            comment="Recovered after deletion, as a draft",
        )

    def _check_may_recover(self, request):
        # Bringing back what was deleted is for those who may delete.
        if not (self.has_add_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied

    def _staged_form(self, request, *, stage, template, context, comment):
        """The change form over the staged content, inside a transaction that is kept only
        when the form was saved."""
        try:
            with transaction.atomic():
                article = stage()
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(str(article.pk)), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        set_comment(comment)
                    else:
                        if hasattr(response, "render"):
                            response.template_name = [
                                f"reversion/articles/article/{template}",
                                f"reversion/{template}",
                            ]
                            response.render()  # now, while the staged content is there
                        raise _ShowOnly(response)
        except _ShowOnly as shown:
            return shown.response
        except RestoreRefused as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("admin:articles_article_changelist")
        return response
