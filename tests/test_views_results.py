"""The result page: the stored verdict in words, three charts with their tables, the previous one overlaid."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from assessments.models import Assessment

from .factories import AllianceFactory, AssessmentFactory, answers_at, submitted_assessment

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
def alliance(published, manager):
    return AllianceFactory(owner=manager, name="Cold chain")


def result_url(assessment):
    return reverse("assessment-result", args=[assessment.pk])


def schema_one(result: dict) -> dict:
    """A result as it was stored before schema 2: no schema, its reasons as sentences."""
    return {k: v for k, v in result.items() if k != "schema"} | {"reasons": ["As it was written then."]}


def figure(html: str, name: str) -> dict:
    """The figure JSON that json_script wrote for one chart."""
    start = html.index(f'<script id="chart-{name}-figure" type="application/json">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_result_says_the_stage_why_and_what_to_work_on(client, alliance, manager, django_assert_max_num_queries):
    """A Stage II result: the stage in words, its reasons, its patterns, and the Stage III gaps with commitments."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        response = client.get(result_url(assessment))
    html = response.content.decode()
    result = assessment.result
    assert "Stage II: Strategic" in html
    why = html[html.index('<h3 class="h6">Why</h3>') :]
    assert why[: why.index("</ul>")].split("<li>")[1:] == [
        "Stage I symptoms stand at 0, below the ceiling of 50.</li>",
        f"Stage II evidence is {result['stages'][1]['evidence']:g}, reaching the threshold of 60.</li>",
        f"Stage III evidence is {result['stages'][2]['evidence']:g}, below the threshold of 60.</li>",
        "So the alliance is at Stage II.</li>",
    ]
    assert [p.code for p in response.context["placing"].carrying] == ["S2-P1", "S2-P2", "S2-P3", "S2-P4", "S2-P5"]
    assert response.context["placing"].weaker == ()
    assert "What to work on to reach Stage III: Foundation of a Value Network" in html
    assert len(result["gaps"]) == 5
    for gap in result["gaps"]:
        assert gap["statement"].replace("'", "&#x27;") in html
    assert "Submitted 30 Jun 2026" in html


def test_result_draws_three_charts_with_plotly_loaded_once(client, alliance, manager):
    """Three chart containers, each with its figure and a table; plotly.js comes once from our static files."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    client.force_login(manager)
    html = client.get(result_url(assessment)).content.decode()
    assert html.count("plotly.min.js") == 1
    assert '<script src="/static/plotly/plotly.min.js"></script>' in html
    assert "cdn" not in html.lower()
    for name in ("radar", "stages", "patterns"):
        assert f'data-figure="chart-{name}-figure"' in html
        assert figure(html, name)["data"]
    assert html.count('<details class="chart-table">') == 3
    assert figure(html, "stages")["data"][0]["x"] == [s["evidence"] for s in assessment.result["stages"]]


def test_result_overlays_the_previous_submitted_assessment(client, alliance, manager):
    """The June result's radar carries the March outline; the March result has none before it."""
    march = submitted_assessment(alliance, answers_at(1), MARCH)
    june = submitted_assessment(alliance, answers_at(2), JUNE)
    AssessmentFactory(alliance=alliance)  # a draft after them is not a previous assessment
    client.force_login(manager)
    html = client.get(result_url(june)).content.decode()
    before, now = figure(html, "radar")["data"]
    assert before["name"] == "Previous (31 Mar 2026)"
    assert before["r"][:10] == [p["score"] for p in march.result["principles"]]
    assert "the previous assessment, of 31 Mar 2026" in html
    (only,) = figure(client.get(result_url(march)).content.decode(), "radar")["data"]
    assert only["name"] == "This assessment"


