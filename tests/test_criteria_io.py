"""The criteria file: the shipped defaults, its checks, and loading and writing it."""

import copy

import pytest
import yaml
from django.db import DatabaseError

from assessments import criteria_io
from assessments.models import Item, Pattern, Principle, Questionnaire, Stage

from .wrapped_language import wrapped_sentences

DEFAULTS = criteria_io.parse(criteria_io.DEFAULT_FILE.read_text())


def test_defaults_carry_every_stage_pattern_and_principle_of_the_seeds():
    """Three stages with 4, 5 and 4 patterns, ten principles, and only Stage I is symptomatic."""
    assert [len(s["patterns"]) for s in DEFAULTS["stages"]] == [4, 5, 4]
    assert [s["symptomatic"] for s in DEFAULTS["stages"]] == [True, False, False]
    assert [p["number"] for p in DEFAULTS["principles"]] == list(range(1, 11))
    assert [len(p["commitments"]) for p in DEFAULTS["principles"]] == [4, 4, 4, 0, 0, 0, 0, 0, 0, 0]
    assert [p["short_name"] for p in DEFAULTS["stages"][0]["patterns"]] == [
        "Fragmented",
        "Window dressing",
        "Dysfunctional",
        "Last resort",
    ]


def test_defaults_have_two_statements_per_pattern_and_principle():
    """At least two items per pattern and per principle, 60-80 in all, and every commitment covered."""
    items = DEFAULTS["questionnaire"]["items"]
    patterns = [f"S{s['number']}-P{p['number']}" for s in DEFAULTS["stages"] for p in s["patterns"]]
    assert 60 <= len(items) <= 80
    assert min(sum(i.get("pattern") == code for i in items) for code in patterns) >= 2
    assert min(sum(i.get("principle") == n for i in items) for n in range(1, 11)) >= 2
    covered = {(i["principle"], i["commitment"]) for i in items if "commitment" in i}
    listed = {(p["number"], n) for p in DEFAULTS["principles"] for n in range(1, len(p["commitments"]) + 1)}
    assert covered == listed


def test_stage_one_symptoms_speak_for_no_principle():
    """Stage I items are symptoms, so none of them is counted for a principle."""
    items = DEFAULTS["questionnaire"]["items"]
    assert all("principle" not in i for i in items if i.get("pattern", "").startswith("S1-"))


def errors_for(mutate) -> list[str]:
    data = copy.deepcopy(DEFAULTS)
    mutate(data)
    with pytest.raises(criteria_io.CriteriaFileRefused) as caught:
        criteria_io.parse(yaml.safe_dump(data))
    return caught.value.errors


def test_every_problem_is_named_with_its_place():
    """A file with several problems gets them all, each with the field it is in."""

    def break_it(data):
        items = data["questionnaire"]["items"]
        items[0]["weight"] = 0
        items[1]["statement"] = ""
        del items[2]["code"]
        data["questionnaire"]["thresholds"]["stage_two"] = 120

    assert errors_for(break_it) == [
        "questionnaire.thresholds.stage_two: must be at most 100",
        "Item 1 (S1-P1-01): the weight must be more than 0",
        "Item 2 (S1-P1-02).statement: '' should be non-empty",
        "Item 3: 'code' is a required property",
    ]


def test_references_are_checked():
    """Duplicate codes, unknown patterns or principles, bad commitments and unlinked items are refused."""

    def break_it(data):
        items = data["questionnaire"]["items"]
        items[1]["code"] = items[0]["code"]
        items[2]["pattern"] = "S9-P1"
        items[40]["principle"] = 10
        items[40]["commitment"] = 2
        items[41].pop("pattern", None)
        items[41].pop("principle", None)

    first, third, forty_first, forty_second = (DEFAULTS["questionnaire"]["items"][n]["code"] for n in (0, 2, 40, 41))
    assert errors_for(break_it) == [
        f"questionnaire.items: code {first!r} appears more than once",
        f"Item 3 ({third}): the pattern 'S9-P1' is not in this file",
        f"Item 41 ({forty_first}): principle 10 has 0 commitments, not 2",
        f"Item 42 ({forty_second}): needs a pattern or a principle",
        f"Item 42 ({forty_second}): a commitment needs a principle",
    ]


