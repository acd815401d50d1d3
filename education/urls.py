"""The public addresses. Each is translated (locale/es/LC_MESSAGES/django.po, context "address"):
English at the site's root, Spanish under /es/ with Spanish words (see glutesite/urls.py)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from education.views import (
    articles,
    exercises,
    feedback,
    referral,
    reminders,
    search,
    selftest,
    site,
)

app_name = "education"


def address(route: str):
    return pgettext_lazy("address", route)


urlpatterns = [
    path("", site.home, name="home"),
    path(address("about/"), site.about, name="about"),
    path("media/<path:path>", site.media, name="media"),
    path(address("article/"), articles.article_list, name="article-list"),
    path(address("article/<slug:slug>/"), articles.article_detail, name="article-detail"),
    path(
        address("article/<slug:slug>/<slug:page_slug>/"),
        articles.article_page,
        name="article-page",
    ),
    path(address("find-a-chiropractor/"), referral.referral, name="referral"),
    path(address("search/"), search.site_search, name="search"),
    path(address("exercises/"), exercises.exercise_list, name="exercise-list"),
    path(address("exercises/<slug:slug>/"), exercises.exercise_detail, name="exercise-detail"),
    path(address("self-test/"), selftest.selftest_index, name="selftest-index"),
    path(address("self-test/<slug:slug>/"), selftest.selftest_start, name="selftest-start"),
    path(address("self-test/<slug:slug>/begin/"), selftest.selftest_begin, name="selftest-begin"),
    path(
        address("self-test/<slug:slug>/step/<int:number>/"),
        selftest.selftest_step,
        name="selftest-step",
    ),
    path(address("self-test/<slug:slug>/check/"), selftest.selftest_check, name="selftest-check"),
    path(
        address("self-test/<slug:slug>/emergency/"),
        selftest.selftest_emergency,
        name="selftest-emergency",
    ),
    path(
        address("self-test/<slug:slug>/result/<str:token>/"),
        selftest.selftest_result,
        name="selftest-result",
    ),
    path(
        address("self-test/<slug:slug>/result/<str:token>/plan/"),
        selftest.selftest_plan,
        name="selftest-plan",
    ),
    path(address("reminders/"), reminders.reminders, name="reminders"),
    path(
        address("reminders/stand-up-reminders.ics"),
        reminders.reminders_calendar,
        name="reminders-calendar",
    ),
    path(address("feedback/"), feedback.feedback, name="feedback"),
    path(address("feedback/comment/"), feedback.feedback_comment, name="feedback-comment"),
]
