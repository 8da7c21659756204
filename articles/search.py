"""Reader search: what a query finds, in what order, and what is highlighted.

Order. An article's relevance is where all the query's words are found: in the headline (tier
1), in what its card shows, i.e. headline, standfirst, authors and tags (tier 2), or anywhere,
body included (tier 3). These are the weight classes of the stored vector (A; A to C; A to D),
so a headline match ranks above a standfirst match above a body-only match. Within a tier the
newest article comes first: for news, recency is the better tie-break than how often a word
recurs.

Why not ts_rank: it has to score every match before it can return the best twelve. A common
word matches three quarters of a 100,000-article archive, and ranking those took 450 ms
(measured). Each tier, instead, is one `ORDER BY published_at DESC LIMIT n` over that tier's
indexed vector, which PostgreSQL answers by walking the published_at index until it has n
matches (common words) or by a bitmap scan of the tier's GIN index (rare ones), choosing from
the words' statistics. Tiers are asked in order and the next one only when the page is not yet
full, so a search costs a few milliseconds at 1,000 or 100,000 articles (`make bench-search`).

Queries use PostgreSQL's websearch syntax ("a phrase", -word, this or that), which accepts any
text without a syntax error. When nothing matches, each word is replaced by the most similar
word the archive contains (pg_trgm) and, if that finds articles, they are shown as "Showing
results for ...".

On other databases (SQLite for `make run`) a simple substring match stands in, which knows no
operators: the page offers only what the engine does (`operators`).

A body-only match is shown by the passage around its first found word, cut at word boundaries
on both engines: the same function cuts it (`passage`), from the body as text (`body_text`).
PostgreSQL's own fragments (ts_headline's MaxFragments) start wherever its tokens do, inside a
word split by a tag ("fo<em>cused</em>" gave "cused on jobs") or a hyphen.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import BYLINES_PREFETCH, SEARCH_TIERS, Article, Byline, SearchWord
from articles.pagination import ListingPage, page_number

# Long enough for any real query; longer ones are cut (and the reader told), which also bounds
# the work PostgreSQL does parsing one.
MAX_QUERY_LENGTH = 200
# Deep pages of a ranked search cost more (each tier query fetches everything before the page)
# and nobody reads them: the last page offered is this one.
MAX_PAGE = 50
# Words looked up for a correction, or matched by the simple search, at most.
MAX_WORDS = 8
SEARCH_CONFIG = "english"
# What PostgreSQL puts around a found word. Private-use characters: clean_query removes them from
# what readers type, so only the database can produce them, and `highlighted` turns them into
# <mark> after escaping everything else.
MARK_START, MARK_END = "\ue000", "\ue001"
WORD = re.compile(r"\w+")
# How much of the body a snippet shows either side of the first found word, at most, before it
# is widened to whole words.
PASSAGE_REACH = 120
# Tags inside a line of text: taken out without a space, so that a word split by one stays one
# word ("fo<em>cused</em>"). Every other tag (paragraphs, headings, list items) parts words.
INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|code|em|i|mark|q|s|small|span|strong|sub|sup|u)(?:\s[^>]*)?>", re.IGNORECASE
)
ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SearchResults:
    query: str  # what the reader asked for, cleaned
    shortened: bool = False  # the query was cut to MAX_QUERY_LENGTH
    corrected: str = ""  # set when the results are for this correction of the query
    page: ListingPage | None = None  # None when there was nothing to search for
    operators: bool = True  # the engine understands "a phrase", -word and "or"

    @property
    def searched(self) -> bool:
        return self.page is not None


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as it is searched: control, format and private-use characters (NUL among
    them, which PostgreSQL refuses) become spaces, runs of space one, and it is cut to
    MAX_QUERY_LENGTH characters at a word boundary. Also says whether it was cut."""
    raw = raw[: MAX_QUERY_LENGTH * 4]  # enough to clean; no need to walk megabytes
    text = " ".join(
        "".join(" " if unicodedata.category(c).startswith("C") else c for c in raw).split()
    )
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    cut = text[: MAX_QUERY_LENGTH + 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]), True


def search_engine(vendor: str) -> "PostgresSearch | SimpleSearch":
    """The search a database `vendor` (Django's connection.vendor) can run."""
    return PostgresSearch() if vendor == "postgresql" else SimpleSearch()


