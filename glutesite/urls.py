from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "GluteSite editors"
admin.site.site_title = "GluteSite admin"
admin.site.index_title = "Site content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("education.urls")),
]
