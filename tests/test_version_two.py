"""Questionnaire version 2: how it reaches the database, what publishing refuses, and its result page's advice."""

import dataclasses
import datetime as dt
import importlib
import json
import random
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from assessments import criteria_io, demo, scoring, versions
from assessments.admin.forms import CodesField, ItemInlineForm
from assessments.impact import threshold_impact
from assessments.models import Alliance, Item, Pattern, Questionnaire
from assessments.questionnaire import sectioned_items
from assessments.refusals import FrozenVersion, PublishRefused

from .answering import record_answers
from .factories import AllianceFactory, AssessmentFactory, submitted_assessment

migration = importlib.import_module("assessments.migrations.0021_questionnaire_version_2")
NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
LAST_RESORT = ("WHY-04", "WHY-07", "WHY-08", "DEAL-06", "DEAL-07", "DEAL-08")


def v2_answers(questionnaire, signs: int, practices: int, **overrides) -> dict:
    """Every warning sign (a Stage I item) answered `signs`, every other statement `practices`; then the overrides."""
    rows = questionnaire.items.values_list("code", "pattern__stage__number")
    answers = {code: signs if stage == 1 else practices for code, stage in rows}
    return answers | {code.replace("_", "-"): value for code, value in overrides.items()}


def page(client, assessment) -> str:
    return " ".join(client.get(reverse("assessment-result", args=[assessment.pk])).text.split())


def test_a_fresh_database_publishes_version_two_after_version_one(version_two):
    """The loader makes v1, then v2 from version2.yaml (rules 2, 81 statements), published, with v1 retired."""
    first = Questionnaire.objects.get(version=1)
    assert (first.status, version_two.status, version_two.rules) == ("retired", "published", 2)
    assert version_two.items.count() == 81
    assert Item.history.filter(questionnaire_id=version_two.pk, history_type="+").count() == 81
    assert version_two.history.first().history_change_reason == "published"


def test_version_two_carries_its_rules_and_contradictions_into_scoring(version_two):
    """The scoring snapshot has rules 2, each warning sign's contradicted practices and the statements for our side."""
    criteria = version_two.scoring_criteria()
    items = {i.code: i for i in criteria.items}
    assert criteria.rules == 2
    assert items["WHY-06"].contradicts == ("WHY-01", "WHY-05")
    assert items["SEN-02"].contradicts == ("SEN-01",)
    assert items["RUN-04"].ours_only and not items["SEN-01"].ours_only
    assert (items["SEN-01"].statement, items["SEN-01"].weight) == (
        "A C-level executive in our company leads this alliance.",
        1.0,
    )
    # Warning signs count, inverted, in the principles they breach.
    assert (items["DEAL-07"].pattern, items["DEAL-07"].principle) == ("S1-P4", 4)


def test_the_version_two_file_survives_a_round_trip(version_two):
    """Exported and loaded again, v2 gives the same scoring snapshot and the same pages."""
    again = criteria_io.load(criteria_io.parse(criteria_io.dump(version_two)))
    assert dataclasses.replace(again.scoring_criteria()) == version_two.scoring_criteria()
    assert [s.title for s in sectioned_items(again)] == [s.title for s in sectioned_items(version_two)]


def test_a_copy_of_version_two_keeps_its_rules_sections_contradictions_and_audience(version_two):
    """A draft made from v2 scores and pages as v2 does."""
    draft = versions.copy_questionnaire(questionnaire=version_two)
    assert draft.scoring_criteria() == dataclasses.replace(version_two.scoring_criteria())
    assert [s.codes for s in sectioned_items(draft)] == [s.codes for s in sectioned_items(version_two)]


def test_the_criteria_file_refuses_contradictions_that_do_not_hold_together(published):
    """Only a warning sign contradicts, and only practices of the file."""
    data = criteria_io.parse(criteria_io.VERSION_TWO_FILE.read_text())
    items = data["questionnaire"]["items"]
    items[0]["contradicts"] = ["WHY-02"]  # WHY-01 is a practice; WHY-02 a warning sign
    items[1]["contradicts"] = ["NOPE-01"]
    assert criteria_io.check(data) == [
        "Item 1 (WHY-01): only a warning sign (a symptomatic stage's item) contradicts practices",
        "Item 1 (WHY-01): it contradicts 'WHY-02', which is not a practice (an item that is no warning sign)"
        " in this file",
        "Item 2 (WHY-02): it contradicts 'NOPE-01', which is not a practice (an item that is no warning sign)"
        " in this file",
    ]


