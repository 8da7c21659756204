"""Photos: what the admin accepts, the renditions made of them, and how pages serve them."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image

from articles import services
from articles.images import MAX_PHOTO_BYTES, Renditions, renditions_make
from articles.models import Article, Author
from articles.services import article_renditions_make, author_renditions_make
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def photo(width, height, kind="JPEG", color="steelblue"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, kind)
    return buffer.getvalue()


def sideways_photo(width, height):
    """A JPEG stored `width` x `height` whose EXIF says to turn it a quarter (Orientation 6, as
    a phone held upright writes it): it is shown `height` x `width`."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "steelblue").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def lead_img_tag(html):
    figure = html[html.index('<figure class="article__figure">') : html.index("</figure>")]
    return figure[figure.index("<img") :]


def png_claiming(width, height):
    """A few hundred bytes whose header claims `width` x `height` pixels: a pixel bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_renditions_come_in_every_width_up_to_the_photos_own_in_three_formats():
    article = ArticleFactory(with_photo=True)  # 1200 x 675

    article_renditions_make(article=article)

    stored = Renditions(article.lead_image_renditions, source=article.lead_image.name)
    assert {(r.format, r.width, r.height) for r in stored.items} == {
        (kind, width, round(675 * width / 1200))
        for kind in ("avif", "webp", "jpeg")
        for width in (320, 640, 960, 1200)
    }
    for rendition in stored.items:
        with default_storage.open(rendition.name) as file:
            image = Image.open(file)
            assert image.format == rendition.format.upper()
            assert image.size == (rendition.width, rendition.height)
        assert default_storage.size(rendition.name) == rendition.bytes
    article.refresh_from_db()
    assert article.lead_image_renditions["source"] == article.lead_image.name


def test_a_very_large_photo_is_not_rendered_wider_than_1920():
    article = ArticleFactory(
        lead_image=SimpleUploadedFile("wide.jpg", photo(2600, 1300)), lead_image_alt="A wide view."
    )

    article_renditions_make(article=article)

    widths = {item["width"] for item in article.lead_image_renditions["items"]}
    assert widths == {320, 640, 960, 1280, 1920}


def test_author_photos_are_cropped_square_at_one_and_two_times_their_size():
    author = AuthorFactory(photo=SimpleUploadedFile("a.png", photo(300, 400, "PNG")))

    author_renditions_make(author=author)

    sizes = {(i["format"], i["width"], i["height"]) for i in author.photo_renditions["items"]}
    assert sizes == {(kind, s, s) for kind in ("avif", "webp", "jpeg") for s in (96, 192)}
    assert Author.objects.get().photo_renditions == author.photo_renditions


def test_making_renditions_again_reuses_the_stored_files(monkeypatch):
    article = ArticleFactory(with_photo=True)
    article_renditions_make(article=article)
    saved = []
    monkeypatch.setattr(default_storage, "save", lambda *args, **kw: saved.append(args))

    Article.objects.filter(pk=article.pk).update(lead_image_renditions={})
    article.lead_image_renditions = {}
    article_renditions_make(article=article)

    assert saved == []
    assert len(article.lead_image_renditions["items"]) == 12


def test_the_article_page_serves_the_lead_photo_as_a_responsive_picture(client):
    article = ArticleFactory(with_photo=True)
    article_renditions_make(article=article)

    html = client.get(article.get_absolute_url()).content.decode()

    figure = html[html.index('<figure class="article__figure">') : html.index("</figure>")]
    assert figure.index('<source type="image/avif"') < figure.index('<source type="image/webp"')
    assert "/renditions/" in figure and "320w, " in figure and " 1200w" in figure
    assert 'sizes="(min-width: 64rem) 52rem' in figure
    assert 'width="1200" height="675"' in figure, "the shape, for the space to be kept"
    assert 'fetchpriority="high"' in figure
    assert 'loading="lazy"' not in figure
    assert f'alt="{article.lead_image_alt}"' in figure


def test_cards_load_photos_lazily_except_the_top_story(client):
    section = SectionFactory()
    for _ in range(3):
        article_renditions_make(article=ArticleFactory(section=section, with_photo=True))

    html = client.get("/").content.decode()

    lead = html[html.index('class="card card--lead"') :]
    lead = lead[: lead.index("</article>")]
    rest = html[html.index('class="home-section"') :]
    assert 'loading="lazy"' not in lead and 'sizes="(min-width: 75rem) 43rem' in lead
    assert rest.count('loading="lazy"') == 2
    assert rest.count('<source type="image/avif"') == 2


def test_pages_fall_back_to_the_original_photo_until_renditions_exist(client):
    article = ArticleFactory(with_photo=True)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<picture>" not in html
    assert f'src="{article.lead_image.url}"' in html
    assert 'width="1200" height="675"' in html


def test_renditions_of_an_earlier_photo_are_not_served():
    article = ArticleFactory(with_photo=True)
    article_renditions_make(article=article)

    article.lead_image = SimpleUploadedFile("new.jpg", photo(800, 450))
    article.save()

    assert not Renditions(article.lead_image_renditions, source=article.lead_image.name)


def test_the_author_page_serves_a_square_portrait(client):
    author = AuthorFactory(photo=SimpleUploadedFile("a.png", photo(300, 300, "PNG")))
    author_renditions_make(author=author)
    ArticleFactory(authors=[author])

    html = client.get(author.get_absolute_url()).content.decode()

    assert 'class="author-profile__photo"' in html
    assert "96w, " in html and " 192w" in html
    assert 'sizes="96px"' in html and 'width="96" height="96"' in html


def test_make_renditions_processes_each_shared_photo_once(monkeypatch):
    # Twelve articles drawing on two photos, as bulk content does, and an author's portrait.
    shared = [
        default_storage.save(f"articles/shared-{n}.jpg", ContentFile(photo(1200, 675)))
        for n in range(2)
    ]
    for index in range(12):
        ArticleFactory(with_photo=True, lead_image=shared[index % 2])
    AuthorFactory(photo=SimpleUploadedFile("portrait.png", photo(300, 300, "PNG")))
    made = []
    original = services.renditions_make

    def counting(**kwargs):
        made.append(kwargs["source"])
        return original(**kwargs)

    monkeypatch.setattr(services, "renditions_make", counting)
    first, second = io.StringIO(), io.StringIO()

    call_command("make_renditions", stdout=first)
    call_command("make_renditions", stdout=second)

    photos = 2 + Author.objects.exclude(photo="").count()
    assert len(made) == len(set(made)) == photos
    assert f"Renditions made for {photos} photo(s)." in first.getvalue()
    assert "Renditions made for 0 photo(s)." in second.getvalue()
    assert not Article.objects.filter(lead_image_renditions={}).exists()


def test_a_photo_taken_sideways_is_stored_with_the_size_it_is_shown_at():
    article = ArticleFactory(
        lead_image=SimpleUploadedFile("phone.jpg", sideways_photo(800, 400)),
        lead_image_alt="A lighthouse.",
    )

    article.refresh_from_db()
    assert (article.lead_image_width, article.lead_image_height) == (400, 800)


def test_a_sideways_photo_is_given_its_upright_shape_before_and_after_its_renditions(client):
    article = ArticleFactory(
        lead_image=SimpleUploadedFile("phone.jpg", sideways_photo(800, 400)),
        lead_image_alt="A lighthouse.",
    )

    before = lead_img_tag(client.get(article.get_absolute_url()).content.decode())
    article_renditions_make(article=article)
    Article.objects.filter(pk=article.pk).update(
        lead_image_renditions=article.lead_image_renditions
    )
    after = lead_img_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'width="400" height="800"' in before
    assert 'width="400" height="800"' in after
    stored = Renditions(article.lead_image_renditions, source=article.lead_image.name)
    assert {(r.width, r.height) for r in stored.of_format("jpeg")} == {(320, 640), (400, 800)}


def test_a_sideways_photo_stored_with_its_sideways_size_is_shown_in_its_renditions_shape(client):
    """Articles saved before sizes were stored upright keep the old figures; the page must
    still reserve the shape the renditions have."""
    article = ArticleFactory(
        lead_image=SimpleUploadedFile("phone.jpg", sideways_photo(800, 400)),
        lead_image_alt="A lighthouse.",
    )
    article_renditions_make(article=article)
    Article.objects.filter(pk=article.pk).update(lead_image_width=800, lead_image_height=400)

    img = lead_img_tag(client.get(article.get_absolute_url()).content.decode())

    width = int(re.search(r' width="(\d+)"', img).group(1))
    height = int(re.search(r' height="(\d+)"', img).group(1))
    assert height == 2 * width


def test_without_an_avif_encoder_renditions_are_made_in_webp_and_jpeg(client):
    article = ArticleFactory(with_photo=True)

    record = renditions_make(source=article.lead_image.name, formats=("webp", "jpeg"))
    Article.objects.filter(pk=article.pk).update(lead_image_renditions=record)
    html = client.get(article.get_absolute_url()).content.decode()

    assert {item["format"] for item in record["items"]} == {"webp", "jpeg"}
    assert '<source type="image/webp"' in html
    assert "image/avif" not in html and ".avif" not in html


def test_the_first_row_of_a_listing_loads_its_photos_at_once_the_first_one_first(client):
    section = SectionFactory()
    for _ in range(6):
        article_renditions_make(article=ArticleFactory(section=section, with_photo=True))

    html = client.get(section.get_absolute_url()).content.decode()

    grid = html[html.index('class="card-grid"') :]
    cards = grid.split('<article class="card')[1:]
    assert len(cards) == 6
    assert ['loading="lazy"' in card for card in cards] == [False] * 4 + [True] * 2
    assert ['fetchpriority="high"' in card for card in cards] == [True] + [False] * 5


# The admin refuses what is not a photo we can use, saying why.


def _article_form(upload):
    section = SectionFactory()
    author = AuthorFactory()
    return {
        "headline": "Harbour at dawn",
        "slug": "harbour-at-dawn",
        "standfirst": "",
        "section": section.pk,
        "body": "<p>Text.</p>",
        "lead_image": upload,
        "lead_image_alt": "Boats moored at dawn.",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "_action": "publish",
        "published_at_0": "",
        "published_at_1": "",
        "correction": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": author.pk,
        "bylines-0-order": "0",
    }


def test_a_photo_uploaded_in_the_admin_gets_its_renditions_from_the_queue(
    admin_client, client, tasks, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("dawn.jpg", photo(700, 394), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_article_add"), _article_form(upload))

    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    assert article.lead_image_renditions == {}
    before = lead_img_tag(client.get(article.get_absolute_url()).content.decode())
    assert f'src="{article.lead_image.url}"' in before and 'width="700"' in before

    [task] = tasks.run()

    assert task.task_path == "articles.tasks.article_renditions_make"
    article.refresh_from_db()
    assert {item["width"] for item in article.lead_image_renditions["items"]} == {320, 640, 700}
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="article__figure">') : html.index("</figure>")]
    assert "<picture>" in figure and "/renditions/" in figure, "the page kept before, refreshed"


def test_saving_an_article_again_queues_no_renditions_for_a_photo_that_has_them(
    admin_client, tasks, django_capture_on_commit_callbacks
):
    article = ArticleFactory(with_photo=True)
    article_renditions_make(article=article)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article)

    assert not tasks.queued().exists()


def test_an_authors_new_photo_gets_its_renditions_from_the_queue(
    admin_client, tasks, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("a.png", photo(300, 400, "PNG"), "image/png")
    form = {"name": "Ada Reyes", "slug": "ada-reyes", "role": "", "bio": "", "photo": upload}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_author_add"), form)
    tasks.run()

    sizes = {(i["width"], i["height"]) for i in Author.objects.get().photo_renditions["items"]}
    assert sizes == {(96, 96), (192, 192)}


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("notes.jpg", b"This is not a photo at all.", "This file is not a photo we can read."),
        ("empty.png", b"", "The submitted file is empty."),
        ("animation.gif", photo(40, 40, "GIF"), "GIF images are not accepted."),
        ("huge.png", png_claiming(7000, 7000), "This image is 7000 × 7000 pixels, over 40"),
        ("bomb.png", png_claiming(30000, 30000), "This image is far too large to process"),
    ],
)
def test_the_admin_refuses_what_is_not_a_usable_photo_and_says_why(
    admin_client, filename, content, message
):
    upload = SimpleUploadedFile(filename, content, "image/png")

    response = admin_client.post(reverse("admin:articles_article_add"), _article_form(upload))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_the_admin_refuses_a_cut_off_photo_and_says_so(admin_client):
    whole = photo(1200, 800, color="darkorange")
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) * 2 // 3], "image/jpeg")

    response = admin_client.post(reverse("admin:articles_article_add"), _article_form(upload))

    assert response.status_code == 200
    assert "This photo is damaged or incomplete" in response.content.decode()
    assert not Article.objects.exists()
    assert not default_storage.exists("lead-images")


def test_the_admin_refuses_a_photo_over_25_mb_and_says_so(admin_client):
    heavy = photo(64, 64) + b"\0" * MAX_PHOTO_BYTES
    upload = SimpleUploadedFile("heavy.jpg", heavy, "image/jpeg")

    response = admin_client.post(reverse("admin:articles_article_add"), _article_form(upload))

    assert response.status_code == 200
    assert "photos can be at most 25.0\xa0MB" in response.content.decode()
    assert not Article.objects.exists()


def test_the_admin_refuses_a_pixel_bomb_as_an_author_photo(admin_client):
    upload = SimpleUploadedFile("bomb.png", png_claiming(30000, 30000), "image/png")

    response = admin_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Ada Reyes", "slug": "ada-reyes", "role": "", "bio": "", "photo": upload},
    )

    assert response.status_code == 200
    assert "This image is far too large to process" in response.content.decode()
    assert not Author.objects.exists()
