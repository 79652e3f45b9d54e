"""The questionnaire admin: frozen versions read-only, copy and publish, the threshold preview, import and export."""

import json
from decimal import Decimal

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from assessments import criteria_io, versions
from assessments.admin.forms import NOT_UTF8, PREVIEW_CONFIRM, PREVIEW_HEADING
from assessments.admin.questionnaires import THRESHOLDS_FROZEN, THRESHOLDS_PREVIEWED
from assessments.models import COMMITMENT_OF_ANOTHER_PRINCIPLE, Commitment, Item, Pattern, Questionnaire, Stage
from assessments.untrusted_files import ALIASES_REFUSED, MAX_DEPTH, TOO_DEEP

from .admin_forms import form_data
from .answering import answers_by_stage
from .factories import AllianceFactory, AssessmentFactory, CriteriaEditorFactory, UserFactory, submitted_assessment
from .hostile_files import DEEP, DEEP_YAML, LAUGHS

CHANGELIST = reverse("admin:assessments_questionnaire_changelist")
IMPORT = reverse("admin:assessments_questionnaire_import")


def change_url(questionnaire):
    return reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def draft(published):
    return versions.copy_questionnaire(questionnaire=published)


@pytest.fixture
def in_use(published):
    AssessmentFactory(questionnaire=published)
    return published


def test_questionnaire_list_shows_counts_in_few_queries(admin_client, published, draft, django_assert_max_num_queries):
    """The version list shows each version's item and assessment counts without a query per row."""
    AssessmentFactory(questionnaire=published)
    with django_assert_max_num_queries(10):
        response = admin_client.get(CHANGELIST)
    rows = [(q.version, q.item_total, q.assessment_total) for q in response.context["cl"].result_list]
    assert rows == [(2, 74, 0), (1, 74, 1)]


def test_item_list_finds_items_by_stage_and_text_in_few_queries(admin_client, published, django_assert_max_num_queries):
    """All 74 items fit one page of the item list, filterable by stage and searchable by text, in few queries."""
    url = reverse("admin:assessments_item_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 74
    assert len(response.context["cl"].result_list) == 74
    stage_two = Stage.objects.get(number=2)
    response = admin_client.get(url, {"pattern__stage__id__exact": stage_two.pk})
    assert response.context["cl"].result_count == published.items.filter(pattern__stage=stage_two).count()
    item = published.items.order_by("order").first()
    response = admin_client.get(url, {"q": item.statement})
    assert [i.code for i in response.context["cl"].result_list] == [item.code]


def test_draft_page_edits_items_inline_in_few_queries(admin_client, draft, django_assert_max_num_queries):
    """A draft's 74 items are editable rows; the dropdowns' choices load once, not once per row."""
    with django_assert_max_num_queries(25):
        response = admin_client.get(change_url(draft))
    formset = response.context["inline_admin_formsets"][0].formset
    assert len(formset.forms) == 74
    assert "statement" in formset.forms[0].fields
    first = draft.items.order_by("order").first()
    data = form_data(response, **{"items-0-statement": "A clearer statement", "items-0-order": "5"})
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302
    assert Item.objects.values_list("statement", "order").get(pk=first.pk) == ("A clearer statement", 5)


def test_draft_page_adds_an_item_inline(admin_client, draft):
    """A new inline row becomes an item of the draft."""
    response = admin_client.get(change_url(draft))
    pattern = Pattern.objects.get(stage__number=2, number=1)
    data = form_data(
        response,
        **{
            "items-TOTAL_FORMS": "75",
            "items-74-order": "745",
            "items-74-code": "S2-P1-99",
            "items-74-statement": "Partners plan the next year together.",
            "items-74-weight": "1",
            "items-74-pattern": pattern.pk,
            "items-74-questionnaire": draft.pk,
            "items-74-audience": "both",  # the choice the new row shows selected
        },
    )
    assert admin_client.post(change_url(draft), data).status_code == 302
    added = draft.items.get(code="S2-P1-99")
    assert (added.statement, added.order, added.pattern, added.weight) == (
        "Partners plan the next year together.",
        745,
        pattern,
        Decimal("1"),
    )


def test_version_in_use_shows_items_and_thresholds_read_only(admin_client, in_use, django_assert_max_num_queries):
    """A version in use shows no item inputs, no add or delete, read-only thresholds and says why, in few queries."""
    with django_assert_max_num_queries(10):
        response = admin_client.get(change_url(in_use))
    inline = response.context["inline_admin_formsets"][0]
    assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
        False,
        False,
        False,
    )
    assert set(response.context["adminform"].form.fields) == {"title", "previewed_thresholds"}
    assert "1 assessment(s) use this version" in response.content.decode()
    assert 'name="items-0-statement"' not in response.content.decode()


