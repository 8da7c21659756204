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
    moves as it loads. Once the renditions exist their shape wins (see `_size`); without
    `width` and `height`, their size is used. `lazy` defers photos below the fold; `priority`
    (the article's lead photo, a listing's first) asks for it first.
    """
    stored = Renditions(renditions, source=image.name if image else "")
    fallback = stored.fallback
    width, height = _size(stored, width, height)
    return {
        "renditions": stored,
        "src": fallback.url if fallback else image.url,
        "srcset": stored.srcset("jpeg"),
        "width": width,
        "height": height,
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy and not priority,
        "priority": priority,
        "css_class": css_class,
    }


def _size(stored: Renditions, width, height) -> tuple:
    """The width and height attributes: those given, unless the renditions have another shape.

    The renditions are what readers see, turned upright as the photo's EXIF says. A size given
    from the original can disagree: a photo stored sideways, saved before the stored size took
    the EXIF turn into account. Then the largest rendition's size (the photo's own, upright,
    up to 1920 px wide) is the one that matches what is shown.
    """
    jpegs = stored.of_format("jpeg")
    if not jpegs:
        return width, height
    largest = jpegs[-1]
    # Rendition heights are rounded to the pixel: allow for that, not for another shape.
    if width and height:
        mismatch = abs(width * largest.height - height * largest.width)
        if mismatch <= max(width, largest.width):
            return width, height
    return largest.width, largest.height
