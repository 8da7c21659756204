"""{% card article %}: a story's card, as home, listings and "Read more" show it.

Written here rather than in an included template: a front page shows some thirty cards, and
including a template for each was two thirds of the front page's rendering time (its context
pushed, twenty-odd nodes resolved, a card at a time); writing the same markup here takes a
fraction of that (measured: see bench/pages.py). The markup is the template's, byte for byte.

A story's card is the same wherever it is shown, so each process keeps the ones it wrote under
the content version (articles/fragments.py): home, listings and "Read more" write a card once
per change.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from articles.fragments import remembered
from articles.metadata import iso_datetime
from articles.templatetags.bylines import byline
from articles.templatetags.dates import long_date
from articles.templatetags.pictures import picture

register = template.Library()

# What the photo's width is in each layout, for the browser to choose a file by.
LEAD_SIZES = "(min-width: 75rem) 43rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)"
GRID_SIZES = "(min-width: 75rem) 17rem, (min-width: 36rem) 45vw, calc(100vw - 2rem)"


@register.simple_tag
def card(
    article, *, lead=False, eager=False, priority=False, show_section=False, hide_byline=False
) -> SafeString:
    """`article` as a card: its photo, section (`show_section`), headline, standfirst, byline
    (unless `hide_byline`) and date. `lead`: the front page's top story, larger, its photo
    first. `eager`: above the fold, its photo loaded at once (`priority`: before the others).
    """
    options = (bool(lead), bool(eager), bool(priority), bool(show_section), bool(hide_byline))
    return remembered(("card", article.pk, *options), lambda: _card(article, *options))


def _card(article, lead, eager, priority, show_section, hide_byline) -> SafeString:
    html = [f'<article class="card{" card--lead" if lead else ""}">\n  ']
    if article.lead_image:
        html.append("\n    ")
        html.append(
            picture(
                article.lead_image,
                article.lead_image_renditions,
                width=article.lead_image_width,
                height=article.lead_image_height,
                lazy=not (lead or eager),
                priority=bool(priority) and not lead,
                css_class="card__image",
                sizes=LEAD_SIZES if lead else GRID_SIZES,
            )
        )
        html.append("\n  ")
    html.append('\n  <div class="card__text">\n    ')
    if show_section:
        html.append(f'<p class="card__section">{conditional_escape(article.section.name)}</p>')
    heading = "h2" if lead else "h3"
    html.append(
        f'\n    <{heading} class="card__headline"><a href="'
        f'{conditional_escape(article.get_absolute_url())}">'
        f"{conditional_escape(article.headline)}</a></{heading}>\n    "
    )
    if article.standfirst:
        html.append(f'<p class="card__standfirst">{conditional_escape(article.standfirst)}</p>')
    html.append('\n    <p class="card__meta">')
    if not hide_byline and article.byline_authors:
        html.append(f"<span>By {byline(article)}</span> · ")
    html.append(
        f'<time datetime="{conditional_escape(iso_datetime(article.published_at))}">'
        f"{conditional_escape(long_date(article.published_at))}</time></p>\n  </div>\n</article>\n"
    )
    return mark_safe("".join(html))