def test_posting_changes_to_a_version_in_use_keeps_items_and_thresholds(admin_client, in_use):
    """A crafted POST with a new statement and threshold saves the title only; items and thresholds stay."""
    first = in_use.items.order_by("order").first()
    data = form_data(
        admin_client.get(change_url(in_use)),
        title="Renamed",
        stage_two_threshold="10",
        **{"items-0-statement": "Rewritten", "items-0-id": first.pk},
    )
    assert admin_client.post(change_url(in_use), data).status_code == 302
    in_use.refresh_from_db()
    assert (in_use.title, in_use.stage_two_threshold) == ("Renamed", Decimal("60"))
    assert Item.objects.get(pk=first.pk).statement == first.statement


def test_item_of_a_version_in_use_opens_read_only(admin_client, in_use):
    """Opening a frozen item shows it without a save or delete button; a forced POST is refused."""
    item = in_use.items.order_by("order").first()
    url = reverse("admin:assessments_item_change", args=[item.pk])
    response = admin_client.get(url)
    assert response.context["has_change_permission"] is False
    assert response.context["show_delete_link"] is False
    assert admin_client.post(url, {"statement": "Rewritten"}).status_code == 403
    assert Item.objects.get(pk=item.pk).statement == item.statement


def test_copy_action_makes_a_draft(admin_client, published):
    """The 'New draft from this version' action copies v1 with its items and says so."""
    response = admin_client.post(
        CHANGELIST, {"action": "copy_selected", "_selected_action": [published.pk]}, follow=True
    )
    draft = Questionnaire.objects.get(version=2)
    assert (draft.status, draft.items.count()) == ("draft", 74)
    assert messages_of(response) == ["Version 2 is a new draft copied from version 1, with its 74 items."]


def publish_url(questionnaire):
    return reverse("admin:assessments_questionnaire_publish", args=[questionnaire.pk])


def test_publish_action_asks_first_then_publishes_and_retires(admin_client, published, draft):
    """The list action opens a page saying what publishing does; only its button publishes v2 and retires v1."""
    AssessmentFactory(questionnaire=published)  # a manager's draft on v1
    response = admin_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert response.url == publish_url(draft)
    page = admin_client.get(response.url)
    effects = page.text[page.text.index('<ul id="publish-effects">') :]
    assert f"v1 “{published.title}”" in effects
    assert "will be retired." in effects  # not yet: only the button retires it
    assert "1 assessment in progress on v1 is finished on v1." in effects
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "published", 2: "draft"}
    response = admin_client.post(publish_url(draft), follow=True)
    assert messages_of(response) == ["Version 2 is published; new assessments use it."]
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "retired", 2: "published"}


def test_publish_page_lists_every_problem_and_a_forced_post_publishes_nothing(admin_client, published, draft):
    """A draft that fails the checks shows every problem instead of a button; a POST anyway is refused whole."""
    draft.items.filter(pattern__stage__number=3, pattern__number=4).delete()
    draft.items.filter(principle__number=2).delete()
    problems = versions.check_questionnaire(draft)
    assert len(problems) == 2
    page = admin_client.get(publish_url(draft))
    assert 'value="Publish v2"' not in page.text
    assert all(f"<li>{escape(problem)}</li>" in page.text for problem in problems)
    response = admin_client.post(publish_url(draft), follow=True)
    assert messages_of(response) == [
        "Version 2 was not published. Mend these problems, then publish again:<ul>"
        + "".join(f"<li>{p}</li>" for p in problems).replace("'", "&#x27;")
        + "</ul>"
    ]
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "published", 2: "draft"}


def test_publish_page_of_a_version_already_published_sends_back(admin_client, published):
    """Only a draft can be published: v1's publish page says so and returns to v1."""
    response = admin_client.get(publish_url(published), follow=True)
    assert messages_of(response) == ["Version 1 is published: only a draft can be published."]
    assert response.redirect_chain[-1][0] == change_url(published)


def test_publish_page_is_for_those_who_may_change_questionnaires(client, draft):
    """Staff without the right to change questionnaires get a 403 and publish nothing."""
    client.force_login(UserFactory(is_staff=True))
    assert client.get(publish_url(draft)).status_code == 403
    assert client.post(publish_url(draft)).status_code == 403
    assert Questionnaire.objects.get(pk=draft.pk).status == "draft"


def test_publish_action_wants_exactly_one_draft(admin_client, published, draft):
    """Selecting two versions to publish is refused with a message."""
    response = admin_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk, published.pk]}, follow=True
    )
    assert messages_of(response) == ["Select exactly one draft to publish."]


