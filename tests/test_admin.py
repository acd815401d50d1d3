import pytest
from django.urls import reverse
from reversion.models import Version

from education.models import (
    AboutPage,
    Article,
    Category,
    Equipment,
    Exercise,
    Muscle,
    RedFlag,
    Reference,
    ReferralPage,
    SelfTest,
    Step,
)
from education.models.content import Reviewed
from tests.forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)


EDITED_MODELS = [
    AboutPage, Article, Category, Equipment, Exercise, Muscle, RedFlag, Reference, ReferralPage,
    SelfTest, Step,
]  # fmt: skip


@pytest.mark.parametrize("model", EDITED_MODELS)
def test_editor_pages_open_for_every_model(admin_client, loaded, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200
    html = change.content.decode()
    assert html.count('name="edit_token"') == 1
    assert ('name="mark_reviewed"' in html) == issubclass(model, Reviewed)
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert admin_client.get(history).status_code == 200


@pytest.mark.parametrize("model", [Article, Reference])
def test_deleted_content_can_be_recovered(admin_client, loaded, model):
    opts = model._meta
    model.objects.first().delete()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")
    html = admin_client.get(url).content.decode()
    assert f"/admin/{opts.app_label}/{opts.model_name}/recover/" in html


def test_article_change_form_has_pages_inline_markdown_help_and_view_on_site(admin_client, loaded):
    article = Article.objects.get()
    html = admin_client.get(
        reverse("admin:education_article_change", args=[article.pk])
    ).content.decode()
    assert html.count('name="pages-') > 6
    assert "Raw HTML is shown as text, never run." in html
    assert "/admin/r/" in html  # "View on site"
    assert "body_html" not in html


def test_article_changelist_shows_status_and_review_dates(admin_client, loaded):
    html = admin_client.get(reverse("admin:education_article_changelist")).content.decode()
    for column in ("column-status", "column-last_reviewed", "column-next_review"):
        assert column in html


def test_saving_in_the_admin_renders_markdown_and_records_a_version(admin_client, loaded):
    article = Article.objects.get()
    url = reverse("admin:education_article_change", args=[article.pk])
    data = form_values(admin_client.get(url).content.decode(), "article_form", press="_publish")
    data["pages-0-body"] = "## Changed\n\nNew words."
    response = admin_client.post(url, data)
    assert response.status_code == 302
    first_page = article.pages.get(pk=data["pages-0-id"])
    assert first_page.body_html == '<h2 id="changed">Changed</h2>\n<p>New words.</p>'
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2  # loading the content, then this save
    assert versions.first().revision.user.is_superuser
    assert Version.objects.get_for_object(first_page).count() == 2


def test_only_one_about_page_can_be_added(admin_client, loaded):
    assert admin_client.get(reverse("admin:education_aboutpage_add")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, loaded):
    response = client.get(reverse("admin:education_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