def test_publishing_refuses_a_section_title_that_names_a_stage_or_a_pattern(version_two):
    """A page titled by a pattern or a stage would tell respondents which way to answer: publishing says so."""
    draft = versions.copy_questionnaire(questionnaire=version_two)
    draft.items.filter(section="Senior management").update(section="Stage II · Professional management")
    with pytest.raises(PublishRefused) as refused:
        versions.publish_questionnaire(questionnaire=draft, now=NOW)
    assert refused.value.details["problems"] == [
        "The section title “Stage II · Professional management” names “Professional management”: it would tell "
        "respondents which way to answer. Give the section (or its pattern's topic) a title that says what its "
        "statements ask about."
    ]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_refuses_version_one_pages_whose_patterns_have_no_topic(published):
    """Without topics, version 1's pages fall back to stage titles, which publishing refuses."""
    draft = versions.copy_questionnaire(questionnaire=published)
    Pattern.objects.filter(stage__number=3).update(topic="")
    problems = versions.check_questionnaire(draft)
    assert problems == [
        "The section title “Stages II–III · Leadership and the team, company support and processes, "
        "internal/external” names “Internal/external”: it would tell respondents which way to answer. Give the "
        "section (or its pattern's topic) a title that says what its statements ask about.",
        "The section title “Stage III · Alliance thinking, inter-linked system, re-engineering” names "
        "“Inter-linked system”: it would tell respondents which way to answer. Give the section (or its pattern's "
        "topic) a title that says what its statements ask about.",
    ]
    Pattern.objects.filter(stage__number=3).update(topic="Across boundaries")
    assert versions.check_questionnaire(draft) == []


def test_the_data_migration_publishes_version_two_in_place_of_the_default_version_one(published):
    """On a database with the default v1 published, 0021 adds v2 with its history rows and retires v1."""
    Pattern.objects.update(topic="")
    migration.publish_version_two(apps, None)
    second = Questionnaire.objects.get(status="published")
    published.refresh_from_db()
    assert (published.status, second.version, second.rules, second.items.count()) == ("retired", 2, 2, 81)
    assert [s.title for s in sectioned_items(second)][:3] == [
        "Why we have this alliance",
        "What the relationship is",
        "Senior management",
    ]
    history = Item.history.filter(questionnaire_id=second.pk, history_change_reason=migration.REASON)
    assert history.filter(history_type="+").count() == 81
    assert Questionnaire.history.filter(id=published.pk, history_change_reason="retired:2").exists()
    assert Questionnaire.history.filter(id=second.pk, history_type="+", history_change_reason=migration.REASON).exists()
    assert Pattern.objects.get(stage__number=1, number=4).topic == "Why and how the deal was made"
    assert Pattern.history.filter(history_type="~", history_change_reason=migration.REASON).count() == 13


def test_the_data_migration_leaves_criteria_an_admin_changed_alone(published):
    """A published version that is not the default v1 (a reworded statement) gets no version 2."""
    published.items.filter(code="S1-P1-01").update(statement="Reworded by an admin")
    migration.publish_version_two(apps, None)
    assert list(Questionnaire.objects.values_list("version", "status")) == [(1, "published")]


