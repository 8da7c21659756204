"""Media on object storage: with MEDIA_STORAGE=s3, uploads, their renditions and body photos are
written to and read from a bucket over the S3 API, and pages send readers to the bucket, so any
number of app servers share one set of photos. The bucket is moto's S3 server on 127.0.0.1,
reached over HTTP by the real boto3 client; nothing is written to MEDIA_ROOT."""

import io
import json
import re
import runpy
import urllib.request
import uuid
from html import unescape
from io import StringIO
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.articles.test_admin import _article_form as _body_article_form
from tests.articles.test_images import _article_form, photo
from tests.factories import ArticleFactory, AuthorFactory
from tests.processes import ROOT, S3Server

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
BODY_IMAGE = reverse("admin:articles_article_body_image")


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server().start()
    yield server
    server.stop()


class Bucket:
    """The test's own bucket, read as an operator would, with boto3 (not through the app)."""

    def __init__(self, server: S3Server, name: str):
        self.name = name
        self.prefix = "media/"  # AWS_LOCATION
        self.public_url = f"{server.url}/{name}/{self.prefix}"
        self.client = boto3.client(
            "s3",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def create(self) -> None:
        self.client.create_bucket(Bucket=self.name)
        # Readers fetch photos straight from the bucket: public read, as the README says.
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.name}/*",
                }
            ],
        }
        self.client.put_bucket_policy(Bucket=self.name, Policy=json.dumps(public_read))

    def objects(self) -> dict[str, tuple[str, object]]:
        """Every stored name (under the location prefix) with its ETag and time written."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {
            entry["Key"].removeprefix(self.prefix): (entry["ETag"], entry["LastModified"])
            for page in pages
            for entry in page.get("Contents", ())
        }

    def image(self, name: str) -> Image.Image:
        body = self.client.get_object(Bucket=self.name, Key=self.prefix + name)["Body"].read()
        return Image.open(io.BytesIO(body))


def _s3_settings(monkeypatch, server: S3Server, bucket: str, **overrides) -> dict:
    """STORAGES as newsroom/settings.py builds it from these environment variables, and the
    origin it says pages load media from (for the Content-Security-Policy)."""
    environment = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": server.url,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_LOCATION": "media",
        # The bucket's public address, as a CDN's would be; plain HTTP for the local server.
        "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{server.port}/{bucket}",
        "AWS_S3_URL_PROTOCOL": "http:",
        **overrides,
    }
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    parsed = runpy.run_path(str(ROOT / "newsroom" / "settings.py"))
    return parsed["STORAGES"], parsed["MEDIA_STORAGE_ORIGIN"]


@pytest.fixture
def bucket(request, s3_server, settings, monkeypatch):
    """A new bucket, and the app's media storage set to it as settings.py reads MEDIA_STORAGE=s3
    and the AWS_* variables (a test may change some, parametrizing this fixture)."""
    overrides = getattr(request, "param", {})
    stored = Bucket(s3_server, f"newsroom-{uuid.uuid4().hex[:12]}")
    stored.create()
    settings.STORAGES, stored.origin = _s3_settings(
        monkeypatch, s3_server, stored.name, **overrides
    )
    yield stored
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(media_root.iterdir()), "written to MEDIA_ROOT"


def _fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def _srcset_urls(html: str) -> list[str]:
    figure = html[html.index('<figure class="article__figure">') :]
    figure = figure[: figure.index("</figure>")]
    urls = []
    for srcset in re.findall(r'srcset="([^"]+)"', figure):
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    return urls


def _renditions_of(name: str, widths, formats=("avif", "webp", "jpg")) -> set[str]:
    stem = name.rsplit(".", 1)[0]
    return {f"renditions/{stem}/{width}w.{kind}" for width in widths for kind in formats}


def test_a_lead_photo_uploaded_in_the_admin_is_stored_in_the_bucket_with_its_renditions(
    admin_client, bucket, worker
):
    upload = SimpleUploadedFile("dawn.jpg", photo(700, 394), "image/jpeg")

    with worker():
        response = admin_client.post(ADD, _article_form(upload))

    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    name = article.lead_image.name
    assert name.startswith("lead-images/") and name.endswith("/dawn.jpg")
    assert set(bucket.objects()) == {name} | _renditions_of(name, (320, 640, 700))
    assert bucket.image(f"renditions/{name[:-4]}/640w.avif").size == (640, 360)
    assert (article.lead_image_width, article.lead_image_height) == (700, 394)


def test_the_article_page_sends_readers_to_the_photos_in_the_bucket(
    admin_client, client, bucket, worker
):
    upload = SimpleUploadedFile("dawn.jpg", photo(700, 394), "image/jpeg")
    with worker():
        admin_client.post(ADD, _article_form(upload))
    article = Article.objects.get()

    html = client.get(article.get_absolute_url()).content.decode()

    urls = _srcset_urls(html)
    renditions = _renditions_of(article.lead_image.name, (320, 640, 700))
    assert {url.removeprefix(bucket.public_url) for url in urls} == renditions
    assert all(url.startswith(bucket.origin + "/") for url in urls), "the origin CSP allows"
    status, body = _fetch(urls[0])
    assert status == 200 and Image.open(io.BytesIO(body)).format == "AVIF"
    assert 'width="700" height="394"' in html


@pytest.mark.parametrize(
    "bucket", [{"AWS_S3_CUSTOM_DOMAIN": None, "AWS_S3_URL_PROTOCOL": None}], indirect=True
)
def test_without_a_public_domain_pages_use_the_service_endpoints_addresses(
    admin_client, client, bucket, worker
):
    with worker():
        admin_client.post(ADD, _article_form(SimpleUploadedFile("dawn.jpg", photo(700, 394))))
    article = Article.objects.get()

    urls = _srcset_urls(client.get(article.get_absolute_url()).content.decode())

    assert urls and all(url.startswith(bucket.public_url + "renditions/") for url in urls)
    assert all(url.startswith(bucket.origin + "/") for url in urls), "the origin CSP allows"
    assert all("Signature" not in url for url in urls), "public addresses, as pages are kept"
    assert _fetch(urls[-1])[0] == 200


@pytest.mark.parametrize(
    "bucket", [{"AWS_S3_CUSTOM_DOMAIN": None, "AWS_QUERYSTRING_AUTH": "true"}], indirect=True
)
def test_a_private_bucket_gives_readers_signed_addresses_that_work(
    admin_client, client, bucket, worker
):
    url = _upload_body_photo(admin_client)
    figure = f'<figure><img src="{url}" alt="The harbour wall at low tide."></figure>'
    data, _ = _body_article_form(body=f"<p>The wall held.</p>{figure}")
    data["lead_image"] = SimpleUploadedFile("dawn.jpg", photo(700, 394), "image/jpeg")
    data["lead_image_alt"] = "Boats moored at dawn."
    with worker():
        admin_client.post(ADD, data)

    html = client.get(Article.objects.get().get_absolute_url()).content.decode()

    body = html[html.index('<div class="article__body">') :]
    (body_photo,) = re.findall(r'<img src="([^"]+)"', body[: body.index("</div>")])
    assert _srcset_urls(html), "the lead photo's renditions"
    for address in [unescape(body_photo), *map(unescape, _srcset_urls(html))]:
        assert address.startswith(bucket.public_url) and "X-Amz-Signature=" in address
        assert _fetch(address)[0] == 200
    assert 'width="1600" height="800"' in body


def test_two_photos_uploaded_under_one_name_each_keep_their_own(
    admin_client, client, bucket, worker
):
    first = SimpleUploadedFile("dawn.jpg", photo(700, 394, color="navy"), "image/jpeg")
    with worker():
        admin_client.post(ADD, _article_form(first))
    second_form = _article_form(
        SimpleUploadedFile("dawn.jpg", photo(500, 500, color="orange"), "image/jpeg")
    )
    with worker():
        admin_client.post(ADD, {**second_form, "slug": "harbour-at-dusk", "headline": "Dusk"})

    first_article, second_article = Article.objects.order_by("pk")

    assert first_article.lead_image.name != second_article.lead_image.name
    assert bucket.image(first_article.lead_image.name).size == (700, 394)
    assert bucket.image(second_article.lead_image.name).size == (500, 500)
    for article, (width, height) in ((first_article, (700, 394)), (second_article, (500, 500))):
        largest = max(article.lead_image_renditions["items"], key=lambda item: item["width"])
        assert bucket.image(largest["name"]).size == (width, height)


def _upload_body_photo(admin_client) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), "steelblue").save(buffer, "JPEG")
    response = admin_client.post(
        f"{BODY_IMAGE}?CKEditorFuncNum=-1",
        {
            "image": SimpleUploadedFile("harbour.jpg", buffer.getvalue(), "image/jpeg"),
            "alt": "The harbour wall at low tide.",
            "caption": "",
        },
    )
    return re.search(r'data-url="([^"]+)"', response.content.decode()).group(1)


def test_a_body_photo_is_stored_in_the_bucket_and_shown_to_readers_at_its_size(
    admin_client, client, bucket
):
    url = _upload_body_photo(admin_client)
    figure = f'<figure><img src="{url}" alt="The harbour wall at low tide."></figure>'
    data, _ = _body_article_form(body=f"<p>The wall held.</p>{figure}")

    admin_client.post(ADD, data)

    (stored,) = [name for name in bucket.objects() if name.startswith("articles/body/")]
    assert bucket.image(stored).size == (1600, 800)
    html = client.get(Article.objects.get().get_absolute_url()).content.decode()
    image = (
        f'<img src="{bucket.public_url}{stored}" alt="The harbour wall at low tide." '
        'width="1600" height="800" loading="lazy" decoding="async">'
    )
    assert image in html
    assert _fetch(bucket.public_url + stored)[0] == 200


def test_the_body_editor_finds_a_body_photo_in_the_bucket_at_its_media_address(
    admin_client, bucket
):
    url = _upload_body_photo(admin_client)

    response = admin_client.get(url)

    (stored,) = bucket.objects()
    assert response.status_code == 302
    assert response["Location"] == bucket.public_url + stored


def test_make_renditions_makes_what_the_bucket_lacks_and_a_second_run_changes_nothing(bucket):
    # Photos that arrived another way (an import): stored, but without renditions.
    article = ArticleFactory(with_photo=True)  # 1200 x 675
    author = AuthorFactory(photo=SimpleUploadedFile("ines.png", photo(300, 400, "PNG")))
    assert not article.lead_image_renditions and not author.photo_renditions
    output = StringIO()

    call_command("make_renditions", stdout=output)

    made = bucket.objects()
    assert _renditions_of(article.lead_image.name, (320, 640, 960, 1200)) <= set(made)
    assert _renditions_of(author.photo.name, (96, 192)) <= set(made)
    assert "Renditions made for 2 photo(s)." in output.getvalue()
    article.refresh_from_db()
    assert len(article.lead_image_renditions["items"]) == 12

    call_command("make_renditions", stdout=(again := StringIO()))

    assert "Renditions made for 0 photo(s)." in again.getvalue()
    assert bucket.objects() == made


def test_make_renditions_makes_only_the_renditions_missing_from_the_bucket(bucket):
    article = ArticleFactory(with_photo=True)
    call_command("make_renditions", stdout=StringIO())
    article.refresh_from_db()
    lost = next(item["name"] for item in article.lead_image_renditions["items"])
    bucket.client.delete_object(Bucket=bucket.name, Key=bucket.prefix + lost)
    Article.objects.update(lead_image_renditions={})
    before = bucket.objects()

    call_command("make_renditions", stdout=StringIO())

    after = bucket.objects()
    assert set(after) - set(before) == {lost}
    assert {name: after[name] for name in before} == before, "the others are left as they were"
    article.refresh_from_db()
    assert len(article.lead_image_renditions["items"]) == 12


def test_pages_are_built_without_asking_the_bucket_anything(client, bucket, settings, monkeypatch):
    articles = [ArticleFactory(with_photo=True) for _ in range(3)]
    call_command("make_renditions", stdout=StringIO())
    # Rows without their photo's size, as seed_demo and imports leave them.
    Article.objects.update(lead_image_width=None, lead_image_height=None)
    # The bucket's service stops answering: readers' browsers fetch photos from it (or a CDN),
    # pages only name them.
    unreachable = S3Server()
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings.STORAGES, _ = _s3_settings(monkeypatch, unreachable, bucket.name)

    for path in ("/", articles[0].section.get_absolute_url(), articles[0].get_absolute_url()):
        response = client.get(path)

        assert response.status_code == 200, path
        assert f"{unreachable.url}/{bucket.name}/media/renditions/" in response.content.decode()


def test_a_damaged_upload_is_refused_with_a_message_and_nothing_reaches_the_bucket(
    admin_client, bucket
):
    whole = photo(1200, 800, color="darkorange")
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) * 2 // 3], "image/jpeg")

    response = admin_client.post(ADD, _article_form(upload))

    assert response.status_code == 200
    assert "This photo is damaged or incomplete" in response.content.decode()
    assert not Article.objects.exists()
    assert bucket.objects() == {}
