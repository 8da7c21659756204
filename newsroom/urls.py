from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    # Staff accounts' own pages (second factor), before the admin's catch-all.
    path("admin/two-factor/", include("staff.urls")),
    path("admin/", admin.site.urls),
    path("support/", include("donations.urls")),
]


def media(request, path):
    """Uploaded files, for sites that let Django serve them (SERVE_MEDIA)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media))

urlpatterns.append(path("", include("articles.urls")))
