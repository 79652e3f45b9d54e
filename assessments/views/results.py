"""An assessment's result, read only from what was stored when it was submitted."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import access, advice, reasons, scale
from ..charts import result as charts
from ..models import Assessment, Pattern


@login_required
@require_GET
def result(request, pk):
    """The stage, why, what to work on next, and three charts. A draft has no result yet: it goes to review."""
    assessment = get_object_or_404(
        access.assessments_visible_to(request.user).select_related("alliance", "questionnaire", "respondent", "round"),
        pk=pk,
    )
    if assessment.is_draft:
        return redirect("assessment-review", pk=pk)
    if assessment.round.is_survey:
        # A survey's combined result is read through what the viewer may see of each side.
        return redirect("round-result", pk=assessment.round_id)
    previous = Assessment.objects.preceding(assessment).only("result", "submitted_at").first()
    return render(request, "assessments/result.html", _result_context(assessment, previous))


def _result_context(assessment, previous):
    result = assessment.stored_result
    before = previous.stored_result if previous else None
    previous_label = _("Previous ({date})").format(date=date_format(previous.submitted_at, "j M Y")) if previous else ""
    answered = scale.phrases(_("answered “{answer}”"))
    now = scale.phrases(_("now: “{answer}”")) | {None: _("now: not known")}
    return {
        "assessment": assessment,
        "result": result,
        "reasons": reasons.sentences(result),
        "next_stage": result.stage_evidence(result.stage + 1),
        "placing": advice.placing(result),
        "lifts": [(f.statement, answered[f.answer], f.code) for f in result.lifts],
        "holds_back": [(f.statement, answered[f.answer], f.code) for f in result.holds_back],
        "now": now,
        "previous": previous,
        "principle_rows": charts.principle_rows(result, before),
        "stage_rows": [row | {"why": reasons.why_not_held(row["stage"], result)} for row in charts.stage_rows(result)],
        "pattern_rows": charts.pattern_rows(result),
        "work_on": advice.work_on(result),
        "advice": advice.advise(result, _descriptions()) if result.verdict else None,
        "charts": {
            "radar": charts.principle_radar(result, before, previous_label),
            "stages": charts.stage_evidence(result),
            "patterns": charts.pattern_evidence(result),
        },
    }


def _descriptions() -> dict[str, list[str]]:
    """Each pattern's description points, by code: what a next step says its practice looks like (one query)."""
    return {p.code: p.description for p in Pattern.objects.select_related("stage")}
