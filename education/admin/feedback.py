"""Readers' feedback in the admin: read-only, exportable as CSV, deletable, and summed up per
page over the last 30 and 365 days."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from education.models import Feedback
from education.models.feedback import PERIODS


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["day", "page", "helpful", "comment"]
    list_filter = ["helpful", "content_type", "day"]
    search_fields = ["comment"]
    date_hierarchy = "day"
    actions = ["export_csv"]
    change_list_template = "admin/education/feedback/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [
            path("by-page/", summary, name="education_feedback_by_page"),
            *super().get_urls(),
        ]

    def summary_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Feedback by page",
            "pages": Feedback.objects.by_page(),
            "periods": PERIODS,
        }
        return render(request, "admin/education/feedback/by_page.html", context)

    @admin.action(description="Export the selected feedback as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="feedback.csv"'
        writer = csv.writer(response)
        writer.writerow(["date", "page", "helpful", "comment"])
        for entry in queryset.prefetch_related("page"):
            writer.writerow([entry.day.isoformat(), str(entry.page), entry.helpful, entry.comment])
        return response