def test_result_is_read_from_what_was_stored_never_rescored(client, alliance, manager):
    """The page shows the stored verdict even if scoring would now say otherwise."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    stored = assessment.result | {"stage_name": "Stored verdict", "reasons": [{"code": "placed", "stage": 3}]}
    Assessment.objects.filter(pk=assessment.pk).update(result=stored)
    client.force_login(manager)
    html = client.get(result_url(assessment)).content.decode()
    assert "Stage II: Stored verdict" in html
    assert "So the alliance is at Stage III." in html


def test_stage_one_result_names_the_best_fitting_pattern_and_stage_three_has_no_next(client, alliance, manager):
    """At Stage I the page names the pattern it fits best; at Stage III there is no next stage to reach."""
    client.force_login(manager)
    first = submitted_assessment(alliance, answers_at(1), MARCH)
    response = client.get(result_url(first))
    # Every symptom is answered 5, so all four Stage I patterns fit equally well.
    assert [p.code for p in response.context["placing"].carrying] == ["S1-P1", "S1-P2", "S1-P3", "S1-P4"]
    html = response.content.decode()
    assert "The Stage I patterns it fits best" in html
    assert "<strong>Dysfunctional</strong>: Alliances are dysfunctional" in html
    top = submitted_assessment(alliance, answers_at(3), JUNE)
    html = client.get(result_url(top)).content.decode()
    assert "Stage III is the top stage" in html


def test_a_draft_has_no_result_yet(client, alliance, manager):
    """Opening the result of a draft goes to its review page."""
    draft = AssessmentFactory(alliance=alliance)
    client.force_login(manager)
    assert client.get(result_url(draft)).url == reverse("assessment-review", args=[draft.pk])


def test_an_executive_reads_any_result(client, alliance, executive):
    """Executives open every alliance's result, read-only."""
    assessment = submitted_assessment(alliance, answers_at(3), JUNE)
    client.force_login(executive)
    assert client.get(result_url(assessment)).status_code == 200


def verdicts(html: str) -> list[str]:
    """The Verdict column of the stages table, row by row."""
    table = html[html.index('<caption class="visually-hidden">Stage evidence') :]
    table = table[: table.index("</table>")]
    return [row.rsplit("<td>", 1)[1].split("</td>")[0] for row in table.split("<tr>")[2:]]


def test_symptoms_at_their_ceiling_come_first_in_what_to_work_on(client, alliance, manager):
    """Stage II well answered but symptoms at 100: "Reduce these symptoms" leads, and the table says why."""
    assessment = submitted_assessment(alliance, answers_at(1), JUNE)
    client.force_login(manager)
    response = client.get(result_url(assessment))
    html = response.content.decode()
    # Every symptom is answered 5: the four weighted 1.5 (one per pattern) come first, then by code.
    symptoms = ["S1-P1-01", "S1-P2-01", "S1-P3-01", "S1-P4-01", "S1-P1-02"]
    assert [symptom.gap.code for symptom in response.context["work_on"].symptoms] == symptoms
    assert response.context["work_on"].next_stage == ()  # Stage II items are answered 4 or 5: none below 75
    statements = dict(assessment.questionnaire.items.values_list("code", "statement"))
    work_on = html[html.index('id="gaps-heading"') : html.index('id="radar-heading"')]
    positions = [work_on.index("Reduce these symptoms")] + [
        work_on.index(statements[code].replace("'", "&#x27;")) for code in symptoms
    ]
    assert positions == sorted(positions)
    assert "Stage I pattern: Alliances are fragmented throughout the organization" in html
    assert "Every Stage II statement is already answered well: reducing the symptoms above is what is left." in html
    assert "the thresholds above say what is left" not in html
    stage_three = assessment.result["stages"][2]["evidence"]  # its items answered 3, or 4 when tied to a principle
    assert verdicts(html) == [
        "Symptoms at or over the ceiling",
        "Does not hold: Stage I symptoms stand at 100, at or above their ceiling of 50",
        f"Does not hold: its evidence, {stage_three:g}, is below the threshold of 60",
    ]