def test_save_then_publish_button_saves_then_asks(admin_client, published, draft):
    """'Save, then publish…' keeps the edit and opens the publish page; publishing there does it."""
    data = form_data(admin_client.get(change_url(draft)), title="Alliance maturity 2027", _publish="1")
    response = admin_client.post(change_url(draft), data)
    assert response.url == publish_url(draft)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Alliance maturity 2027", "draft")
    admin_client.post(publish_url(draft))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_copy_button_on_a_version_in_use_opens_the_new_draft(admin_client, in_use):
    """The copy button on a frozen version lands on the new draft's page."""
    data = form_data(admin_client.get(change_url(in_use)), _copy="1")
    response = admin_client.post(change_url(in_use), data)
    draft = Questionnaire.objects.get(version=2)
    assert response.url == change_url(draft)


def test_changed_thresholds_show_their_impact_before_saving(admin_client, published, draft):
    """The first save of new thresholds names the alliances that would move, as a notice, and saves nothing."""
    staying = AllianceFactory(name="Staying", partner="Still")
    submitted_assessment(staying, answers_by_stage(published, 1, 3, 3), published.created_at)  # Stage I either way
    moving = AllianceFactory(name="Moving", partner="Mover")
    submitted_assessment(moving, answers_by_stage(published, 1, 4, 2), published.created_at)
    data = form_data(admin_client.get(change_url(draft)), stage_two_threshold="80")

    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (form.errors, response.context["errors"]) == ({}, [])
    assert response.context["moves_named"] == ["Moving (Mover): Stage II → Stage I"]
    page = " ".join(response.content.decode().split())
    assert "Please correct" not in page
    assert (
        f"<p><strong>{PREVIEW_HEADING}</strong> 1 of 2 alliances would move stage if their latest assessment were "
        "scored with these thresholds: 1 from Stage II to I.</p>"
    ) in page
    assert '<ul id="threshold-moves"> <li>Moving (Mover): Stage II → Stage I</li>' in page
    assert str(PREVIEW_CONFIRM) in page
    draft.refresh_from_db()
    assert draft.stage_two_threshold == Decimal("60")

    data["previewed_thresholds"] = form["previewed_thresholds"].value()
    assert admin_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.stage_two_threshold == Decimal("80")


def test_threshold_preview_names_ten_alliances_then_counts_the_rest(admin_client, published, draft):
    """Twelve alliances moving: the first ten by name are listed, then "and 2 more"."""
    for n in range(12):
        alliance = AllianceFactory(name=f"Alliance {n:02}", partner="P")
        submitted_assessment(alliance, answers_by_stage(published, 1, 4, 2), published.created_at)
    data = form_data(admin_client.get(change_url(draft)), stage_two_threshold="80")
    response = admin_client.post(change_url(draft), data)
    assert response.context["moves_named"] == [f"Alliance {n:02} (P): Stage II → Stage I" for n in range(10)]
    assert response.context["moves_unnamed"] == "and 2 more"
    assert "<li>and 2 more</li>" in response.content.decode()


def test_threshold_preview_names_no_alliance_to_a_criteria_editor(client, published, draft):
    """A criteria editor, who sees no alliance in the app, is told how many would move but not which."""
    client.force_login(CriteriaEditorFactory())
    submitted_assessment(AllianceFactory(name="Secret"), answers_by_stage(published, 1, 4, 2), published.created_at)
    data = form_data(client.get(change_url(draft)), stage_two_threshold="80")
    response = client.post(change_url(draft), data)
    assert response.context["threshold_impact"].moved == 1
    assert (response.context["moves_named"], response.context["moves_unnamed"]) == ([], "")
    assert "Secret" not in response.content.decode()


def test_thresholds_changed_after_their_preview_are_previewed_again(admin_client, draft):
    """Typing other values after a preview shows the new values' impact instead of saving them unseen."""
    data = form_data(admin_client.get(change_url(draft)), stage_two_threshold="80")
    response = admin_client.post(change_url(draft), data)
    data["previewed_thresholds"] = response.context["adminform"].form["previewed_thresholds"].value()
    data["stage_two_threshold"] = "20"
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert response.context["threshold_impact"].describe().startswith("No alliance")
    draft.refresh_from_db()
    assert draft.stage_two_threshold == Decimal("60")


