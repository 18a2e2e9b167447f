"""What the 专栏's frame needs to know about the request it is drawn for."""

from __future__ import annotations

from django import template

register = template.Library()

# Set by the 网站群's reverse proxy for one request (README: 嵌入网站群), in addition to the
# agency's own setting: it only hides the 专栏's header picture and footer.
EMBED_HEADER = "HTTP_X_GONGKAI_EMBEDDED"


@register.simple_tag(takes_context=True)
def portal_embedded(context) -> bool:
    """Whether the 专栏 sits inside a 网站群's frame (no header picture, no footer of its own)."""
    agency = context.get("agency")
    request = context.get("request")
    if agency is not None and getattr(agency, "site_embedded", False):
        return True
    return request is not None and request.META.get(EMBED_HEADER) == "1"
