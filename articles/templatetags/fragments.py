"""{% remember key... %}…{% endremember %}: markup every reader page shows alike (the site's
header and footer), written once per content version and kept in the process
(articles/fragments.py), where Django's {% cache %} would ask the cache and unpickle on each use.
{% remember_page "name" %}…{% endremember_page %}: the same for markup of one reader page (its
head, its story or listing), the page named by the view (`page_key`).

The keys must name everything the markup depends on that the content version does not: what the
context gives it (the current section, the site's name).
"""

import datetime
from decimal import Decimal
from functools import wraps
from inspect import getfullargspec, unwrap

from django import template
from django.db.models import Model
from django.template.library import InclusionNode, parse_bits

from articles.fragments import remembered

register = template.Library()

# The context's name for the page a view renders, when its markup may be kept (remember_page).
PAGE_KEY = "page_key"


class RememberNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context):
        key = tuple(value.resolve(context) for value in self.keys)
        return remembered(("remember", *key), lambda: self.nodelist.render(context))


class RememberPageNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        page = context.get(PAGE_KEY)
        if not page:
            return self.nodelist.render(context)
        return remembered(("page", *page, self.name), lambda: self.nodelist.render(context))


@register.tag
def remember(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% remember %} needs a name and what varies.")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.tag
def remember_page(parser, token):
    """{% remember_page "name" %}…{% endremember_page %}: markup of a reader page that every
    reader of that page sees alike (its head, its story or listing, not its asks), kept per
    content version under the context's `page_key`: a tuple the view makes of everything the
    page shows as it read it for this request (a story's row by its fingerprint, the stories
    a listing lists, whose cards are kept per version), so that the markup never lags what the
    database says by more than the cards do. A page without one (a preview, search, the
    support pages) is rendered afresh each time."""
    bits = token.split_contents()[1:]
    if len(bits) != 1 or bits[0][0] not in "\"'" or bits[0][0] != bits[0][-1]:
        raise template.TemplateSyntaxError("{% remember_page %} takes one quoted name.")
    nodelist = parser.parse(("endremember_page",))
    parser.delete_first_token()
    return RememberPageNode(nodelist, bits[0][1:-1])


def remembered_inclusion_tag(library: template.Library, filename: str, *, takes_context=False):
    """`library.inclusion_tag(filename)`, its markup kept per content version and per value of
    everything the tag's function gives the template (a model instance by its primary key and
    last change), so the template is rendered once for each different set of values (the asks:
    a few per prompt, in a couple of states).

    The function still runs on each use: it decides, and only the template's rendering is
    saved. A value it returns that cannot be told apart by its contents is not kept at all."""

    def decorator(func):
        params, varargs, varkw, defaults, kwonly, kwonly_defaults, _ = getfullargspec(unwrap(func))

        @wraps(func)
        def compile_func(parser, token):
            bits = token.split_contents()[1:]
            args, kwargs = parse_bits(
                parser,
                bits,
                params,
                varargs,
                varkw,
                defaults,
                kwonly,
                kwonly_defaults,
                takes_context,
                func.__name__,
            )
            return RememberedInclusionNode(func, takes_context, args, kwargs, filename)

        library.tag(func.__name__, compile_func)
        return func

    return decorator


class RememberedInclusionNode(InclusionNode):
    def render(self, context):
        args, kwargs = self.get_resolved_arguments(context)
        values = self.func(*args, **kwargs)
        try:
            key = ("include", self.filename, _frozen(values))
        except _NotKept:
            return self._render(context, values)
        return remembered(key, lambda: self._render(context, values))

    def _render(self, context, values):
        """What InclusionNode.render does with the function's values, but for the CSRF token,
        which it copies across: markup shown to every reader must not hold one (and reading it
        would give the reader a cookie, which keeps their page out of the page cache)."""
        found = context.render_context.get(self)
        if found is None:
            found = context.template.engine.get_template(self.filename)
            context.render_context[self] = found
        return found.render(context.new(values))


class _NotKept(Exception):
    pass


_PLAIN = (str, int, float, bool, type(None), Decimal, datetime.date, datetime.time)


def _frozen(value):
    """`value` as a key that differs whenever the template could show it differently."""
    if isinstance(value, _PLAIN):
        # A safe string is shown unescaped: not the same value as the plain one.
        return (type(value), value)
    if isinstance(value, Model):
        return (type(value), value.pk, getattr(value, "updated_at", None))
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    raise _NotKept
