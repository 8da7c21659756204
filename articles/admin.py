import re

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

from articles.forms import (
    Action,
    ArticleAdminForm,
    action_buttons,
    action_done_message,
    posted_action,
)
from articles.images import PhotoFormField, Renditions, body_image_store
from articles.models import (
    BYLINES_PREFETCH,
    Article,
    ArticleRedirect,
    Author,
    Byline,
    Section,
    Tag,
)
from articles.sanitise import BODY_EDITOR_EXTENSIONS, clean_body_html
from articles.services import (
    article_publish,
    article_revision_record,
    article_save,
    article_snapshot,
    article_unpublish,
    author_save,
)
from articles.signals import reader_content_changed

PHOTO_FIELDS = {models.ImageField: {"form_class": PhotoFormField}}


class BodyImageForm(forms.Form):
    image = PhotoFormField(label="Photo")
    alt = forms.CharField(
        label="Alt text",
        max_length=300,
        help_text="What the photo shows, for readers who cannot see it. Required.",
    )
    caption = forms.CharField(label="Caption", max_length=300, required=False)


class DateHierarchyChangeList(ChangeList):
    """Django's change list, taking a date hierarchy date it cannot count to as a bad filter.

    Django 5.2 works out the end of the chosen year, month or day outside its own check, so
    ?published_at__year=9999 (the next year is 10000) or a twenty-digit year is a 500 instead
    of the admin's answer to a bad filter (the list again, with ?e=1). Fixed in Django itself
    (ticket #37357); drop this once the Django we pin has the fix.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedDateHierarchy:
    """For every ModelAdmin with a date_hierarchy (see DateHierarchyChangeList)."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


