"""Photos: what an upload must be, and the sized copies (renditions) that readers download.

An editor uploads one photo; readers get it at the width their screen needs, as AVIF or WebP
where the browser takes them and JPEG everywhere else. The renditions are made once, by a task
queued when the editor saves (`articles.services`), or by `manage.py make_renditions` for photos
that arrived another way (older articles, demo and benchmark content). Readers never wait for
one: until they exist, pages show the original photo.

Rendition names are derived from the source name (renditions/<source>/<width>w.<ext>), so
articles sharing one stored photo (benchmark content draws from a pool of twelve) share one set
of files, and making them again for the same photo finds them already there.

What exists is recorded on the article or author row as JSON (`lead_image_renditions`,
`photo_renditions`): templates build <picture> from it without a query or a storage call, and
fall back to the original photo while a record is missing or belongs to an earlier photo.
"""

import io
import uuid
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.encoding import filepath_to_uri
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError, features

# Uploads. Larger photos gain nothing on screen and cost memory to resize: a 40-megapixel image
# already takes 160 MB decoded. The limit is checked from the file header, before decoding, so a
# small file that claims huge dimensions (a "pixel bomb") is refused without being decoded.
MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTO_BYTES = 25 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}

# Lead photos are shown up to 52rem (832 CSS px) wide; 1920 covers that at 2x and social cards.
LEAD_WIDTHS = (320, 640, 960, 1280, 1920)
# Author portraits are shown 96 CSS px square: 1x and 2x.
PORTRAIT_SIZES = (96, 192)
# In the order browsers are offered them; JPEG, understood everywhere, is the <img> fallback.
# Renditions are made in those of them this Pillow can write (`encodable_formats`).
FORMATS = ("avif", "webp", "jpeg")
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
# Quality settings chosen by eye on the demo photos: at these, the three formats look alike and
# AVIF and WebP are a half to a third of the JPEG's size. AVIF speed 8 (of 10) keeps a large
# upload's save to about a second on one core.
ENCODER_OPTIONS = {
    "avif": {"quality": 60, "speed": 8},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
}
RENDITIONS_DIR = "renditions"
# EXIF orientations (5 to 8, in ImageOps.exif_transpose's table) that turn the stored pixels a
# quarter: the photo is shown height x width.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


def check_photo(file) -> None:
    """Raise ValidationError, with a message an editor can act on, unless `file` is a photo we
    can use: JPEG, PNG, WebP or AVIF, at most MAX_PHOTO_BYTES and MAX_PHOTO_PIXELS, and whole.

    Whole: the header can be fine and the rest cut off (an interrupted copy or export). Only
    decoding finds that, and the renditions, made after the form is accepted, would fail on it;
    so the photo is decoded here, once its size is known to be within the limit.
    """
    size = getattr(file, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(
            "This file is %(size)s; photos can be at most %(limit)s. Export a smaller JPEG and "
            "upload that.",
            code="photo_too_heavy",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_PHOTO_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own (higher) limit; both mean "too big" here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height, kind = image.width, image.height, image.format
                _check_kind_and_pixels(kind, width, height)
                _check_whole(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            "This file is not a photo we can read. Upload a JPEG, PNG, WebP or AVIF image.",
            code="not_a_photo",
        ) from None
    finally:
        if position is not None:
            file.seek(position)


def _check_kind_and_pixels(kind: str | None, width: int, height: int) -> None:
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(kind)s images are not accepted. Upload a JPEG, PNG, WebP or AVIF image.",
            code="photo_format",
            params={"kind": kind or "These"},
        )
    if width * height > MAX_PHOTO_PIXELS:
        raise _too_many_pixels(width, height)


def _check_whole(image: Image.Image) -> None:
    """Decode `image` to its last byte. A JPEG is decoded at an eighth of its width and height
    (Pillow's draft mode): every byte of the file is still read and checked, at a fraction of
    the time and 1/64 of the memory, which matters as the model validator checks it again."""
    image.draft("RGB", (1, 1))  # does nothing for other formats
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(
            "This photo is damaged or incomplete: it could not be read to the end. It may have "
            "been cut off while being copied or exported; export it again and upload that.",
            code="photo_damaged",
        ) from None


def _too_many_pixels(width=None, height=None) -> ValidationError:
    limit = MAX_PHOTO_PIXELS // 1_000_000
    if width is None:
        message = "This image is far too large to process (over %(limit)s megapixels). "
    else:
        message = "This image is %(width)s × %(height)s pixels, over %(limit)s megapixels. "
    return ValidationError(
        message + "Resize it (3000 pixels wide is plenty) and upload it again.",
        code="photo_too_large",
        params={"width": width, "height": height, "limit": limit},
    )


class PhotoFormField(forms.ImageField):
    """The upload field editors use: refuses what `check_photo` refuses, with its message,
    before Django's own image check lets Pillow decode the file."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # no file, an empty one, a bad name
        if upload is not None:
            check_photo(upload)
        return super().to_python(data)


def upright_size(file) -> tuple[int, int] | tuple[None, None]:
    """The photo's width and height as it is shown: turned as its EXIF orientation says, like
    browsers and the renditions (exif_transpose) turn it. Read from the header; (None, None) if
    `file` is not an image, as Django's get_image_dimensions answers."""
    try:
        with Image.open(file) as image:
            width, height = image.size
            orientation = image.getexif().get(ExifTags.Base.Orientation)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, None
    return (height, width) if orientation in QUARTER_TURNS else (width, height)


class UprightImageFieldFile(ImageFieldFile):
    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            self.open()
            position = self.tell()
            try:
                self._dimensions_cache = upright_size(self)
            finally:
                if close:
                    self.close()
                else:
                    self.seek(position)
        return self._dimensions_cache


class UprightImageField(models.ImageField):
    """An ImageField whose width_field and height_field get the size the photo is shown at.

    Django's own reads the stored pixels' size, which for a photo from a phone held upright is
    often its sideways size with an EXIF note to turn it: pages then reserved a landscape box
    for a portrait photo (and its renditions, which are turned), and the layout jumped.
    """

    attr_class = UprightImageFieldFile

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        """Django's, except that loading a row never reads its stored photo.

        Django fills a missing width and height when a row is loaded (post_init) by opening the
        stored file: rows saved without them (seed_demo's, imports) made every listing read
        each of its photos, which in a bucket is a download per article per page, and a page
        that fails while the bucket's service does. A photo in hand (a new upload) is measured
        as before; a stored one keeps what its row says, and pages take the renditions' shape.
        """
        if not force and _stored(instance.__dict__.get(self.attname)):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)


