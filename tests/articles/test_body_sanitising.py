"""Whatever the body editor (or a crafted request) sends, the stored body keeps only the
allow-list of articles/sanitise.py: the browser is never trusted to have cleaned it."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import _article_form

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
