"""The active asks are kept in the cache between pages; an editor's change must reach readers.

A page rendered while the editor's save is still committing reads the rows as they were (its
connection cannot see the change yet). Had the cache been cleared only before the commit, that
page would keep the old asks for as long as the cache holds them: until the next prompt starts
or ends, hours perhaps.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from donations.prompts import active_prompts, asks_paused
from tests.factories import AsksPauseFactory, PromptFactory


def _a_reader_page_meanwhile() -> None:
    """What a page does on another connection, in another thread: read the asks (and keep
    them, if the cache is empty)."""

    def read():
        try:
            active_prompts()
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()


@pytest.mark.django_db(transaction=True)
def test_a_new_headline_shows_even_if_a_page_read_the_asks_while_it_was_saved():
    prompt = PromptFactory(headline="The old headline")
    assert active_prompts()["banner"].headline == "The old headline"
    with transaction.atomic():
        prompt.headline = "The new headline"
        prompt.save()
        _a_reader_page_meanwhile()
    assert active_prompts()["banner"].headline == "The new headline"


@pytest.mark.django_db(transaction=True)
def test_a_deleted_prompt_goes_even_if_a_page_read_the_asks_while_it_was_deleted():
    prompt = PromptFactory()
    assert active_prompts()["banner"] == prompt
    with transaction.atomic():
        prompt.delete()
        _a_reader_page_meanwhile()
    assert active_prompts()["banner"] is None


@pytest.mark.django_db(transaction=True)
def test_a_pause_holds_even_if_a_page_read_the_asks_while_it_was_saved():
    PromptFactory()
    assert not asks_paused()
    with transaction.atomic():
        AsksPauseFactory(until=timezone.now() + timedelta(hours=1))
        _a_reader_page_meanwhile()
    assert asks_paused()
    assert active_prompts()["banner"] is None