def test_unreadable_text_is_refused_with_its_line():
    """Broken YAML is refused with the line it breaks on."""
    with pytest.raises(criteria_io.CriteriaFileRefused) as caught:
        criteria_io.parse("stages:\n  - number: 1\n    name: [unclosed\n")
    assert caught.value.errors[0].startswith("line 4: not valid YAML or JSON")


def test_unknown_fields_are_refused():
    """A misspelt field is named rather than silently ignored."""
    assert errors_for(lambda d: d["questionnaire"]["items"][0].update(wieght=2)) == [
        "Item 1 (S1-P1-01): Additional properties are not allowed ('wieght' was unexpected)"
    ]


@pytest.mark.django_db
def test_fresh_database_has_the_defaults_published_as_version_one():
    """Migrating an empty database loads the default criteria and publishes them as v1."""
    published = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    assert published.version == 1
    assert published.published_at is not None
    assert published.items.count() == len(DEFAULTS["questionnaire"]["items"])
    assert (Stage.objects.count(), Pattern.objects.count(), Principle.objects.count()) == (3, 13, 10)


@pytest.mark.django_db
def test_load_adds_a_draft_version_and_updates_names(published):
    """Loading a file adds the next version as a draft and brings criteria names up to the file."""
    data = copy.deepcopy(DEFAULTS)
    data["principles"][0]["name"] = "Clear roles"
    data["questionnaire"]["items"] = data["questionnaire"]["items"][:3]
    data["questionnaire"]["thresholds"]["stage_two"] = 65
    draft = criteria_io.load(data)
    assert (draft.version, draft.status, draft.items.count()) == (2, "draft", 3)
    assert draft.stage_two_threshold == 65
    assert Principle.objects.get(number=1).name == "Clear roles"
    assert published.items.count() == len(DEFAULTS["questionnaire"]["items"])


@pytest.mark.django_db
def test_export_writes_back_what_was_loaded(published):
    """Exporting the published version gives the default file's content back."""
    exported = criteria_io.parse(criteria_io.dump(published))
    assert exported["questionnaire"]["items"] == [{"weight": 1, **item} for item in DEFAULTS["questionnaire"]["items"]]
    assert exported["principles"] == DEFAULTS["principles"]
    assert [s["patterns"] for s in exported["stages"]] == [s["patterns"] for s in DEFAULTS["stages"]]


@pytest.mark.django_db
def test_database_criteria_score_like_the_file(published):
    """The published version read from the database is the same scoring input as the file."""
    assert published.scoring_criteria() == criteria_io.scoring_criteria(DEFAULTS)


@pytest.mark.django_db
def test_a_load_that_fails_changes_nothing(published, monkeypatch):
    """If writing the items fails, the criteria updated before them are rolled back too."""
    data = copy.deepcopy(DEFAULTS)
    data["principles"][0]["name"] = "Renamed"

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Item.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        criteria_io.load(data)
    assert Principle.objects.get(number=1).name == DEFAULTS["principles"][0]["name"]
    assert Questionnaire.objects.count() == 1
    assert Item.objects.count() == len(DEFAULTS["questionnaire"]["items"])


@pytest.mark.django_db
def test_a_statement_asked_of_our_side_only_round_trips(published):
    """An item marked for our side only is loaded, scored as such and exported with its mark."""
    data = copy.deepcopy(DEFAULTS)
    data["questionnaire"]["items"][0]["audience"] = "ours"
    version = criteria_io.load(data)
    first = version.items.get(code=data["questionnaire"]["items"][0]["code"])
    assert first.audience == "ours"
    assert version.scoring_criteria().items[0].ours_only is True
    assert version.scoring_criteria().items[1].ours_only is False
    assert criteria_io.parse(criteria_io.dump(version))["questionnaire"]["items"][0]["audience"] == "ours"