def test_a_version_two_review_advises_by_section_and_lets_the_draft_be_submitted(client, manager, version_two):
    """Stage III's statements unanswered: review asks for 6 more in their section, in words naming no stage,
    and submitting still works, the result saying Stage III cannot be judged yet."""
    draft = AssessmentFactory(alliance=AllianceFactory(owner=manager))
    answers = {c: v for c, v in v2_answers(version_two, 1, 5).items() if not c.startswith("NET-")}
    record_answers(assessment=draft, answers=answers)
    client.force_login(manager)
    html = " ".join(client.get(reverse("assessment-review", args=[draft.pk])).text.split())
    section = reverse("assessment-section", args=[draft.pk, "across-our-company-and-network"])
    assert '<h2 class="h5">Some of the result cannot be judged yet</h2>' in html
    assert "You can submit now: the result will say what it could not judge. For a fuller result:" in html
    assert (
        f'Answer 6 more statements in <a href="{section}">Across our company and network</a> '
        "(options other than “Don't know”)."
    ) in html
    response = client.post(reverse("assessment-submit", args=[draft.pk]))
    assert response.url == reverse("assessment-result", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.stage == 2
    result = page(client, draft)
    assert (
        "Stage III cannot be judged yet: it needs a real answer to 1 more statement on internal/external (0 of 2 "
        "answered), 2 more statements on inter-linked system (0 of 4 answered) and 3 more statements on "
        "re-engineering (0 of 5 answered)."
    ) in result


def test_a_last_resort_deal_is_told_about_control_and_exit_terms(client, manager, version_two):
    """Last resort at the ceiling holds Stage I; strengths are practices present; the advice follows the diagnosis."""
    answers = v2_answers(version_two, 1, 4) | dict.fromkeys(LAST_RESORT, 5)
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers, NOW)
    assert (assessment.stage, assessment.result["verdict"]["named"]) == (1, ["S1-P4"])
    client.force_login(manager)
    html = page(client, assessment)
    assert (
        "The last resort pattern stands at 100, at or above the ceiling of 50, so it holds the alliance at Stage I "
        "whatever else holds."
    ) in html
    assert (
        "The deal was made as a last resort, built around control: review its control rights, buyout options and "
        "exit clauses with the partner, and agree terms both sides can commit to, before anything else."
    ) in html
    strengths = html.split('id="strengths">')[1].split("</ul>")[0]
    assert "This alliance is a deliberate part of our company&#x27;s growth strategy." in strengths
    warning_signs = [i.statement for i in version_two.items.filter(pattern__stage__number=1)]
    assert not any(statement.replace("'", "&#x27;") in strengths for statement in warning_signs)
    assert "No warning sign shows in the answers." not in html
    assert "Reduce these warning signs" in html
    assert "What last resort looks like: Faced with the fear of loss of control" in html


def test_a_stage_three_result_names_its_weakest_pattern_and_principle(client, manager, version_two):
    """At the top stage the advice still names what is weakest and what keeps the stage at risk."""
    answers = v2_answers(version_two, 1, 5, NET_01=4, NET_02=3, TEAM_07=2, TEAM_08=3)
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers, NOW)
    assert assessment.stage == 3
    client.force_login(manager)
    html = page(client, assessment)
    assert "The weakest pattern of practice is internal/external, at 62.5." in html
    assert "The weakest principle is “Conflicts of Interest”, at 37.5." in html
    assert ("The principle “Conflicts of Interest” scores 37.5, below 50, which keeps the stage at risk.") in html
    assert '<p class="mb-0" id="no-warning-signs">No warning sign shows in the answers.</p>' in html
    assert "Keep Stage III safe" in html
    assert "No answer holds it back." not in html


def test_straight_lined_answers_cannot_be_read_reliably(client, manager, version_two):
    """ "Neither" everywhere names no pattern (it sits on the ceiling), and the page says why before anything else."""
    answers = v2_answers(version_two, 3, 3)
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers, NOW)
    client.force_login(manager)
    html = page(client, assessment)
    assert assessment.result["verdict"]["named"] == []
    assert (
        '<p class="alert alert-warning" role="status" id="unreliable">The answers cannot be read reliably, so no '
        "pattern is named. The stage still follows the rules: see “Why”.</p>"
    ) in html
    assert (
        "The answers cannot be read reliably: the same answer was given to all 81 statements answered. So no "
        "pattern is named; the stage still follows the rules."
    ) in html


def test_a_version_one_result_keeps_its_advice(client, manager, published):
    """A result scored by version 1 rules shows "What lifts it", as it always has, and no version 2 advice."""
    answers = {code: 1 if code.startswith("S1") else 4 for code in published.items.values_list("code", flat=True)}
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers, NOW)
    client.force_login(manager)
    html = page(client, assessment)
    assert "What lifts it" in html
    assert 'id="strengths"' not in html and 'id="advice-direction"' not in html