class ReaderContentAdmin(admin.ModelAdmin):
    """An admin for something reader pages show: saving or deleting it here says so
    (articles.signals.reader_content_changed), and the cached pages go. Articles and authors
    are saved through their services, which say it themselves (an article with its id).

    Said here, once per save or bulk delete, rather than by post_save and post_delete
    receivers on the models: those would fire for every row a demo seed, a factory or a bulk
    load writes, and once per row of a bulk delete (Django sends post_delete for each), each a
    purge of every page at the edge; an editor's change comes through here or the services."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reader_content_changed.send(sender=self.model, article_id=None)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reader_content_changed.send(sender=self.model, article_id=None)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        reader_content_changed.send(sender=self.model, article_id=None)


@admin.register(Section)
class SectionAdmin(ReaderContentAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(ReaderContentAdmin):
    list_display = ["name", "role", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "role"]
    formfield_overrides = PHOTO_FIELDS

    def save_model(self, request, obj, form, change):
        author_save(author=obj)


@admin.register(Tag)
class TagAdmin(ReaderContentAdmin):
    list_display = ["name", "slug", "sensitive"]
    list_filter = ["sensitive"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class BylineInline(admin.StackedInline):
    """Stacked, not a table: each author's boxes have labels of their own."""

    model = Byline
    autocomplete_fields = ["author"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "Authors (in byline order)"


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(BoundedDateHierarchy, admin.ModelAdmin):
    """Addresses articles had before a change of slug or date. Kept automatically; deleting
    one makes that address a 404."""

    list_display = ["old_address", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["slug", "article__headline"]
    date_hierarchy = "created_at"
    fields = ["old_address", "article", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Earlier address", ordering="published_on")
    def old_address(self, redirect: ArticleRedirect) -> str:
        return f"/{redirect.published_on:%Y/%m/%d}/{redirect.slug}/"


def _address_help(article: Article | None) -> str:
    """The slug's help: the story's real address, where it has one yet."""
    if article is not None and article.published_on is not None:
        address = f"{settings.SITE_URL}{article.get_absolute_url()}"
        if article.is_public:
            return format_html('The last part of its address: <a href="{0}">{0}</a>', address)
        return format_html("The last part of its address, once it is published: {}", address)
    today = f"{timezone.localdate():%Y/%m/%d}"
    slug = article.slug if article is not None else "slug"
    return format_html(
        "The last part of its address, /YYYY/MM/DD/slug/ with the day it is published: "
        "published today, {}/{}/{}/.",
        settings.SITE_URL,
        today,
        slug,
    )


def can_publish(user) -> bool:
    """Editors (and superusers) publish, schedule and unpublish; writers only draft."""
    return user.has_perm("articles.publish_article")


# Fields only an editor may set: a writer's form shows them read-only, and a crafted POST that
# carries them anyway is ignored (see ArticleAdmin.save_model). The status is set by the form's
# buttons (articles.forms.Action), which are refused to writers the same way.
EDITORIAL_FIELDS = ["published_at", "correction", "no_asks"]


class StatusFilter(admin.SimpleListFilter):
    """Draft, scheduled or published, as readers would experience it: a scheduled article is
    stored as published but is not on the site yet. The parameter keeps the name of the plain
    status filter it replaced, so bookmarked lists still work."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.waiting_for_review()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


# The body editor (Tiptap, inside django-prose-editor 0.28) adds its core stylesheet as an
# inline <style> element, and offers no way to give it a nonce: the article form's policy allows
# exactly that text, by its hash. If an upgrade changes the text, the editor's browser tests fail
# with Chromium's message, which gives the new hash.
BODY_EDITOR_CORE_STYLE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


@admin.register(Article)
class ArticleAdmin(BoundedDateHierarchy, ReaderContentAdmin):
    list_display = ["thumbnail", "headline", "status_label", "byline", "section", "published_at"]
    list_display_links = ["headline"]
    list_filter = [StatusFilter, "section", ("bylines__author", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "bylines__author__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags"]
    inlines = [BylineInline]
    readonly_fields = [
        "created_at",
        "updated_at",
        "created_by",
        "corrected_at",
        "revision_history",
        "publication_state",
        "lead_image_preview",
    ]
    formfield_overrides = PHOTO_FIELDS
    form = ArticleAdminForm
    # The authors' inline comes right after the first fieldset, beside the headline, and the
    # buttons say what they do (admin/articles/article/change_form.html, submit_row.html).
    change_form_template = "admin/articles/article/change_form.html"
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "standfirst"]}),
        (None, {"fields": ["body", "section", "tags", "slug"]}),
        (
            "Lead photo",
            {
                "fields": [
                    "lead_image",
                    "lead_image_preview",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            "Publication",
            {"fields": ["publication_state", "published_at", "correction", "corrected_at"]},
        ),
        ("Asks for support", {"fields": ["no_asks"]}),
        (
            "History",
            {
                "fields": ["created_by", "created_at", "updated_at", "revision_history"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-articles.css"]}
        js = ["js/admin-article-form.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # The figure dialog's "Browse..." button opens our upload page: the only way to
            # an image the sanitiser keeps (see articles/sanitise.py).
            picker = reverse("admin:articles_article_body_image")
            return ProseEditorFormField(
                extensions={**BODY_EDITOR_EXTENSIONS, "Figure": {"pickerUrl": picker}},
                widget=AdminProseEditorWidget,
                required=False,
                help_text="Paragraphs, headings, bold, italic, links, lists, quotes, and photos "
                "with captions (the photo button, then Browse… to upload one, with its alt "
                "text). Anything else is removed on save, including images from other sites "
                "and images without alt text.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["help_texts"] = {
            "slug": _address_help(obj),
            "published_at": "For “Schedule”: when the article goes live, a time still to "
            "come. “Publish now” publishes it at once.",
            **kwargs.get("help_texts", {}),
        }
        kwargs["labels"] = {"published_at": "Publication time", **kwargs.get("labels", {})}
        return super().get_form(request, obj, change=change, **kwargs)

    @csp_update({"style-src": [BODY_EDITOR_CORE_STYLE]})
    def render_change_form(self, request, context, *args, **kwargs):
        """The body editor needs an inline import map, which the Content-Security-Policy
        allows only with this response's nonce: its media carry it onto their tags. Admin
        pages are never cached, so a nonce is never sent twice.

        The buttons follow the article as stored: a refused "Publish now" (an address taken)
        has already set the status on the form's instance, which was not saved."""
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=str(nonce))
        original = context.get("original")
        stored = (
            Article.objects.filter(pk=original.pk).first() if original and original.pk else None
        )
        context["article_buttons"] = action_buttons(stored, can_publish=can_publish(request.user))
        context["preview_url"] = (
            reverse("admin:articles_article_preview_change", args=[stored.pk])
            if stored
            else reverse("admin:articles_article_preview")
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Publishing, scheduling and unpublishing are refused to anyone who may not publish,
        however the request was made, before anything is saved."""
        if (
            request.method == "POST"
            and posted_action(request.POST) in Action.EDITORIAL
            and not can_publish(request.user)
        ):
            return self._refused(
                request,
                title="Only an editor can publish",
                reason="Only an editor can publish, schedule or unpublish an article. Nothing "
                "was saved: go back, then save your draft or submit it for review.",
                status=403,
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        if "_action" in request.POST and not self._is_popup(request):
            return self._after_action(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_action" in request.POST and not self._is_popup(request):
            return self._after_action(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def _is_popup(request) -> bool:
        return IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET

    def _after_action(self, request, obj):
        """Back to the article, saying what the button did."""
        self.message_user(request, action_done_message(obj, posted_action(request.POST)))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def _refused(self, request, *, title: str, reason: str, status: int, errors=()):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "reason": reason,
            "errors": errors,
            "opts": self.opts,
        }
        return TemplateResponse(
            request, "admin/articles/article/refused.html", context, status=status
        )

    def preview(self, request, object_id=None):
        """The article as readers would see it, from the form as it is now, saved or not:
        the form posts here (its "Preview" button) and nothing is stored. Never cached, never
        indexed, and only for whoever may write this article."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("No such article.")
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        stored_photo = obj.lead_image.name if obj else ""
        form = self.get_form(request, obj, change=obj is not None)(
            request.POST, request.FILES, instance=obj or Article()
        )
        bylines = [
            formset(
                data=request.POST,
                files=request.FILES,
                instance=form.instance,
                prefix=formset.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
            for formset, inline in self.get_formsets_with_inlines(request, obj)
        ]
        # Every form checked, so that every problem is listed at once.
        checked = [form.is_valid(), *(formset.is_valid() for formset in bylines)]
        if not all(checked):
            errors = [
                f"{form.fields[name].label if name in form.fields else 'Article'}: {message}"
                for name, messages_ in form.errors.items()
                for message in messages_
            ] + [str(error) for formset in bylines for error in formset.errors if error]
            return self._refused(
                request,
                title="This article cannot be previewed yet",
                reason="Correct these in the article form, then press Preview again:",
                errors=errors,
                status=400,
            )
        article = form.instance
        article.body = clean_body_html(article.body)
        if "lead_image" in form.changed_data:
            # A photo chosen but not uploaded yet has no address to show it from.
            article.lead_image = stored_photo
        authors = sorted(
            (
                byline_form.cleaned_data
                for formset in bylines
                for byline_form in formset.forms
                if byline_form.cleaned_data.get("author")
                and not byline_form.cleaned_data.get("DELETE")
            ),
            key=lambda byline: byline.get("order") or 0,
        )
        setattr(
            article,
            BYLINES_PREFETCH.to_attr,
            [Byline(author=byline["author"], order=byline.get("order") or 0) for byline in authors],
        )
        response = TemplateResponse(
            request,
            "admin/articles/article/preview.html",
            {
                "article": article,
                "tags": list(form.cleaned_data.get("tags") or []),
                "related": [],
                "preview": True,
                "current_section": article.section,
            },
        )
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_urls(self):
        return [
            path(
                "body-image/",
                self.admin_site.admin_view(self.body_image),
                name="articles_article_body_image",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.preview),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview),
                name="articles_article_preview_change",
            ),
            *super().get_urls(),
        ]

    def body_image(self, request):
        """The figure dialog's picker: a small window where whoever may write an article
        uploads a photo with its alt text; the stored photo's address goes back to the dialog
        (static/js/admin-body-image.js), which opened this window."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        callback = request.GET.get("CKEditorFuncNum", "")
        form = BodyImageForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a photo to the article",
            "form": form,
            "is_popup": True,
            "callback": callback if re.fullmatch(r"-?\d{1,9}", callback) else "",
        }
        if request.method == "POST" and form.is_valid():
            context["uploaded"] = {
                "url": body_image_store(upload=form.cleaned_data["image"]),
                "alt": form.cleaned_data["alt"].strip(),
                "caption": form.cleaned_data["caption"].strip(),
            }
        return TemplateResponse(request, "admin/articles/article/body_image.html", context)

    def get_queryset(self, request):
        """Writers see, and so can reach, only the articles they started."""
        queryset = super().get_queryset(request).prefetch_related(BYLINES_PREFETCH)
        if can_publish(request.user):
            return queryset
        return queryset.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        """A writer's article is theirs to edit until an editor publishes or schedules it."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status == Article.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly += EDITORIAL_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        # The stored article before this save, for the revision save_related records once the
        # tags and bylines are saved too. Kept on the instance, which belongs to this request
        # (the ModelAdmin is shared by all of them).
        stored = Article.objects.filter(pk=obj.pk).first() if change else None
        obj._revision_before = article_snapshot(article=stored) if stored else {}
        if not change:
            obj.created_by = request.user
        if not can_publish(request.user):
            asked_to_publish = any(
                request.POST.get(key) for key in ("published_at", "published_at_0")
            )
            obj.status = Article.Status.DRAFT
            obj.published_at = None
            if asked_to_publish:
                self.message_user(
                    request,
                    "Saved as a draft: only an editor can publish or schedule an article.",
                    messages.WARNING,
                )
        sent_images = obj.body.lower().count("<img")
        article_save(article=obj)
        if obj.body.count("<img") < sent_images:
            self.message_user(
                request,
                "A photo was removed from the body: photos must be uploaded here (the photo "
                "button, then Browse…) and need alt text.",
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_revision_record(
            article=form.instance,
            user=request.user,
            before=getattr(form.instance, "_revision_before", {}),
        )

    @admin.display(description="Revisions")
    def revision_history(self, article: Article) -> str:
        """Who changed what, newest first, with the values before and after."""
        if article.pk is None:
            return "Nothing yet: the history starts with the first save."
        revisions = article.revisions.select_related("user")[:50]
        return render_to_string("admin/articles/article/revisions.html", {"revisions": revisions})

    @admin.action(description="Publish the selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        published, refused = article_publish(articles=queryset, user=request.user)
        self.message_user(request, f"Published {published} article(s).")
        if refused:
            self.message_user(
                request,
                "Not published, because another article published that day has the same "
                f"address (change the slug first): {', '.join(refused)}.",
                messages.ERROR,
            )

    @admin.action(description="Unpublish the selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        unpublished = article_unpublish(articles=queryset, user=request.user)
        self.message_user(request, f"Unpublished {unpublished} article(s): they are drafts again.")

    @admin.display(description="Status", ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled:
            when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
            return format_html(
                '<span class="status-badge status-badge--scheduled">Scheduled</span> for {}', when
            )
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>',
            article.status,
            article.get_status_display(),
        )

    @admin.display(description="Publication")
    def publication_state(self, article: Article) -> str:
        """Where the article stands, in words: the buttons below change it."""
        if article.pk is None:
            return "Not saved yet."
        stored = Article.objects.filter(pk=article.pk).first() or article
        return render_to_string(
            "admin/articles/article/publication_state.html", {"article": stored}
        )

    @admin.display(description="As readers will see it")
    def lead_image_preview(self, article: Article) -> str:
        """The stored lead photo at the shape the article page shows it, and cropped as the
        cards on the home, section and search pages crop it."""
        if not article.lead_image:
            return "No photo yet: once one is saved it is shown here as readers will see it."
        return render_to_string(
            "admin/articles/article/lead_image_preview.html", {"article": article}
        )

    @admin.display(description="Photo")
    def thumbnail(self, article: Article) -> str:
        """The smallest rendition: a list of fifty articles should not load fifty originals."""
        if not article.lead_image:
            return ""
        renditions = Renditions(article.lead_image_renditions, source=article.lead_image.name)
        jpegs = renditions.of_format("jpeg")
        url = jpegs[0].url if jpegs else article.lead_image.url
        # Empty alt: the headline beside it names the article; the photo adds nothing to read.
        return format_html('<img src="{}" alt="" class="article-thumb" loading="lazy">', url)

    @admin.display(description="Authors")
    def byline(self, article: Article) -> str:
        return ", ".join(author.name for author in article.byline_authors)