def search_articles(
    raw_query: str, *, page: str, per_page: int, vendor: str | None = None
) -> SearchResults:
    """The page `page` of published articles matching `raw_query` (as typed), best first,
    searched as the database's `vendor` can (by default the one in use).

    Raises Http404 for a page number that is not a page of the results.
    """
    query, shortened = clean_query(raw_query)
    engine = search_engine(vendor or connection.vendor)
    if not any(word.lower() != "or" for word in WORD.findall(query)):
        # nothing but operators
        return SearchResults(query=query, shortened=shortened, operators=engine.operators)
    number = page_number(page, max_page=MAX_PAGE)
    offset = (number - 1) * per_page

    searched_for, corrected = query, ""
    hits = engine.ranked(query, limit=offset + per_page + 1)
    if not hits:
        suggestion = engine.suggestion(query)
        if suggestion:
            hits = engine.ranked(suggestion, limit=offset + per_page + 1)
            if hits:
                searched_for, corrected = suggestion, suggestion
    page_hits = hits[offset : offset + per_page + 1]
    if not page_hits and number > 1:
        raise Http404("No such page of results.")
    articles = engine.fetch(searched_for, page_hits[:per_page])
    return SearchResults(
        query=query,
        shortened=shortened,
        corrected=corrected,
        page=ListingPage(
            number=number,
            object_list=articles,
            has_next=len(page_hits) > per_page,
            offset=offset,
        ),
        operators=engine.operators,
    )


def body_text(body: str) -> str:
    """The stored HTML `body` as the text a reader reads: no tags, character references
    (&amp;) decoded, one space between words."""
    text = html.unescape(ANY_TAG.sub(" ", INLINE_TAG.sub("", body)))
    return " ".join(text.split())


def passage(text: str, *, reach: int = PASSAGE_REACH) -> str:
    """The part of `text` around its first found word (MARK_START), about `reach` characters
    either side, widened to whole words, with "…" where text was left out."""
    text = " ".join(text.split())
    at = max(text.find(MARK_START), 0)
    start, end = max(0, at - reach), min(len(text), at + reach)
    if start > 0:  # back to the start of the word it would cut
        start = text.rfind(" ", 0, start) + 1
    if end < len(text):  # on to the end of the word it would cut
        space = text.find(" ", end)
        end = len(text) if space < 0 else space
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def highlighted(text: str) -> SafeString:
    """`text` escaped, with what the search bracketed in MARK_START/MARK_END as <mark>.

    The marks are the only markup that comes out; article text is always escaped (a headline
    that contains "<script>" shows as those characters).
    """
    out, inside = [], False
    text = " ".join(text.split())
    for part in re.split(f"([{MARK_START}{MARK_END}])", text):
        if part == MARK_START and not inside:
            out.append("<mark>")
            inside = True
        elif part == MARK_END and inside:
            out.append("</mark>")
            inside = False
        elif part not in (MARK_START, MARK_END):
            out.append(escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))


