from django.urls import path

from education.views import articles, site

app_name = "education"

urlpatterns = [
    path("", site.home, name="home"),
    path("about/", site.about, name="about"),
    path("article/", articles.article_list, name="article-list"),
    path("article/<slug:slug>/", articles.article_detail, name="article-detail"),
    path("article/<slug:slug>/<slug:page_slug>/", articles.article_page, name="article-page"),
]
