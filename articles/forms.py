"""The article form in the admin: what each of its buttons does to an article.

Editors publish with buttons that say what happens ("Publish now", "Schedule", "Unpublish"),
not a status drop-down and Save. The button pressed is posted as `_action`; the form turns it
into the article's status and publication time, so that the model's own checks (an address
already taken that day, a photo without alt text) judge the article as it will be saved.
"""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article


class Action:
    """The buttons under the article form (the value each posts as `_action`)."""

    SAVE = "save"  # "Save draft" or "Save changes": the status stays as it is
    SUBMIT = "submit"  # a writer's "Submit for review"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"

    # What only someone who may publish (an editor) may do, refused on the server to anyone
    # else however the request was made.
    EDITORIAL = frozenset({PUBLISH, SCHEDULE, UNPUBLISH})
    ALL = frozenset({SAVE, SUBMIT, PUBLISH, SCHEDULE, UNPUBLISH})


def posted_action(data) -> str:
    """The button pressed; a post without one (or with an unknown one) saves as it is."""
    action = data.get("_action", Action.SAVE)
    return action if action in Action.ALL else Action.SAVE


def action_buttons(article: Article | None, *, can_publish: bool) -> list[tuple[str, str]]:
    """The buttons to show under `article` as stored (None while it is being written), each
    (action, label), in their order: a writer saves and submits, an editor publishes."""
    draft = article is None or article.status == Article.Status.DRAFT
    save = (Action.SAVE, "Save draft" if draft else "Save changes")
    if not can_publish:
        return [save, (Action.SUBMIT, "Submit for review")]
    if draft:
        return [save, (Action.PUBLISH, "Publish now"), (Action.SCHEDULE, "Schedule")]
    if article.is_scheduled:
        return [
            save,
            (Action.PUBLISH, "Publish now"),
            (Action.SCHEDULE, "Reschedule"),
            (Action.UNPUBLISH, "Unpublish"),
        ]
    return [save, (Action.UNPUBLISH, "Unpublish")]


def action_done_message(article: Article, action: str) -> str:
    """What the editor is told after pressing the button."""
    if action == Action.SUBMIT:
        return "Submitted for review: editors see it on their admin home page."
    if action == Action.PUBLISH:
        return "Published: readers can see it now."
    if action == Action.SCHEDULE:
        when = date_format(timezone.localtime(article.published_at), "j F Y, H:i")
        return f"Scheduled: it goes live on {when}."
    if action == Action.UNPUBLISH:
        return "Unpublished: it is a draft again, and off the site."
    return "Draft saved." if article.status == Article.Status.DRAFT else "Changes saved."


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with a name of its own ("Publication date"):
    Django labels neither, and the field's label names no single box."""

    def __init__(self, name: str, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = f"{name} date"
        self.widgets[1].attrs["aria-label"] = f"{name} time"


class ArticleAdminForm(forms.ModelForm):
    """The change form's model form (ArticleAdmin builds it with its fields and widgets)."""

    class Meta:
        model = Article
        # ArticleAdmin's fieldsets say which of these each person's form has.
        fields = [
            "headline",
            "standfirst",
            "body",
            "section",
            "tags",
            "slug",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "published_at",
            "correction",
            "no_asks",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "article-wide article-headline"}),
            "standfirst": forms.Textarea(attrs={"class": "article-wide", "rows": 3}),
            "lead_image_alt": forms.TextInput(attrs={"class": "article-wide"}),
            "lead_image_caption": forms.TextInput(attrs={"class": "article-wide"}),
            "lead_image_credit": forms.TextInput(attrs={"class": "article-wide"}),
            "published_at": LabelledSplitDateTime("Publication"),
        }

    def clean(self):
        """Apply the button pressed to the article, before the model's own checks run.

        Whether this person may press it is the admin's to decide (ArticleAdmin refuses the
        editorial actions to writers before any form is built)."""
        cleaned = super().clean()
        article = self.instance
        action = posted_action(self.data)
        now = timezone.now()
        # The time typed, or the stored one where the field is read-only (a writer's form).
        when = cleaned.get("published_at", article.published_at)
        if "published_at" in self.errors:
            return cleaned
        if action == Action.SCHEDULE:
            if when is None or when <= now:
                self.add_error(
                    "published_at",
                    "To schedule the article, give a publication time still to come "
                    "(or press “Publish now”).",
                )
                return cleaned
            article.status = Article.Status.PUBLISHED
            article.published_at = when
        elif action == Action.PUBLISH:
            article.status = Article.Status.PUBLISHED
            # Now, unless it keeps an earlier time (unpublished and published again: the same
            # address, as the bulk action does).
            article.published_at = when if when is not None and when <= now else now
            cleaned["published_at"] = article.published_at
        elif action == Action.UNPUBLISH:
            article.status = Article.Status.DRAFT
        elif action == Action.SUBMIT:
            article.status = Article.Status.DRAFT
            article.review_requested_at = article.review_requested_at or now
        if article.status == Article.Status.PUBLISHED:
            article.review_requested_at = None
        return cleaned
