import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Imported once Django is set up: the page cache reads the apps' models.
from newsroom.handlers import StripeWebhookRouter  # noqa: E402
from newsroom.page_cache import PageCacheWSGIHandler  # noqa: E402

# Reader pages from the page cache are answered before Django's handler (newsroom/page_cache.py).
application = PageCacheWSGIHandler(application)
# Stripe's webhook deliveries are answered before both (newsroom/handlers.py).
application = StripeWebhookRouter(application)
