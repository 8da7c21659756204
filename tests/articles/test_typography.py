"""Typographic quotes in what editors type and readers read."""

import pytest

from articles.typography import typographic
from tests.factories import ArticleFactory, PromptFactory


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('The council\'s "final" offer', "The council’s “final” offer"),
        ("'We didn't know,' she said", "‘We didn’t know,’ she said"),
        ("Tenants' association", "Tenants’ association"),
        ("Back to the '90s", "Back to the ’90s"),
        ("\"'Nested' quotes\"", "“‘Nested’ quotes”"),
        ('("In brackets") and—"after a dash"', "(“In brackets”) and—“after a dash”"),
        ("No quotes at all", "No quotes at all"),
        ("Already “typographic”", "Already “typographic”"),
    ],
)
def test_straight_quotes_become_typographic(typed, shown):
    assert typographic(typed) == shown


def test_markup_and_code_keep_their_straight_quotes():
    typed = "Use <a href=\"/x\" title='y'>it's</a> and `print(\"it's\")` as 'code'"

    assert typographic(typed) == (
        'Use <a href="/x" title=\'y\'>it’s</a> and `print("it\'s")` as ‘code’'
    )


@pytest.mark.django_db
def test_what_editors_type_is_saved_with_typographic_quotes(client):
    article = ArticleFactory(
        headline='Mayor says "no" to the council\'s plan',
        standfirst="'It's too soon,' she said.",
        lead_image_caption="The mayor's office on Tuesday.",
        correction="An earlier version gave the mayor's name wrongly.",
        body='<p>The <a href="https://example.org/plan">plan</a>.</p>',
    )

    article.refresh_from_db()
    html = client.get(article.get_absolute_url()).content.decode()

    assert article.headline == "Mayor says “no” to the council’s plan"
    assert article.standfirst == "‘It’s too soon,’ she said."
    assert article.lead_image_caption == "The mayor’s office on Tuesday."
    assert article.correction == "An earlier version gave the mayor’s name wrongly."
    assert 'href="https://example.org/plan"' in article.body
    assert "Mayor says “no” to the council’s plan</h1>" in html


@pytest.mark.django_db
def test_an_asks_copy_is_saved_with_typographic_quotes():
    prompt = PromptFactory(headline="Don't miss a story", body="We're funded by readers.")

    prompt.refresh_from_db()

    assert (prompt.headline, prompt.body) == ("Don’t miss a story", "We’re funded by readers.")