def test_problems_are_composed_in_the_language_they_are_read_in():
    """A file's problems, found once, read in the language active when shown: each sentence and place translated."""

    def break_it(data):
        items = data["questionnaire"]["items"]
        items[0]["weight"] = 0
        items[1]["wieght"] = 2
        data["questionnaire"]["thresholds"]["stage_two"] = 120

    errors = errors_for(break_it)
    with wrapped_sentences():
        assert [str(error) for error in errors] == [
            "⟦questionnaire.thresholds.stage_two: ⟦must be at most 100⟧⟧",
            "⟦⟦Item 1 (S1-P1-01)⟧: ⟦the weight must be more than 0⟧⟧",
            "⟦⟦Item 2 (S1-P1-02)⟧: ⟦Additional properties are not allowed ('wieght' was unexpected)⟧⟧",
        ]
    assert str(errors[1]) == "Item 1 (S1-P1-01): the weight must be more than 0"


def test_reference_problems_are_composed_when_read_and_count_commitments_in_words():
    """A problem found in the references reads translated when shown; "1 commitment", "0 commitments"."""

    def break_it(data):
        items = data["questionnaire"]["items"]
        items[40]["principle"] = 10
        items[40]["commitment"] = 2
        data["principles"][9]["commitments"] = ["The one"]
        items[41].pop("pattern", None)
        items[41].pop("principle", None)

    forty_first, forty_second = (DEFAULTS["questionnaire"]["items"][n]["code"] for n in (40, 41))
    errors = errors_for(break_it)
    assert errors == [
        f"Item 41 ({forty_first}): principle 10 has 1 commitment, not 2",
        f"Item 42 ({forty_second}): needs a pattern or a principle",
        f"Item 42 ({forty_second}): a commitment needs a principle",
    ]
    with wrapped_sentences():
        assert [str(error) for error in errors] == [
            f"⟦⟦Item 41 ({forty_first})⟧: principle 10 has 1 commitment, not 2⟧",
            f"⟦⟦Item 42 ({forty_second})⟧: needs a pattern or a principle⟧",
            f"⟦⟦Item 42 ({forty_second})⟧: a commitment needs a principle⟧",
        ]


def test_unreadable_text_is_refused_in_the_language_it_is_read_in():
    """Broken YAML's sentence is translated when read; the parser's own words inside it are its own."""
    with pytest.raises(criteria_io.CriteriaFileRefused) as caught:
        criteria_io.parse("stages:\n  - number: 1\n    name: [unclosed\n")
    with wrapped_sentences():
        assert str(caught.value.errors[0]).startswith("⟦line 4: not valid YAML or JSON (")
        assert str(caught.value) == str(caught.value.errors[0])


@pytest.mark.django_db
def test_renames_are_composed_in_the_language_they_are_read_in(published):
    """The names a file would change read "old → new", in the language active when the page is drawn."""
    data = copy.deepcopy(DEFAULTS)
    data["stages"][0]["name"] = "Ad hoc"
    data["stages"][0]["patterns"][1]["name"] = "Show"
    data["stages"][0]["patterns"][1]["short_name"] = "Show"
    data["principles"][1]["name"] = "Open Communication"
    changes = criteria_io.name_changes(data)
    with wrapped_sentences():
        assert [str(change) for change in changes] == [
            "⟦Stage 1: “Opportunistic” → “Ad hoc”⟧",
            "⟦Pattern S1-P2: “Alliances are tactical window dressing” → “Show”⟧",
            "⟦Pattern S1-P2, short name: “Window dressing” → “Show”⟧",
            "⟦Principle 2: “Robust Communication” → “Open Communication”⟧",
        ]