def test_score_applies_the_published_versions_rules(version_two, tmp_path, capsys):
    """With v2 published, `score` scores by rules 2 and prints stage, patterns named, undetermined, style, strengths."""
    answers = v2_answers(version_two, 1, 4) | dict.fromkeys(LAST_RESORT, 5) | {"NET-01": None, "NET-02": None}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    call_command("score", str(path))
    result = json.loads(capsys.readouterr().out)
    verdict = result["verdict"]
    assert (result["stage"], verdict["rules"], verdict["named"], verdict["reliable"]) == (1, 2, ["S1-P4"], True)
    missing = [{"pattern": "S3-P1", "answered": 0, "total": 2, "needed": 1}]
    assert verdict["undetermined"] == [{"stage": 3, "missing": missing}]
    assert verdict["strengths"][:2] == ["NET-07", "WHY-01"]  # weight 1.5 each, then by code


def test_the_threshold_preview_under_version_two_matches_rescoring(version_two):
    """Applying new thresholds to stored v2 figures gives the stages re-scoring the answers by rules 2 gives."""
    rng = random.Random(7)
    criteria = version_two.scoring_criteria()
    answer_sets = {}
    for level, pattern in (
        (0.1, "S1-P2"),
        (0.3, "S1-P4"),
        (0.5, "S1-P1"),
        (0.6, "S1-P3"),
        (0.75, "S1-P2"),
        (0.9, "S1-P1"),
    ):
        answers = demo.demo_answers(criteria, level, pattern, rng)
        alliance = AllianceFactory()
        submitted_assessment(alliance, answers, NOW)
        answer_sets[alliance.pk] = answers
    moved_somewhere = 0
    for _ in range(20):
        thresholds = scoring.Thresholds(*(rng.choice([20, 40, 50, 60, 70, 80]) for _ in range(4)))
        moves, thin = {}, 0
        for alliance_id, answers in answer_sets.items():
            before = scoring.score(criteria, answers)
            after = scoring.score(dataclasses.replace(criteria, thresholds=thresholds), answers)
            if after.stage != before.stage:
                moves[alliance_id] = (before.stage, after.stage)
            thin += bool(after.verdict.undetermined)
        impact = threshold_impact(thresholds)
        assert {m.alliance_id: (m.before, m.after) for m in impact.moving} == moves, thresholds
        assert (impact.alliances, impact.too_thin) == (Alliance.objects.count(), thin), thresholds
        moved_somewhere += bool(moves)
    assert moved_somewhere >= 3


def test_the_rules_of_a_version_in_use_cannot_change(version_two):
    """Once an assessment uses v2, switching it to version 1 rules is refused like any frozen field."""
    AssessmentFactory()
    version_two.rules = 1
    with pytest.raises(FrozenVersion):
        version_two.save()
    assert Questionnaire.objects.get(pk=version_two.pk).rules == 2


def test_the_admin_shows_and_reads_contradicted_practices_as_codes(version_two):
    """An item's contradicted practices read "WHY-01, WHY-05" in the admin, and typed codes are stored as a list."""
    item = version_two.items.get(code="WHY-06")
    assert ItemInlineForm(instance=item)["contradicts"].value() == "WHY-01, WHY-05"
    assert CodesField(required=False).clean(" WHY-01 , ,WHY-05") == ["WHY-01", "WHY-05"]


def test_a_version_two_result_offers_its_next_steps_and_strengths_as_actions(client, manager, version_two):
    """Each next step and each strength of a version 2 result links to a new action filled in from that statement."""
    answers = v2_answers(version_two, 1, 4) | dict.fromkeys(LAST_RESORT, 5)
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers, NOW)
    client.force_login(manager)
    html = client.get(reverse("assessment-result", args=[assessment.pk])).text
    result = assessment.stored_result
    new = reverse("action-new", args=[assessment.alliance_id])
    step = result.gaps[0]
    assert f'href="{new}?assessment={assessment.pk}&amp;code={step.code}"' in html
    strengths = html.split('id="strengths">')[1].split("</ul>")[0]
    linked = re.findall(r"code=([A-Z0-9-]+)", strengths)
    assert linked and set(linked) <= {finding.code for finding in result.verdict.findings}
    form = client.get(f"{new}?assessment={assessment.pk}&code={step.code}")
    assert form.status_code == 200
    assert step.statement.replace("'", "&#x27;") in form.text
