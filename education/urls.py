from django.urls import path

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
    path("about/", site.about, name="about"),
    path("media/<path:path>", site.media, name="media"),
    path("article/", articles.article_list, name="article-list"),
    path("article/<slug:slug>/", articles.article_detail, name="article-detail"),
    path("article/<slug:slug>/<slug:page_slug>/", articles.article_page, name="article-page"),
    path("find-a-chiropractor/", referral.referral, name="referral"),
    path("search/", search.site_search, name="search"),
    path("exercises/", exercises.exercise_list, name="exercise-list"),
    path("exercises/<slug:slug>/", exercises.exercise_detail, name="exercise-detail"),
    path("self-test/", selftest.selftest_index, name="selftest-index"),
    path("self-test/<slug:slug>/", selftest.selftest_start, name="selftest-start"),
    path("self-test/<slug:slug>/begin/", selftest.selftest_begin, name="selftest-begin"),
    path("self-test/<slug:slug>/step/<int:number>/", selftest.selftest_step, name="selftest-step"),
    path("self-test/<slug:slug>/check/", selftest.selftest_check, name="selftest-check"),
    path(
        "self-test/<slug:slug>/emergency/", selftest.selftest_emergency, name="selftest-emergency"
    ),
    path(
        "self-test/<slug:slug>/result/<str:token>/",
        selftest.selftest_result,
        name="selftest-result",
    ),
    path(
        "self-test/<slug:slug>/result/<str:token>/plan/",
        selftest.selftest_plan,
        name="selftest-plan",
    ),
    path("reminders/", reminders.reminders, name="reminders"),
    path(
        "reminders/stand-up-reminders.ics",
        reminders.reminders_calendar,
        name="reminders-calendar",
    ),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/comment/", feedback.feedback_comment, name="feedback-comment"),
]
