from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Donations"

    def ready(self):
        # Signing in is the one moment we can join a device's prompt choices to the reader's
        # account; Django announces it only through this signal.
        from django.contrib.auth.signals import user_logged_in

        from donations import checks  # noqa: F401  (registers the system checks)
        from donations.support import COOKIE_NAME, state_merge_at_login

        def merge_support_state(sender, request, user, **kwargs):
            if request is not None:
                state_merge_at_login(user=user, cookie_value=request.COOKIES.get(COOKIE_NAME))

        user_logged_in.connect(
            merge_support_state, weak=False, dispatch_uid="donations.merge_support_state"
        )
