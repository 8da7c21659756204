"""{% picture %}: a stored photo as a responsive <picture>, from its renditions record."""

from django import template

from articles.images import Renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    image,
    renditions,
    *,
    alt="",
    sizes="100vw",
    width=None,
    height=None,
    lazy=True,
    priority=False,
    css_class="",
):
    """`image` (an ImageField's file) in AVIF, WebP and JPEG at every stored width, the browser
    picking by `sizes`; or, until its renditions exist, the original upload.

    `width` and `height` give the photo's shape (the original's size, or the size it is shown
    at, for a portrait): the browser reserves the space before the file arrives, so nothing
    moves as it loads. Without them, the fallback JPEG's size is used. `lazy` defers photos
    below the fold; `priority` (the article's lead photo) asks for it first.
    """
    stored = Renditions(renditions, source=image.name if image else "")
    fallback = stored.fallback
    return {
        "renditions": stored,
        "src": fallback.url if fallback else image.url,
        "srcset": stored.srcset("jpeg"),
        "width": width or (fallback.width if fallback else None),
        "height": height or (fallback.height if fallback else None),
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy and not priority,
        "priority": priority,
        "css_class": css_class,
    }
