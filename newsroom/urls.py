import errno

from django.conf import settings
from django.contrib import admin
from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404
from django.shortcuts import redirect
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
    """Uploaded files at their MEDIA_URL address. From the file system, served by Django itself
    (for sites that set SERVE_MEDIA); from a bucket, a redirect to the file's address there.

    Article bodies keep their photos' MEDIA_URL addresses (see articles.sanitise): readers are
    given the bucket's, but the body editor shows the stored body, and finds them through here.
    Not permanent: a signed bucket address changes with every request.
    """
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return redirect(storage.url(path))
    try:
        return serve(request, path, document_root=storage.location)
    except OSError as error:
        # A name the file system cannot even look up (longer than 255 bytes) names no file;
        # Django's serve() only expects "does not exist".
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404("No such file.") from error


if settings.SERVE_MEDIA or settings.MEDIA_STORAGE != "filesystem":
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media))

urlpatterns.append(path("", include("articles.urls")))
