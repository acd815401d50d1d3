from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from education.admin.markdown import markdown_preview
from education.sitemaps import SITEMAPS
from education.views.site import robots_txt
from glutesite.page_cache import public_page

admin.site.index_title = "Site content"

urlpatterns = [
    path(f"{settings.ADMIN_URL}markdown-preview/", markdown_preview, name="admin-markdown-preview"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("", include("education.urls")),
]