def _stored(file) -> bool:
    """Whether `file`, an image field's value as a row holds it, names a file in storage."""
    return isinstance(file, str) or getattr(file, "_committed", False)


def validate_photo(value) -> None:
    """Model field validator: checks new uploads only (a stored photo was checked on upload)."""
    if value and not getattr(value, "_committed", True):
        check_photo(value.file)


@dataclass(frozen=True)
class Rendition:
    format: str
    width: int
    height: int
    name: str
    bytes: int

    @property
    def url(self) -> str:
        return media_url(self.name)

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]


def media_url(name: str) -> str:
    """The address readers fetch the stored file `name` from, remembered for the next page.

    A card's photo names a dozen renditions or more (three formats, four or five widths), and
    asking the storage for each address (urljoin and quoting on the file system; botocore on
    S3) was half of what a card cost to render. A name's address is the same every time for
    one storage, so it is kept, unless the storage signs its addresses (AWS_QUERYSTRING_AUTH):
    those expire.
    """
    storage = storages["default"]
    if getattr(storage, "querystring_auth", False):
        return storage.url(name)
    return _remembered_url(storage, name)


# About a thousand photos' renditions, a few megabytes.
@lru_cache(maxsize=16_384)
def _remembered_url(storage: Storage, name: str) -> str:
    return storage.url(name)


class Renditions:
    """The stored record of one photo's renditions, as templates, feeds and metadata read it."""

    def __init__(self, record: dict | None, *, source: str):
        record = record or {}
        current = bool(source) and record.get("source") == source
        self.items = [Rendition(**item) for item in record.get("items", ())] if current else []
        # Sorted by format once: a <picture> asks for every format, the fallback and the
        # JPEG srcset, and listings show a dozen photos or more.
        self._by_format = {}
        for rendition in sorted(self.items, key=lambda r: r.width):
            self._by_format.setdefault(rendition.format, []).append(rendition)

    def __bool__(self) -> bool:
        return bool(self.items)

    def of_format(self, kind: str) -> list[Rendition]:
        return list(self._by_format.get(kind, ()))

    def srcset(self, kind: str) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self._by_format.get(kind, ()))

    @property
    def sources(self) -> list[dict]:
        """The <source> elements: every format but the fallback, best first."""
        return [
            {"type": MIME_TYPES[kind], "srcset": self.srcset(kind)}
            for kind in FORMATS[:-1]
            if kind in self._by_format
        ]

    @property
    def fallback(self) -> Rendition | None:
        """The JPEG for <img src>: the one nearest 960 px, a fair guess for old browsers."""
        jpegs = self._by_format.get("jpeg")
        return min(jpegs, key=lambda r: abs(r.width - 960)) if jpegs else None

    @property
    def share(self) -> Rendition | None:
        """The JPEG for social cards and feed enclosures: the largest up to 1280 px wide."""
        jpegs = self.of_format("jpeg")
        fitting = [r for r in jpegs if r.width <= 1280]
        return (fitting or jpegs)[-1] if jpegs else None


