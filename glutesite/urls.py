from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from education.admin.markdown import markdown_preview
from education.sitemaps import SITEMAPS
from education.views.site import favicon, robots_txt
from glutesite.page_cache import public_page

admin.site.index_title = "Site content"

urlpatterns = [
    path(f"{settings.ADMIN_URL}markdown-preview/", markdown_preview, name="admin-markdown-preview"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    # English at today's addresses; Spanish under /es/ (the language comes from the address).
    *i18n_patterns(path("", include("education.urls")), prefix_default_language=False),
]

handler400 = "education.views.site.bad_request"
handler403 = "education.views.site.permission_denied"
handler404 = "education.views.site.page_not_found"
handler500 = "education.views.site.server_error"
