"""Template tags for bylines, lead images and the editors' attention panel."""

from django import template

from articles.editorial.attention import needs_attention as _needs_attention
from articles.editorial.images import image_sources as _image_sources
from articles.markup.text import credit_line as _credit_line

register = template.Library()


@register.simple_tag
def image_sources(image, default_width=960):
    """``{% image_sources image as sources %}``: srcsets for a <picture>, or None."""
    return _image_sources(image, default_width=default_width)


@register.simple_tag
def bylines(article):
    """The article's authors in order; a partner story without bylines gets its original
    author's name as a plain credit (``{"name": ..., "url": ""}``)."""
    if article.pk:
        bylines = article.bylines.all()
        if "bylines" not in getattr(article, "_prefetched_objects_cache", {}):
            bylines = bylines.select_related("author")
        authors = [b.author for b in bylines]
        if authors:
            return [{"name": a.name, "url": a.get_absolute_url()} for a in authors]
    if article.original_author:
        return [{"name": article.original_author, "url": ""}]
    return []


@register.simple_tag(takes_context=True)
def needs_attention(context):
    """The panel's sections the signed-in user may open."""
    request = context.get("request")
    return _needs_attention(user=getattr(request, "user", None))


@register.filter
def credit_line(credit: str) -> str:
    """``{{ image.credit|credit_line }}``: "Photo: Jane Doe", never "Photo: Photo: …"."""
    return _credit_line(credit)