def encodable_formats() -> tuple[str, ...]:
    """Those of FORMATS this Pillow can write. AVIF needs Pillow 11.3 or later built with
    libavif, WebP libwebp; a build without them still serves every browser with JPEG."""
    return tuple(kind for kind in FORMATS if kind == "jpeg" or features.check(kind))


def renditions_make(
    *,
    source: str,
    square: bool = False,
    storage: Storage = default_storage,
    formats: tuple[str, ...] | None = None,
) -> dict:
    """Make (or find) every rendition of the stored photo `source`; return the JSON record.

    `square` crops to a square first (author portraits). Renditions already in storage are not
    made again, so this is cheap to repeat and safe to run for many articles sharing a photo.
    `formats` (of FORMATS, JPEG among them) defaults to what this Pillow can write.
    """
    formats = encodable_formats() if formats is None else formats
    with storage.open(source, "rb") as file:
        image = Image.open(file)
        image.load()
    image = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    image = _flatten(image)
    present = _stored_renditions(source, storage)
    items = []
    for width, height in _sizes(image.size, square=square):
        resized = None
        for kind in formats:
            name = _rendition_name(source, width, kind)
            if name in present:
                size = storage.size(name)
            else:
                if resized is None:
                    resized = _resize(image, width, height, square=square)
                data = _encode(resized, kind, icc_profile)
                name = storage.save(name, ContentFile(data))
                size = len(data)
            items.append(
                {"format": kind, "width": width, "height": height, "name": name, "bytes": size}
            )
    return {"source": source, "items": items}


def _sizes(size: tuple[int, int], *, square: bool) -> list[tuple[int, int]]:
    """Every standard size smaller than the photo, and the photo's own (capped) size."""
    width, height = size
    if square:
        largest = min(width, height, PORTRAIT_SIZES[-1])
        return [(s, s) for s in PORTRAIT_SIZES if s < largest] + [(largest, largest)]
    largest = min(width, LEAD_WIDTHS[-1])
    widths = [w for w in LEAD_WIDTHS if w < largest] + [largest]
    return [(w, max(1, round(height * w / width))) for w in widths]


def _rendition_name(source: str, width: int, kind: str) -> str:
    return f"{_renditions_dir(source)}/{width}w.{EXTENSIONS[kind]}"


def _renditions_dir(source: str) -> str:
    return f"{RENDITIONS_DIR}/{PurePosixPath(source).with_suffix('')}"


def _stored_renditions(source: str, storage: Storage) -> set[str]:
    """The names of the renditions of `source` already stored: one listing, where asking
    after each of the 15 would cost a request each in a bucket (as much as the upload)."""
    directory = _renditions_dir(source)
    try:
        _, files = storage.listdir(directory)
    except FileNotFoundError:  # on the file system; a bucket has no directories to miss
        return set()
    return {f"{directory}/{name}" for name in files}


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, on white where the photo was transparent: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _resize(image: Image.Image, width: int, height: int, *, square: bool) -> Image.Image:
    if square:
        # Faces sit in the upper half of most portraits.
        return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    if (width, height) == image.size:
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, kind: str, icc_profile: bytes | None) -> bytes:
    buffer = io.BytesIO()
    options = dict(ENCODER_OPTIONS[kind])
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, kind.upper(), **options)
    return buffer.getvalue()


# Photos placed in an article's body (the body editor's figure dialog)

# Stored at most this wide: the article column is 40rem (640 CSS px), so this is sharp on a 2x
# screen with room to spare, and a 6000-pixel original never reaches a reader.
BODY_IMAGE_WIDTH = 1600
BODY_IMAGES_DIR = "articles/body"


def body_image_store(*, upload) -> str:
    """Store a photo for an article body and return its address under MEDIA_URL (the only
    images the body may show): turned upright, at most BODY_IMAGE_WIDTH wide, as JPEG, on white
    where it was transparent.

    The file's name carries its size (`<id>-1600x900.jpg`): the body holds only the address,
    and the sanitiser reads the size from it to give the image width and height, so the page
    does not jump when the photo arrives. The address is MEDIA_URL's even when the storage
    has its own (a bucket's): readers are given that one (articles.sanitise.body_for_readers),
    and a signed bucket address would have expired by the time the body is read."""
    upload.seek(0)
    with Image.open(upload) as opened:
        icc_profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)
    image.thumbnail((BODY_IMAGE_WIDTH, BODY_IMAGE_WIDTH * 4), Image.Resampling.LANCZOS)
    if image.mode != "RGB":
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    options = {"quality": 82, "optimize": True, "progressive": True}
    image.save(buffer, "JPEG", **options, **({"icc_profile": icc_profile} if icc_profile else {}))
    width, height = image.size
    name = f"{BODY_IMAGES_DIR}/{uuid.uuid4().hex}-{width}x{height}.jpg"
    name = default_storage.save(name, ContentFile(buffer.getvalue()))
    return settings.MEDIA_URL + filepath_to_uri(name)
