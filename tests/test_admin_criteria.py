"""Criteria in the admin: who may edit them, and the history every change leaves."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments import access, roles, versions
from assessments.models import Commitment, Item, Pattern, Principle, Questionnaire, Stage

from .admin_forms import form_data
from .factories import AllianceFactory, CriteriaEditorFactory, UserFactory

CRITERIA = [Stage, Pattern, Principle, Commitment, Questionnaire, Item]


@pytest.fixture
def editor(db):
    return CriteriaEditorFactory(username="editor")


def change_url(obj):
    return reverse(f"admin:assessments_{obj._meta.model_name}_change", args=[obj.pk])


def test_criteria_editors_group_may_do_everything_to_criteria_and_nothing_else(db):
    """The migration gives the group add, change, delete and view on the six criteria models, and no other right."""
    permissions = set(Group.objects.get(name=roles.CRITERIA_EDITORS).permissions.values_list("codename", flat=True))
    assert permissions == {
        f"{action}_{model._meta.model_name}" for model in CRITERIA for action in ("add", "change", "delete", "view")
    }


def test_editor_sees_only_the_criteria_in_the_admin(client, editor):
    """A criteria editor's admin index lists the six criteria models and the item changes, nothing else."""
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    listed = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert listed == {model.__name__ for model in CRITERIA} | {"HistoricalItem"}


@pytest.mark.parametrize(
    "url_name",
    ["admin:assessments_alliance_changelist", "admin:assessments_assessment_changelist", "admin:auth_user_changelist"],
)
def test_editor_is_refused_everything_but_criteria(client, editor, url_name):
    """Alliances, assessments and users are closed to a criteria editor."""
    client.force_login(editor)
    assert client.get(reverse(url_name)).status_code == 403


def test_editor_changes_a_pattern(client, editor):
    """A criteria editor can rename a pattern through the admin."""
    pattern = Pattern.objects.get(stage__number=2, number=1)
    client.force_login(editor)
    data = form_data(client.get(change_url(pattern)), name="Alliances are part of the strategy")
    assert client.post(change_url(pattern), data).status_code == 302
    assert Pattern.objects.get(pk=pattern.pk).name == "Alliances are part of the strategy"


def test_editor_without_staff_status_cannot_enter_the_admin(client, db):
    """Being in the group is not enough: without staff status the admin sends the user to its login page."""
    user = CriteriaEditorFactory(username="not-staff", is_staff=False)
    client.force_login(user)
    response = client.get(change_url(Pattern.objects.first()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_outside_the_group_cannot_edit_criteria(client, db):
    """Staff status alone gives no right to the criteria."""
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(change_url(Pattern.objects.first())).status_code == 403


def test_editor_sees_no_alliance_in_the_app(editor):
    """Staff status does not make a criteria editor an executive: no alliance is visible to them."""
    AllianceFactory()
    assert not roles.is_executive(editor)
    assert list(access.alliances_visible_to(editor)) == []


def test_a_change_records_who_when_and_what(admin_client, admin_user):
    """Renaming a stage in the admin keeps a history entry naming the admin, the field and both values."""
    stage = Stage.objects.get(number=2)
    old_name = stage.name
    data = form_data(admin_client.get(change_url(stage)), name="Strategic alliances")
    admin_client.post(change_url(stage), data)
    latest = stage.history.first()
    assert (latest.history_type, latest.history_user) == ("~", admin_user)
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", old_name, "Strategic alliances")]


def test_history_page_shows_the_change(admin_client, admin_user):
    """The admin's history page of a principle lists the change with its author and old and new values."""
    principle = Principle.objects.get(number=1)
    data = form_data(admin_client.get(change_url(principle)), name="Integrity first")
    admin_client.post(change_url(principle), data)
    response = admin_client.get(reverse("admin:assessments_principle_history", args=[principle.pk]))
    latest = response.context["page_obj"][0]
    assert (latest.history_user, latest.get_history_type_display()) == (admin_user, "Changed")
    page = " ".join(response.content.decode().split())
    assert f'<a href="/admin/auth/user/{admin_user.pk}/change/">{admin_user.username}</a>' in page
    assert "<strong>Name:</strong> Clear Responsibilities and Expectations&nbsp;&rarr; Integrity first" in page


@pytest.mark.parametrize("model", CRITERIA, ids=lambda m: m.__name__)
def test_every_criteria_model_keeps_history(published, model):
    """Stages, patterns, principles, commitments, questionnaires and items each record a change."""
    obj = model.objects.order_by("pk").first()
    before = obj.history.count()
    obj.save()
    assert obj.history.count() == before + 1
    assert obj.history.first().history_type == "~"


def test_items_loaded_from_the_default_file_have_history(published):
    """Items bulk-loaded from a criteria file start with a 'created' entry and its reason."""
    item = published.items.order_by("order").first()
    entry = item.history.get()
    assert (entry.history_type, entry.history_change_reason) == ("+", "loaded")


def test_item_changes_list_every_change_to_a_version_with_its_author(
    admin_client, admin_user, published, django_assert_max_num_queries
):
    """Rewording one item and deleting another in a draft shows both, newest first, with who and which version."""
    draft = versions.copy_questionnaire(questionnaire=published)
    reworded, deleted = draft.items.order_by("order")[:2]
    data = form_data(admin_client.get(change_url(reworded)), statement="Reworded in the admin")
    admin_client.post(change_url(reworded), data)
    admin_client.post(reverse("admin:assessments_item_delete", args=[deleted.pk]), {"post": "yes"})
    url = reverse("admin:assessments_historicalitem_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"questionnaire__id__exact": draft.pk})
    rows = [(r.history_type, r.code, r.history_user, r.questionnaire_id) for r in response.context["cl"].result_list]
    assert rows[:2] == [("-", deleted.code, admin_user, draft.pk), ("~", reworded.code, admin_user, draft.pk)]
    assert len(rows) == 76  # 74 created by the copy, then the two changes
    record = response.context["cl"].result_list[0]
    history_page = reverse("admin:assessments_item_simple_history", args=[deleted.pk, record.history_id])
    assert f'href="{history_page}"' in response.content.decode()
    assert admin_client.get(history_page).status_code == 200


def test_item_changes_are_read_only_and_open_to_criteria_editors(client, editor):
    """Editors can read the item changes list; nobody can add, change or delete a recorded change."""
    client.force_login(editor)
    url = reverse("admin:assessments_historicalitem_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_add_permission"] is False
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(url).status_code == 403
