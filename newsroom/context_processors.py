"""Template context shared by every public page."""

from django.conf import settings


def site(request):
    """Expose the site's name and one-line description to templates."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_DESCRIPTION": settings.SITE_DESCRIPTION}