def test_a_stage_below_its_threshold_says_so_in_the_table(client, alliance, manager):
    """A Stage II result: Stage III's row says its evidence is below the threshold."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    client.force_login(manager)
    html = client.get(result_url(assessment)).content.decode()
    evidence = assessment.result["stages"][2]["evidence"]
    assert evidence < 60
    assert verdicts(html) == [
        "Symptoms under the ceiling",
        "Holds",
        f"Does not hold: its evidence, {evidence:g}, is below the threshold of 60",
    ]
    assert "Reduce these symptoms" not in html


def test_a_result_stored_before_reasons_and_gap_kinds_still_reads(client, alliance, manager):
    """A stored result without "blocked_by" or gap kinds: no reason is made up, and every gap is the next stage's."""
    assessment = submitted_assessment(alliance, answers_at(1), JUNE)
    older = schema_one(assessment.result) | {
        "stages": [{k: v for k, v in s.items() if k != "blocked_by"} for s in assessment.result["stages"]],
        "gaps": [],  # the scoring of the time listed only weak Stage II statements: there were none
    }
    Assessment.objects.filter(pk=assessment.pk).update(result=older)
    client.force_login(manager)
    html = client.get(result_url(assessment)).content.decode()
    assert verdicts(html) == ["Symptoms at or over the ceiling", "Does not hold", "Does not hold"]
    assert "Reduce these symptoms" not in html
    assert (
        "Every Stage II statement is already answered well; “Why” above says what keeps the alliance at Stage I."
        in html
    )
    second = submitted_assessment(alliance, answers_at(2), dt.datetime(2026, 9, 30, 12, tzinfo=dt.UTC))
    gaps = [{k: v for k, v in gap.items() if k != "kind"} for gap in second.result["gaps"]]
    Assessment.objects.filter(pk=second.pk).update(result=schema_one(second.result) | {"gaps": gaps})
    response = client.get(result_url(second))
    assert [gap.code for gap in response.context["work_on"].next_stage] == [gap["code"] for gap in gaps]
    assert len(gaps) == 5
    for gap in gaps:
        assert gap["statement"].replace("'", "&#x27;") in response.content.decode()


def test_a_gap_names_one_commitment_inline_and_several_as_a_list(client, alliance, manager):
    """One commitment reads in the principle's line; several follow it as a list."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    gaps = assessment.result["gaps"]
    one, several = "regular review of the progress of the alliance(s).", ["endorsement.", "a forum."]
    gaps[0] |= {"principle": 3, "principle_name": "Senior Management Commitment", "commitments": [one]}
    gaps[1] |= {"principle": 3, "principle_name": "Senior Management Commitment", "commitments": several}
    Assessment.objects.filter(pk=assessment.pk).update(result=assessment.result | {"gaps": gaps})
    client.force_login(manager)
    text = " ".join(client.get(result_url(assessment)).content.decode().split())
    assert f"Principle 3, Senior Management Commitment, which commits to “{one}” </div>" in text
    assert (
        'Principle 3, Senior Management Commitment, which commits to: <ul class="mb-0">'
        "<li>endorsement.</li><li>a forum.</li></ul>"
    ) in text


def test_weaker_patterns_of_the_stage_reached_are_named_apart(client, alliance, manager):
    """A Stage II pattern under the threshold is not among those that place the alliance, but is named as weaker."""
    assessment = submitted_assessment(alliance, answers_at(2), JUNE)
    patterns = assessment.result["patterns"]
    weak = next(p for p in patterns if p["code"] == "S2-P3")
    weak["evidence"] = 33.3
    Assessment.objects.filter(pk=assessment.pk).update(result=assessment.result | {"patterns": patterns})
    client.force_login(manager)
    response = client.get(result_url(assessment))
    assert "S2-P3" not in [p.code for p in response.context["placing"].carrying]
    text = " ".join(response.text.split())
    assert f"Weaker, below their stage's threshold: {weak['short_name']} (33.3)." in text.replace("&#x27;", "'")