def test_a_frozen_version_does_not_offer_the_threshold_preview(admin_client, in_use, draft):
    """Only a version whose thresholds can change explains the preview; a frozen one just says results stay."""
    frozen = admin_client.get(change_url(in_use)).content.decode()
    editable = admin_client.get(change_url(draft)).content.decode()
    assert (str(THRESHOLDS_PREVIEWED) in frozen, str(THRESHOLDS_FROZEN) in frozen) == (False, True)
    assert str(THRESHOLDS_PREVIEWED) in editable


def test_export_downloads_the_version_as_yaml_and_json(admin_client, published):
    """Both downloads hold the criteria file of v1, which parses back to the same data."""
    for file_format in ("yaml", "json"):
        url = reverse("admin:assessments_questionnaire_export", args=[published.pk, file_format])
        response = admin_client.get(url)
        assert response["Content-Disposition"] == f'attachment; filename="criteria-v1.{file_format}"'
        assert criteria_io.parse(response.content.decode()) == criteria_io.export(published)


def test_import_loads_a_good_file_as_a_new_draft(admin_client, published):
    """An exported file, with a reworded statement, comes back as draft v2."""
    data = criteria_io.export(published)
    data["questionnaire"]["items"][0]["statement"] = "Reworded on import"
    upload = SimpleUploadedFile("criteria.json", json.dumps(data).encode())
    response = admin_client.post(IMPORT, {"file": upload}, follow=True)
    draft = Questionnaire.objects.get(version=2)
    assert (draft.status, draft.items.count()) == ("draft", 74)
    assert draft.items.order_by("order").first().statement == "Reworded on import"
    assert messages_of(response) == ["The file was loaded as draft v2, with 74 items."]


def test_import_that_renames_criteria_shows_the_renames_first_and_loads_on_confirming(admin_client, published):
    """A file renaming a stage and a principle lists both, changes nothing, keeps the file; its button loads it."""
    data = criteria_io.export(published)
    data["stages"][0]["name"] = "Ad hoc"
    data["principles"][1]["name"] = "Open Communication"
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile("criteria.yaml", yaml.safe_dump(data).encode())})
    assert response.context["changes"] == [
        "Stage 1: “Opportunistic” → “Ad hoc”",
        "Principle 2: “Robust Communication” → “Open Communication”",
    ]
    assert (Stage.objects.get(number=1).name, Questionnaire.objects.count()) == ("Opportunistic", 1)
    kept = response.context["kept"]
    response = admin_client.post(IMPORT, {"kept": kept}, follow=True)
    assert messages_of(response) == ["The file was loaded as draft v2, with 74 items."]
    assert Stage.objects.get(number=1).name == "Ad hoc"
    response = admin_client.post(IMPORT, {"kept": kept})  # a token is good once
    assert messages_of(response) == [
        "The uploaded file is no longer kept (it waits an hour, for one import): choose it again."
    ]
    assert Questionnaire.objects.count() == 2


def test_a_kept_file_is_taken_only_by_who_uploaded_it(admin_client, published):
    """Another admin posting the token gets the "no longer kept" message, and nothing loads."""
    data = criteria_io.export(published)
    data["stages"][0]["name"] = "Ad hoc"
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile("criteria.yaml", yaml.safe_dump(data).encode())})
    other = UserFactory(username="other-admin", is_staff=True, is_superuser=True)
    admin_client.force_login(other)
    response = admin_client.post(IMPORT, {"kept": response.context["kept"]})
    assert response.context["changes"] == []
    assert (Stage.objects.get(number=1).name, Questionnaire.objects.count()) == ("Opportunistic", 1)


def test_import_of_a_bad_file_lists_every_error_and_changes_nothing(admin_client, published):
    """A file with three problems shows all three with their places; no stage, item or version changes."""
    data = criteria_io.export(published)
    data["stages"][0]["name"] = "Renamed"  # would change stage 1 if anything were loaded
    data["stages"][1]["number"] = 7
    data["questionnaire"]["items"][0]["weight"] = 0
    del data["questionnaire"]["items"][5]["statement"]
    upload = SimpleUploadedFile("criteria.yaml", yaml.safe_dump(data).encode())
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    assert response.context["problems"] == [
        "stages[1].number: must be at most 3",
        "Item 1 (S1-P1-01): the weight must be more than 0",
        "Item 6 (S1-P1-06): 'statement' is a required property",
    ]
    assert "Nothing was loaded: the file has 3 problems." in response.content.decode()
    assert Stage.objects.get(number=1).name == "Opportunistic"
    assert Questionnaire.objects.count() == 1


