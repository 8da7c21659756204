from django.conf import settings
from django.contrib import admin
from django.core.files.storage import FileSystemStorage, storages
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("support/", include("donations.urls")),
]


def media(request, path):
    """Uploaded files at their MEDIA_URL address. From the file system, served by Django itself
    (for sites that set SERVE_MEDIA); from a bucket, a redirect to the file's address there.

    Article bodies keep their photos' MEDIA_URL addresses (see articles.sanitise): readers are
    given the bucket's, but the body editor shows the stored body, and finds them through here.
    Not permanent: a signed bucket address changes with every request.
    """
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return serve(request, path, document_root=storage.location)
    return redirect(storage.url(path))


if settings.SERVE_MEDIA or settings.MEDIA_STORAGE != "filesystem":
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media))

urlpatterns.append(path("", include("articles.urls")))
