"""The reader's support state: what they told us about the asks, and where it is kept.

It is three dates: asks snoozed until ("Remind me later"), supporter until (a confirmed gift, or
"I already support you"), and banner hidden until (closing the banner); plus a one-time notice
for the next page, and until when the reader is not offered the monthly upgrade again (they
answered it: cookie only). Anonymous readers carry it in one signed cookie, set only once they act;
signed-in readers also keep it in the database, so it follows them across devices (the later
date wins).

SupportMiddleware puts it on `request.support` for everyone to read, the way
AuthenticationMiddleware puts the user on `request.user`, and writes the cookies on the response
when the request changed it. Which ask a reader then sees is donations.prompts' business; the
services that change the state are in donations.services.support.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.utils import timezone

from donations.models import ReaderSupport, RecurringDonation

COOKIE_NAME = "support"
COOKIE_SALT = "donations.support-state"
# Readable by static/js/prompts.js (the signed cookie is httponly), written and removed with it.
HINT_COOKIE_NAME = "support_hint"
SUPPORTER_DAYS_AFTER_GIFT = 90
SUPPORTER_DAYS_WHEN_ALREADY = 30
# How long a reader who answered the monthly upgrade is not asked it again.
UPGRADE_ANSWERED_DAYS = 1
NOTICE_SNOOZED = "snoozed"
# How a page that shows the notice (templates/includes/prompts/snoozed.html) is recognised.
# Escaped text cannot hold it (its quotes would be &quot;), so an article about our markup won't.
NOTICE_MARK = b'class="support-notice" data-support-notice'


@dataclass(frozen=True)
class SupportState:
    snoozed_until: datetime | None = None
    supporter_until: datetime | None = None
    banner_hidden_until: datetime | None = None
    # A one-time message for the next page, for readers without JavaScript (NOTICE_SNOOZED).
    notice: str = ""
    # The reader answered the monthly upgrade (took it or kept their one-off): not asked again
    # until then. Kept in the cookie only: it is about this visit, not the reader's account.
    upgrade_answered_until: datetime | None = None

    def is_empty(self) -> bool:
        return not (
            self.snoozed_until
            or self.supporter_until
            or self.banner_hidden_until
            or self.upgrade_answered_until
        )

    def asks_hidden(self, now: datetime) -> bool:
        return _after(self.supporter_until, now) or _after(self.snoozed_until, now)

    def banner_hidden(self, now: datetime) -> bool:
        return self.asks_hidden(now) or _after(self.banner_hidden_until, now)

    def upgrade_answered(self, now: datetime) -> bool:
        return _after(self.upgrade_answered_until, now)

    def merged(self, other: "SupportState") -> "SupportState":
        """The later of each date: acting on one device never undoes a later choice elsewhere."""
        return replace(
            self,
            snoozed_until=_later(self.snoozed_until, other.snoozed_until),
            supporter_until=_later(self.supporter_until, other.supporter_until),
            banner_hidden_until=_later(self.banner_hidden_until, other.banner_hidden_until),
            upgrade_answered_until=_later(
                self.upgrade_answered_until, other.upgrade_answered_until
            ),
        )

    # The reader's actions. Each gives the state after it; storing it is the caller's part.

    def snoozed(self, *, days: int) -> "SupportState":
        """ "Remind me later": no asks anywhere until the date, which the next page tells."""
        return replace(self, snoozed_until=support_until(days=days), notice=NOTICE_SNOOZED)

    def unsnoozed(self) -> "SupportState":
        """Undo "Remind me later" (a supporter or a closed banner stays as it was)."""
        return replace(self, snoozed_until=None, notice="")

    def banner_closed(self, *, days: int) -> "SupportState":
        return replace(self, banner_hidden_until=support_until(days=days))

    def supporting(self, *, days: int) -> "SupportState":
        """A supporter for `days` from now, or longer if they already were."""
        until = support_until(days=days)
        return replace(self, supporter_until=_later(until, self.supporter_until))

    def upgrade_answered_for(self, *, days: int) -> "SupportState":
        """The monthly upgrade taken or declined: not offered again for `days`."""
        return replace(self, upgrade_answered_until=support_until(days=days))

    def notice_shown(self) -> "SupportState":
        return replace(self, notice="")


def support_until(*, days: int) -> datetime:
    """When a choice made now for `days` days ends: the same clock time, `days` days on in the
    site's calendar. Adding 24-hour days instead would end it an hour early or late across a
    clock change, and near midnight on the wrong day ("We'll ask again on ..." a day off)."""
    # Arithmetic on an aware local time keeps the clock time (Python adds wall-clock days);
    # a time the clocks skip comes out as the moment an hour on, which is what a reader expects.
    return (timezone.localtime() + timedelta(days=days)).astimezone(UTC)


def _after(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and now < moment


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max((d for d in (a, b) if d is not None), default=None)


# The cookies


def state_from_cookie(value: str | None) -> SupportState:
    """The state a cookie holds; a tampered, malformed or foreign cookie counts as none."""
    if not value:
        return SupportState()
    try:
        data = signing.loads(value, salt=COOKIE_SALT)
        return SupportState(
            snoozed_until=_from_timestamp(data.get("s")),
            supporter_until=_from_timestamp(data.get("p")),
            banner_hidden_until=_from_timestamp(data.get("h")),
            notice=str(data.get("n", ""))[:20],
            upgrade_answered_until=_from_timestamp(data.get("u")),
        )
    except (signing.BadSignature, AttributeError, TypeError, ValueError, OverflowError):
        return SupportState()


def state_to_cookie(state: SupportState) -> str:
    data = {
        key: int(moment.timestamp())
        for key, moment in (
            ("s", state.snoozed_until),
            ("p", state.supporter_until),
            ("h", state.banner_hidden_until),
            ("u", state.upgrade_answered_until),
        )
        if moment is not None
    }
    if state.notice:
        data["n"] = state.notice
    return signing.dumps(data, salt=COOKIE_SALT, compress=True)


def _hint(state: SupportState) -> str:
    """Until when asks, and the banner, are hidden, as "<asks>-<banner>" in Unix seconds (0 for
    not hidden), for prompts.js.

    A page the browser kept from before the reader acted (its back/forward cache, or its HTTP
    cache on the back button) still shows the asks; the script takes them off with this. It is
    not signed because it can only hide asks on the reader's own screen: which asks a page
    holds is decided on the server, from the signed cookie.
    """
    asks = _later(state.snoozed_until, state.supporter_until)
    banner = _later(asks, state.banner_hidden_until)
    return "-".join(str(int(moment.timestamp())) if moment else "0" for moment in (asks, banner))


def _cookie_max_age(state: SupportState) -> int:
    """Keep the cookie as long as its latest date matters (at least a day, for the notice)."""
    latest = _later(_later(state.snoozed_until, state.supporter_until), state.banner_hidden_until)
    latest = _later(latest, state.upgrade_answered_until)
    seconds = int((latest - timezone.now()).total_seconds()) if latest else 0
    return max(seconds, 86400)


def _from_timestamp(value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, int):
        raise ValueError("not a timestamp")
    return datetime.fromtimestamp(value, tz=UTC)


def _cookies_write(response, state: SupportState) -> None:
    if state.is_empty() and not state.notice:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        response.delete_cookie(HINT_COOKIE_NAME, samesite="Lax")
        return
    max_age = _cookie_max_age(state)
    response.set_cookie(
        COOKIE_NAME,
        state_to_cookie(state),
        max_age=max_age,
        secure=settings.HTTPS,
        httponly=True,
        samesite="Lax",
    )
    response.set_cookie(
        HINT_COOKIE_NAME,
        _hint(state),
        max_age=max_age,
        secure=settings.HTTPS,
        httponly=False,  # prompts.js reads it
        samesite="Lax",
    )


# Signed-in readers' stored state


def state_read(*, cookie_value: str | None, user: AbstractBaseUser | None) -> SupportState:
    """A reader's state: their cookie, merged for a signed-in `user` with what is stored, and
    a supporter's while they have an active monthly gift."""
    state = state_from_cookie(cookie_value)
    if user is None:
        return state
    state = state.merged(_stored(user))
    if _has_active_monthly_gift(user.email):
        state = replace(state, supporter_until=support_until(days=SUPPORTER_DAYS_AFTER_GIFT))
    return state