def test_import_reports_every_reference_error(admin_client, published):
    """Reference problems are listed together, each with its place."""
    data = criteria_io.export(published)
    items = data["questionnaire"]["items"]
    items[1]["pattern"] = "S9-P9"
    items[2]["code"] = items[3]["code"]
    upload = SimpleUploadedFile("criteria.yaml", yaml.safe_dump(data).encode())
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.context["problems"] == [
        f"questionnaire.items: code {items[3]['code']!r} appears more than once",
        f"Item 2 ({items[1]['code']}): the pattern 'S9-P9' is not in this file",
    ]
    assert Questionnaire.objects.count() == 1


def test_import_refuses_a_file_that_is_not_utf8(admin_client, published):
    """A file in another encoding is refused with a clear message."""
    upload = SimpleUploadedFile("criteria.yaml", "title: Über".encode("latin-1"))
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.context["form"].errors == {"file": [NOT_UTF8]}
    assert Questionnaire.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("laughs.yaml", LAUGHS, ALIASES_REFUSED),
        ("deep.yaml", DEEP_YAML, TOO_DEEP.format(depth=MAX_DEPTH)),
        ("deep.json", DEEP, TOO_DEEP.format(depth=MAX_DEPTH)),
    ],
    ids=["laughs", "deep-yaml", "deep-json"],
)
def test_import_refuses_a_hostile_file_at_once_in_one_sentence(client, published, name, content, problem):
    """A criteria editor's billion-laughs or 10,000-deep upload is refused, as its one problem, before it expands."""
    client.force_login(CriteriaEditorFactory())
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content.encode())})
    assert response.context["problems"] == [problem]
    assert "Nothing was loaded: the file has 1 problem." in response.content.decode()
    assert Questionnaire.objects.count() == 1


@override_settings(INPUT_FILE_MAX_BYTES=1000)
def test_import_refuses_a_file_over_the_size_limit(admin_client, published):
    """An upload larger than INPUT_FILE_MAX_BYTES is refused by its size, beside the field."""
    upload = SimpleUploadedFile("big.yaml", b"#" * 1001)
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.context["form"].errors == {"file": ["The file is larger than 1,000 bytes, the most accepted."]}
    assert Questionnaire.objects.count() == 1


def test_item_with_a_commitment_of_another_principle_is_refused_in_the_form(admin_client, draft):
    """The item page refuses a commitment that does not belong to the item's principle, saying so by the field."""
    item = draft.items.filter(commitment__isnull=False).order_by("order").first()
    elsewhere = Commitment.objects.exclude(principle=item.principle).order_by("principle__number").first()
    url = reverse("admin:assessments_item_change", args=[item.pk])
    response = admin_client.post(url, form_data(admin_client.get(url), commitment=elsewhere.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"commitment": [COMMITMENT_OF_ANOTHER_PRINCIPLE]}
    assert Item.objects.get(pk=item.pk).commitment_id == item.commitment_id


def test_a_version_page_offers_no_save_and_add_another(admin_client, in_use):
    """New versions come from a copy or an import: the version page has no "Save and add another" button."""
    html = admin_client.get(change_url(in_use)).text
    assert 'name="_addanother"' not in html
    assert 'name="_copy"' in html


def test_deleting_versions_keeps_those_in_use_and_says_so_in_one_line(admin_client, in_use):
    """The list's delete keeps v1 (in use) with one message, and deletes the unused draft v2 after confirming."""
    unused = versions.copy_questionnaire(questionnaire=in_use)
    selected = {"action": "delete_unused", "_selected_action": [in_use.pk, unused.pk]}
    response = admin_client.post(CHANGELIST, selected)
    assert messages_of(response) == ["Kept v1: assessments use them, and their results need them."]
    assert list(response.context["queryset"]) == [unused]
    assert "Answer" not in response.text
    admin_client.post(CHANGELIST, {**selected, "post": "yes"})
    assert list(Questionnaire.objects.values_list("version", flat=True)) == [1]


def test_deleting_only_versions_in_use_deletes_nothing(admin_client, in_use):
    """With nothing deletable selected, the list says so and every version stays."""
    response = admin_client.post(CHANGELIST, {"action": "delete_unused", "_selected_action": [in_use.pk]}, follow=True)
    assert messages_of(response) == [
        "Kept v1: assessments use them, and their results need them.",
        "No version was deleted: only versions no assessment uses can be.",
    ]
    assert Questionnaire.objects.filter(pk=in_use.pk).exists()


def test_the_delete_page_of_a_version_in_use_returns_to_it_saying_why(admin_client, in_use):
    """A bookmarked or typed delete address leads back to the version with the reason, not a 403."""
    response = admin_client.get(reverse("admin:assessments_questionnaire_delete", args=[in_use.pk]), follow=True)
    assert response.redirect_chain[-1][0] == change_url(in_use)
    assert messages_of(response) == ["Kept v1: assessments use them, and their results need them."]
