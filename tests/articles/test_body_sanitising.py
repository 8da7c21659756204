"""Whatever the body editor (or a crafted request) sends, the stored body keeps only the
allow-list of articles/sanitise.py, which is the editor's own set: the browser is never trusted
to have cleaned it. Inline photos must be ours (uploaded from the editor) and have alt text."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions
from PIL import Image

from articles.models import Article
from articles.sanitise import ALLOWED_TAGS, BODY_EDITOR_EXTENSIONS
from tests.articles.test_admin import _article_form
from tests.factories import role_user, staff_log_in

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">Click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name="card"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<div><img src="x" onmouseover="alert(1)" alt="x"></div>',
    "<base href='https://evil.example/'>",
    '<img src="javascript:alert(1)" alt="x">',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "onload",
    "onmouseover",
    "javascript:",
    "vbscript:",
    "data:",
    "style=",
    "<style",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<meta",
    "<link",
    "<base",
    "<math",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_admin_stores_no_script_from_any_body_payload(admin_client, client, payload):
    data, _ = _article_form(body=f"<p>The vote was 7 to 4.</p>{payload}")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    stored = article.body.lower()
    assert "the vote was 7 to 4." in stored
    assert not [word for word in FORBIDDEN if word in stored], stored
    page = client.get(article.get_absolute_url()).content.decode().lower()
    body = page[page.index('class="article__body"') : page.index("</article>")]
    assert not [word for word in FORBIDDEN if word in body], body


def test_what_the_editor_makes_survives_the_sanitiser(admin_client):
    made = (
        "<h2>What was decided</h2><p><strong>Seven</strong> votes to <em>four</em>, "
        '<a href="https://example.org/minutes">the minutes</a> say.</p>'
        "<ul><li>Ferry</li></ul><ol><li>First</li></ol><blockquote><p>We listened.</p>"
        "</blockquote><h3>Next</h3>"
    )
    data, _ = _article_form(body=made)

    admin_client.post(reverse("admin:articles_article_add"), data)

    stored = Article.objects.get().body
    for fragment in [
        "<h2>What was decided</h2>",
        "<strong>Seven</strong>",
        "<em>four</em>",
        'href="https://example.org/minutes"',
        "<ul><li>Ferry</li></ul>",
        "<ol><li>First</li></ol>",
        "<blockquote><p>We listened.</p></blockquote>",
        "<h3>Next</h3>",
    ]:
        assert fragment in stored


ADD = reverse("admin:articles_article_add")
BODY_IMAGE = reverse("admin:articles_article_body_image")


def _stored_body_of(admin_client, body: str):
    data, _ = _article_form(body=f"<p>The vote was 7 to 4.</p>{body}")
    response = admin_client.post(ADD, data, follow=True)
    return Article.objects.get().body, response.content.decode()


def _photo(width=2400, height=1200, kind="JPEG", name="harbour.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "steelblue").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _upload(client, **fields):
    response = client.post(
        f"{BODY_IMAGE}?CKEditorFuncNum=-1",
        {"image": _photo(), "alt": "The harbour wall at low tide.", "caption": "", **fields},
    )
    return response


def _uploaded_url(response) -> str:
    return re.search(r'data-url="([^"]+)"', response.content.decode()).group(1)


def test_the_server_keeps_exactly_the_tags_the_editor_offers():
    editor_tags = allowlist_from_extensions(BODY_EDITOR_EXTENSIONS)["tags"]

    assert editor_tags == ALLOWED_TAGS
    assert editor_tags == {
        *("p", "br", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote"),
        *("figure", "figcaption", "img"),
    }


def test_the_body_editor_is_configured_from_the_same_list(admin_client):
    html = admin_client.get(ADD).content.decode()

    config = json.loads(
        re.search(r'data-django-prose-editor-configurable="([^"]+)"', html)
        .group(1)
        .replace("&quot;", '"')
    )
    extensions = config["extensions"]
    assert set(BODY_EDITOR_EXTENSIONS) <= set(extensions)
    assert extensions["Heading"] == {"levels": [2, 3]}
    assert extensions["Figure"] == {"pickerUrl": BODY_IMAGE}
    assert not {"Strike", "Subscript", "Superscript", "HorizontalRule", "Table"} & set(extensions)


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("<h4>Sub-head</h4>", "Sub-head"),
        ("<hr>", ""),
        (
            "<p><b>bold</b> <i>italic</i> <s>struck</s> H<sub>2</sub>O x<sup>2</sup></p>",
            "<p>bold italic struck H2O x2</p>",
        ),
        ('<p style="color:red">Red</p>', "<p>Red</p>"),
        ('<p onmouseover="alert(1)">Hover</p>', "<p>Hover</p>"),
        (
            '<p><a href="javascript:alert(1)">Go</a></p>',
            '<p><a rel="noopener noreferrer">Go</a></p>',
        ),
        (
            '<figure><img src="https://elsewhere.example/wall.jpg" alt="The wall">'
            "<figcaption>Hot-linked</figcaption></figure>",
            "",
        ),
        ('<p><img src="//elsewhere.example/media/wall.jpg" alt="The wall"></p>', "<p></p>"),
        ('<img src="/static/logo.png" alt="Our logo">', ""),
    ],
)
def test_markup_the_editor_cannot_make_is_removed_on_save(admin_client, sent, kept):
    stored, _ = _stored_body_of(admin_client, sent)

    assert stored == f"<p>The vote was 7 to 4.</p>{kept}"


def test_an_editor_is_told_when_a_photo_is_removed(admin_client):
    _, page = _stored_body_of(
        admin_client, '<figure><img src="https://elsewhere.example/wall.jpg" alt="x"></figure>'
    )

    assert "A photo was removed from the body" in page


def test_an_uploaded_photo_is_stored_at_most_1600_pixels_wide_under_media(admin_client):
    response = _upload(admin_client)

    url = _uploaded_url(response)
    assert url.startswith(settings.MEDIA_URL + "articles/body/") and url.endswith("-1600x800.jpg")
    stored = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
    with Image.open(stored) as image:
        assert image.size == (1600, 800)
        assert image.format == "JPEG"
    assert 'data-alt="The harbour wall at low tide."' in response.content.decode()
    assert 'data-callback="-1"' in response.content.decode()


def test_a_photo_with_alt_text_and_caption_reaches_readers(admin_client, client):
    url = _uploaded_url(_upload(admin_client))
    figure = (
        f'<figure class="figure"><img src="{url}" alt="The harbour wall at low tide." '
        'data-file="3"><figcaption class="figure-caption">Low tide, Tuesday.</figcaption></figure>'
    )

    stored, _ = _stored_body_of(admin_client, figure)

    image = (
        f'<img src="{url}" alt="The harbour wall at low tide." width="1600" height="800" '
        'loading="lazy" decoding="async">'
    )
    assert stored.endswith(f"<figure>{image}<figcaption>Low tide, Tuesday.</figcaption></figure>")
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert image in page


def test_a_body_photo_keeps_its_true_size_whatever_is_sent_and_however_often_it_is_saved(
    admin_client,
):
    url = _uploaded_url(_upload(admin_client))
    sent = (
        f'<figure><img src="{url}" alt="The wall." width="9" height="9999" loading="eager">'
        "</figure>"
    )

    stored, _ = _stored_body_of(admin_client, sent)
    article = Article.objects.get()
    article.save()  # cleaned again

    expected = (
        f'<figure><img src="{url}" alt="The wall." width="1600" height="800" loading="lazy" '
        'decoding="async"></figure>'
    )
    assert stored.endswith(expected)
    assert Article.objects.get().body.endswith(expected)


def test_a_photo_without_alt_text_is_removed_with_its_figure(admin_client):
    url = _uploaded_url(_upload(admin_client))

    stored, _ = _stored_body_of(
        admin_client, f'<figure><img src="{url}" alt=" "><figcaption>Wall</figcaption></figure>'
    )

    assert "<img" not in stored and "<figure" not in stored and "Wall" not in stored


def test_the_upload_requires_alt_text(admin_client):
    response = _upload(admin_client, alt="")

    assert "This field is required." in response.content.decode()
    assert "data-url" not in response.content.decode()
    assert not (Path(settings.MEDIA_ROOT) / "articles" / "body").exists()


def test_the_upload_refuses_a_file_that_is_not_a_photo(admin_client):
    text = SimpleUploadedFile("notes.jpg", b"not a photo", content_type="image/jpeg")

    response = _upload(admin_client, image=text)

    assert "This file is not a photo we can read" in response.content.decode()
    assert not (Path(settings.MEDIA_ROOT) / "articles" / "body").exists()


def test_writers_may_upload_photos_and_fundraising_may_not(client):
    client.force_login(role_user("Writer", username="wren"))
    assert "data-url" in _upload(client).content.decode()

    staff_log_in(client, role_user("Fundraising", username="fran"))
    assert _upload(client).status_code == 403