def state_store(*, user: AbstractBaseUser | None, state: SupportState) -> None:
    """Keep a signed-in reader's dates, so they follow them to their other devices. An
    anonymous reader (`user` None) has only their cookie."""
    if user is None:
        return
    ReaderSupport.objects.update_or_create(
        user=user,
        defaults={
            "snoozed_until": state.snoozed_until,
            "supporter_until": state.supporter_until,
            "banner_hidden_until": state.banner_hidden_until,
        },
    )


def state_merge_at_login(*, user: AbstractBaseUser, cookie_value: str | None) -> None:
    """A reader who signs in brings their device's choices; the later date of each wins."""
    stored, _ = ReaderSupport.objects.get_or_create(user=user)
    merged = state_from_cookie(cookie_value).merged(_as_state(stored))
    stored.snoozed_until = merged.snoozed_until
    stored.supporter_until = merged.supporter_until
    stored.banner_hidden_until = merged.banner_hidden_until
    stored.save()


def supporter_mark_accounts(*, email: str) -> int:
    """A confirmed gift from an address that belongs to signed-in readers: no asks for them on
    any device for a good while (anonymous readers get this through the thank-you page)."""
    if not email:
        return 0
    until = support_until(days=SUPPORTER_DAYS_AFTER_GIFT)
    marked = 0
    for user in get_user_model().objects.filter(email__iexact=email, is_active=True):
        stored, _ = ReaderSupport.objects.get_or_create(user=user)
        if stored.supporter_until is None or stored.supporter_until < until:
            stored.supporter_until = until
            stored.save(update_fields=["supporter_until", "updated_at"])
        marked += 1
    return marked


