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


urlpatterns = [
    path("", site.home, name="home"),
    path(pgettext_lazy("address", "about/"), site.about, name="about"),
    path("media/<path:path>", site.media, name="media"),
    path(pgettext_lazy("address", "article/"), articles.article_list, name="article-list"),
    path(
        pgettext_lazy("address", "article/<slug:slug>/"),
        articles.article_detail,
        name="article-detail",
    ),
    path(
        pgettext_lazy("address", "article/<slug:slug>/<slug:page_slug>/"),
        articles.article_page,
        name="article-page",
    ),
    path(pgettext_lazy("address", "find-a-chiropractor/"), referral.referral, name="referral"),
    path(pgettext_lazy("address", "search/"), search.site_search, name="search"),
    path(pgettext_lazy("address", "exercises/"), exercises.exercise_list, name="exercise-list"),
    path(
        pgettext_lazy("address", "exercises/<slug:slug>/"),
        exercises.exercise_detail,
        name="exercise-detail",
    ),
    path(pgettext_lazy("address", "self-test/"), selftest.selftest_index, name="selftest-index"),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/"),
        selftest.selftest_start,
        name="selftest-start",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/begin/"),
        selftest.selftest_begin,
        name="selftest-begin",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/step/<int:number>/"),
        selftest.selftest_step,
        name="selftest-step",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/check/"),
        selftest.selftest_check,
        name="selftest-check",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/emergency/"),
        selftest.selftest_emergency,
        name="selftest-emergency",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/result/<str:token>/"),
        selftest.selftest_result,
        name="selftest-result",
    ),
    path(
        pgettext_lazy("address", "self-test/<slug:slug>/result/<str:token>/plan/"),
        selftest.selftest_plan,
        name="selftest-plan",
    ),
    path(pgettext_lazy("address", "reminders/"), reminders.reminders, name="reminders"),
    path(
        pgettext_lazy("address", "reminders/stand-up-reminders.ics"),
        reminders.reminders_calendar,
        name="reminders-calendar",
    ),
    path(pgettext_lazy("address", "feedback/"), feedback.feedback, name="feedback"),
    path(
        pgettext_lazy("address", "feedback/comment/"),
        feedback.feedback_comment,
        name="feedback-comment",
    ),
]
