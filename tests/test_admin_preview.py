"""Preview as respondent: a version's sections as a manager sees them, from the admin, creating nothing."""

from django.urls import reverse
from django.utils.html import escape

from assessments import versions
from assessments.models import Answer, Assessment
from assessments.questionnaire import sectioned_items

from .factories import CriteriaEditorFactory, ManagerFactory


def preview_url(questionnaire, slug=None):
    if slug is None:
        return reverse("admin:assessments_questionnaire_preview", args=[questionnaire.pk])
    return reverse("admin:assessments_questionnaire_preview_section", args=[questionnaire.pk, slug])


def test_preview_shows_the_first_section_and_creates_nothing(admin_client, published, django_assert_max_num_queries):
    """The preview opens on section 1 with its statements as answer buttons; no assessment or answer appears."""
    sectioned = sectioned_items(published)
    first = sectioned.first()
    with django_assert_max_num_queries(8):
        response = admin_client.get(preview_url(published))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["section"] == first
    assert [item.code for item in response.context["form"].items] == list(first.codes)
    assert all(escape(item.statement) in page for item in sectioned.items_of(first))
    assert "Strongly agree" in page
    assert f"section 1 of {len(sectioned.sections)}" in page
    assert (Assessment.objects.count(), Answer.objects.count()) == (0, 0)


def test_preview_moves_between_sections(admin_client, published):
    """Each section has its own preview page, linked from the side list and the next button."""
    sectioned = sectioned_items(published)
    second = sectioned.sections[1]
    response = admin_client.get(preview_url(published, second.slug))
    assert response.context["section"] == second
    assert f'href="{preview_url(published, sectioned.sections[2].slug)}"' in response.content.decode()


def test_preview_of_a_draft_shows_its_own_statements(admin_client, published):
    """A draft's reworded statement shows in its preview before it is published."""
    draft = versions.copy_questionnaire(questionnaire=published)
    item = draft.items.order_by("order").first()
    item.statement = "A reworded statement for next year."
    item.save()
    assert "A reworded statement for next year." in admin_client.get(preview_url(draft)).content.decode()
    assert "A reworded statement for next year." not in admin_client.get(preview_url(published)).content.decode()


def test_preview_of_an_unknown_section_is_not_found(admin_client, published):
    """A slug that is no section of the version gives 404."""
    assert admin_client.get(preview_url(published, "no-such-section")).status_code == 404


def test_preview_of_a_version_without_items_is_not_found(admin_client, published):
    """A draft emptied of items has nothing to preview."""
    draft = versions.copy_questionnaire(questionnaire=published)
    draft.items.all().delete()
    assert admin_client.get(preview_url(draft)).status_code == 404


def test_criteria_editors_preview_and_managers_cannot(client, published):
    """Criteria editors open the preview; a manager is sent to the admin's sign-in."""
    client.force_login(CriteriaEditorFactory())
    assert client.get(preview_url(published)).status_code == 200
    client.force_login(ManagerFactory())
    response = client.get(preview_url(published))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_questionnaire_page_links_to_its_preview(admin_client, published):
    """The questionnaire's admin page has a 'Preview as respondent' button."""
    page = admin_client.get(reverse("admin:assessments_questionnaire_change", args=[published.pk])).content.decode()
    assert f'<a href="{preview_url(published)}">Preview as respondent</a>' in page