def _stored(user: AbstractBaseUser) -> SupportState:
    stored = ReaderSupport.objects.filter(user=user).first()
    return _as_state(stored) if stored is not None else SupportState()


def _as_state(stored: ReaderSupport) -> SupportState:
    return SupportState(
        snoozed_until=stored.snoozed_until,
        supporter_until=stored.supporter_until,
        banner_hidden_until=stored.banner_hidden_until,
    )


def _has_active_monthly_gift(email: str) -> bool:
    if not email:
        return False
    return RecurringDonation.objects.filter(
        donor__email__iexact=email, status=RecurringDonation.Status.ACTIVE
    ).exists()


# The request's state


class RequestSupport:
    """`request.support`: the reader's state, read on first use, and whether this request
    changed it (then SupportMiddleware writes their cookies, and the page cache keeps nothing)."""

    def __init__(self, request):
        self._request = request
        self._state: SupportState | None = None
        self.changed = False

    @property
    def state(self) -> SupportState:
        if self._state is None:
            self._state = state_read(
                cookie_value=self._request.COOKIES.get(COOKIE_NAME), user=self.user
            )
        return self._state

    @property
    def user(self) -> AbstractBaseUser | None:
        """The signed-in reader, whose state is also stored, or None. A reader without a session
        cookie is anonymous without asking the session: reading it would add `Vary: Cookie`
        and make every anonymous page uncacheable."""
        if settings.SESSION_COOKIE_NAME not in self._request.COOKIES:
            return None
        user = getattr(self._request, "user", None)
        return user if user is not None and user.is_authenticated else None

    def update(self, state: SupportState) -> None:
        """This reader's state from now on: their cookies are written on the response. (A
        signed-in reader's stored copy is the services' to write: state_store.)"""
        self._state = state
        self.changed = True


class SupportMiddleware:
    """Puts the reader's support state on `request.support`; writes it to their cookies on the
    response when the request changed it.

    It also ends the one-time notice ("We'll ask again on ...", after "Remind me later" without
    JavaScript) once a page has shown it. Template tags only read, so the tag that shows it
    cannot clear it; and not every page shows it (the giving pages and the admin have no asks,
    and a reader may land on one of those first), so "the next page" would lose it unseen.
    What has shown it is the response that holds its markup (NOTICE_MARK), a 404 page
    included, so that is the rule. Only a response to a request whose state was read, with a
    notice in it, is looked at: the tag reads the state to show it.

    It runs after AuthenticationMiddleware (a signed-in reader's state is stored) and inside
    newsroom.middleware.ReaderPagesMiddleware, which sees the cookies written here and so
    keeps the page private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        support = request.support = RequestSupport(request)
        response = self.get_response(request)
        if _notice_shown_by(support, response):
            support.update(support.state.notice_shown())
        if support.changed:
            _cookies_write(response, support.state)
        return response


def _notice_shown_by(support: RequestSupport, response) -> bool:
    if support._state is None or not support._state.notice:
        return False
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return False
    return NOTICE_MARK in response.content
