"""The one allow-list for article body HTML, shared by the body editor and the server.

`BODY_EDITOR_EXTENSIONS` is what the editor (django-prose-editor) offers, and the tags nh3 keeps
are derived from it, so the two cannot drift apart: an editor can make nothing the server
removes, and a crafted request can store nothing the editor could not have made. Whatever
arrives (the admin, an import, the demo seeder), the body is cleaned before it is stored, so
templates can mark it safe.

Images are the exception that needs more than a list of tags: an image must be one of ours
(under MEDIA_URL, uploaded with the editor's "Browse..." button) and must have alt text. A
hot-linked image would make every reader's browser call a third party, and an image without
alt text says nothing to a reader who cannot see it. Anything else is removed, and so is a
figure left without its image.

The body keeps a photo's MEDIA_URL address whatever the media storage, and readers get the
storage's own address for it (`body_for_readers`): see there why.
"""

import re
from html import unescape
from urllib.parse import unquote

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import escape
from django_prose_editor.config import allowlist_from_extensions

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # Inline photos with captions. The admin adds the picker's address (the upload page), which
    # it can only know once the URLs are loaded.
    "Figure": True,
    "Image": True,
    "Caption": True,
}

ALLOWED_TAGS = frozenset(allowlist_from_extensions(BODY_EDITOR_EXTENSIONS)["tags"])
# Narrower than the editor's own allow-list, which also lets through rel, target, class, width,
# height and data-file: nothing here needs them (nh3 sets rel itself, below).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = frozenset(BODY_EDITOR_EXTENSIONS["Link"]["protocols"])

# nh3 writes every attribute it keeps as name="value" (a quote inside a value becomes &quot;),
# so its output can be matched reliably, even with a ">" inside an alt text.
_IMG = re.compile(r'<img(?:\s+[a-z-]+="[^"]*")*\s*/?>')
_ATTRIBUTE_SRC = re.compile(r'\ssrc="([^"]*)"')
_ATTRIBUTE_ALT = re.compile(r'\salt="([^"]*)"')
_STORED_SIZE = re.compile(r"-([1-9][0-9]{0,4})x([1-9][0-9]{0,4})\.jpg$")
_FIGURE_WITHOUT_IMAGE = re.compile(r"<figure>(?:(?!<img|<figure>|</figure>).)*</figure>", re.S)


def is_our_image(src: str) -> bool:
    """Whether `src` is a file we store and serve: under MEDIA_URL, not on another site."""
    media_url = settings.MEDIA_URL
    return bool(media_url) and src.startswith(media_url) and not src.startswith("//")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_our_image(value):
        return None
    if tag == "img" and attribute == "alt" and not value.strip():
        return None
    return value


def _image_usable(match: re.Match) -> str:
    """The image as readers get it, or nothing when it lost its address or alt text. Its width
    and height come from the stored file's name (articles.images.body_image_store), never from
    what was sent; it loads lazily, being below the headline and the lead photo."""
    tag = match.group(0)
    src, alt = _ATTRIBUTE_SRC.search(tag), _ATTRIBUTE_ALT.search(tag)
    if not (src and alt):
        return ""
    size = _STORED_SIZE.search(src.group(1))
    dimensions = f' width="{size.group(1)}" height="{size.group(2)}"' if size else ""
    return (
        f'<img src="{src.group(1)}" alt="{alt.group(1)}"{dimensions}'
        ' loading="lazy" decoding="async">'
    )


def clean_body_html(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    cleaned = _IMG.sub(_image_usable, cleaned)
    return _FIGURE_WITHOUT_IMAGE.sub("", cleaned).strip()


def body_for_readers(body: str) -> str:
    """The stored (cleaned) body, with each of our photos at the address the media storage
    serves it from.

    The body keeps MEDIA_URL addresses (`/media/articles/body/<id>-1600x800.jpg`), not the
    storage's: they are what the sanitiser knows as ours and reads the size from, and they
    outlive a move to a bucket, to another bucket domain or CDN, and signed addresses, which
    expire. With files on disk the two addresses are the same; in a bucket the storage's is
    the bucket's (or CDN's), and MEDIA_URL only redirects there (newsroom/urls.py), which is
    what the body editor, showing the stored body, relies on.
    """
    media_url = settings.MEDIA_URL

    def storage_address(match: re.Match) -> str:
        src = unescape(match.group(1))
        if not is_our_image(src):
            return match.group(0)
        url = default_storage.url(unquote(src.removeprefix(media_url)))
        return f' src="{escape(url)}"'

    return _IMG.sub(lambda tag: _ATTRIBUTE_SRC.sub(storage_address, tag.group(0), 1), body)