class PostgresSearch:
    operators = True

    def ranked(self, text: str, *, limit: int) -> list[tuple[int, int]]:
        """The first `limit` matches as (pk, tier), best tier first, newest first within one.

        Each tier's vector holds the tiers before it, so a tier query that returns fewer than
        `limit` rows has found every match up to that tier, and the next tier adds its own;
        one that returns `limit` rows fills the list: the later tiers cannot come earlier. A
        word excluded with a minus sign is looked for in the whole article at every tier (see
        ArticleQuerySet.matching), so it leaves the article out wherever it appears.
        """
        query = self._query(text)
        # In websearch syntax only a minus sign excludes a word ("!" is ignored), so without one
        # nothing is excluded. A hyphenated word counts too: a slower search, never a wrong one.
        excludes = "-" in text
        hits, seen = [], set()
        for tier in SEARCH_TIERS:
            pks = list(
                Article.objects.published()
                .matching(query, tier=tier, excludes=excludes)
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)[:limit]
            )
            hits += [(pk, tier) for pk in pks if pk not in seen]
            seen.update(pks)
            if len(pks) == limit:
                break
        return hits[:limit]

    def suggestion(self, text: str) -> str:
        """`text` with each word the archive does not know replaced by the closest one it does,
        or "" when there is nothing to correct."""
        words = list(dict.fromkeys(w.lower() for w in WORD.findall(text) if len(w) >= 3))
        closest = SearchWord.objects.closest_to(words[:MAX_WORDS])

        corrected = WORD.sub(lambda m: closest.get(m.group().lower(), m.group()), text)
        return corrected if corrected.lower() != text.lower() else ""

    def fetch(self, text: str, hits: list[tuple[int, int]]) -> list[Article]:
        """The articles of `hits`, in order, as cards, with the found words highlighted in
        the headline and in a snippet: the standfirst, or for a body-only match, the passage
        of the body around the first found word."""
        query = self._query(text)
        marks = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
        body_hits = [pk for pk, tier in hits if tier == 3]
        articles = (
            Article.objects.published()
            .for_listing()
            .filter(pk__in=[pk for pk, _ in hits])
            .annotate(
                marked_headline=SearchHeadline("headline", query, highlight_all=True, **marks),
                marked_snippet=Case(
                    When(
                        pk__in=body_hits,
                        then=SearchHeadline("body", query, highlight_all=True, **marks),
                    ),
                    default=SearchHeadline("standfirst", query, highlight_all=True, **marks),
                ),
            )
        )
        by_pk = {article.pk: article for article in articles}
        for article in by_pk.values():
            article.hit_headline = highlighted(article.marked_headline)
            snippet = article.marked_snippet
            if article.pk in body_hits:
                snippet = passage(body_text(snippet))
            article.hit_snippet = highlighted(snippet)
        return [by_pk[pk] for pk, _ in hits if pk in by_pk]

    @staticmethod
    def _query(text: str) -> SearchQuery:
        return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


class SimpleSearch:
    """Substring search for databases without full-text search (SQLite, for `make run`).

    Every word must appear (case-insensitively, ASCII only on SQLite) in the headline,
    standfirst, body, an author's name or a tag; the same tiers, then newest first. The
    websearch operators are not understood: quotes and minus signs are ignored, and the page
    does not offer them.
    """

    operators = False

    def ranked(self, text: str, *, limit: int) -> list[tuple[int, int]]:
        words = self._words(text)
        if not words:
            return []
        articles = Article.objects.published()
        for word in words:
            articles = articles.filter(self._anywhere(word))
        in_headline = Q.create([Q(headline__icontains=w) for w in words])
        in_summary = Q.create(
            [Q(headline__icontains=w) | Q(standfirst__icontains=w) for w in words]
        )
        tier = Case(
            When(in_headline, then=Value(1)),
            When(in_summary, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return list(
            articles.annotate(tier=tier)
            .order_by("tier", "-published_at", "-pk")
            .values_list("pk", "tier")[:limit]
        )

    def suggestion(self, text: str) -> str:
        return ""

    def fetch(self, text: str, hits: list[tuple[int, int]]) -> list[Article]:
        words = self._words(text)
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)

        def mark(value: str) -> str:
            return pattern.sub(lambda m: MARK_START + m.group() + MARK_END, value)

        by_pk = (
            Article.objects.published()
            .select_related("section")
            .prefetch_related(BYLINES_PREFETCH)
            .in_bulk([pk for pk, _ in hits])
        )
        for article in by_pk.values():
            article.hit_headline = highlighted(mark(article.headline))
            snippet = mark(article.standfirst)
            if MARK_START not in snippet:
                body = mark(body_text(article.body))
                snippet = passage(body) if MARK_START in body else snippet
            article.hit_snippet = highlighted(snippet)
        return [by_pk[pk] for pk, _ in hits if pk in by_pk]

    @staticmethod
    def _words(text: str) -> list[str]:
        words = [w for w in WORD.findall(text) if w.lower() != "or"]
        return list(dict.fromkeys(words))[:MAX_WORDS]

    @staticmethod
    def _anywhere(word: str) -> Q:
        by_author = Byline.objects.filter(article=OuterRef("pk"), author__name__icontains=word)
        tagged = Article.tags.through.objects.filter(
            article=OuterRef("pk"), tag__name__icontains=word
        )
        return (
            Q(headline__icontains=word)
            | Q(standfirst__icontains=word)
            | Q(body__icontains=word)
            | Exists(by_author)
            | Exists(tagged)
        )
