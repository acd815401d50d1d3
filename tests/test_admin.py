import pytest
from django.urls import reverse
from reversion.models import Version

from education.models import AboutPage, Article, ArticlePage, Reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)


@pytest.mark.parametrize("model", [Article, Reference, AboutPage])
def test_editor_pages_open_for_every_model(admin_client, loaded, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200
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
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Retitled guide", status="published", author="GluteSite editorial team")
    pages = list(article.pages.all())
    data.update(
        {
            "pages-TOTAL_FORMS": len(pages),
            "pages-INITIAL_FORMS": len(pages),
            "pages-MIN_NUM_FORMS": 0,
            "pages-MAX_NUM_FORMS": 1000,
        }
    )
    for index, page in enumerate(pages):
        body = "## Changed\n\nNew words." if index == 0 else page.body
        data.update(
            {
                f"pages-{index}-id": page.pk,
                f"pages-{index}-article": article.pk,
                f"pages-{index}-order": page.order,
                f"pages-{index}-title": page.title,
                f"pages-{index}-slug": page.slug,
                f"pages-{index}-body": body,
            }
        )
    data = {key: value for key, value in data.items() if not isinstance(value, list)}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ArticlePage.objects.get(pk=pages[0].pk).body_html.startswith('<h2 id="changed">')
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert versions.first().revision.user.is_superuser


def test_only_one_about_page_can_be_added(admin_client, loaded):
    assert admin_client.get(reverse("admin:education_aboutpage_add")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, loaded):
    response = client.get(reverse("admin:education_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
