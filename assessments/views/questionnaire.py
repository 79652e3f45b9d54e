"""Answering the questionnaire: start or resume, one page per section, review, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, answering, sections
from ..forms import AnswerForm, SectionForm, kept_from_another_tab
from ..questionnaire import sections_of
from ..refusals import AnswersRefused, NotEnoughAnswers, StaleAnswers
from .refusals import refusals_as_json, refusals_as_messages

ALREADY_SUBMITTED = _("This assessment was already submitted; here is its result.")
SUBMITTED = _("Submitted. The stage and the full result are stored with the assessment.")
REVIEW = "review"
REFUSED = "refused"


@login_required
@require_POST
@refusals_as_messages("alliance-detail")
def start(request, pk):
    """Start an assessment of one of your alliances, or carry on with the one under way."""
    alliance = get_object_or_404(access.alliances_assessable_by(request.user), pk=pk)
    assessment = answering.start_assessment(alliance=alliance, respondent=request.user, now=timezone.now())
    return redirect("assessment-resume", pk=assessment.pk)


@login_required
@require_GET
def resume(request, pk):
    """Open an assessment where its respondent left it; a submitted one opens on its result."""
    assessment = get_object_or_404(access.assessments_visible_to(request.user).select_related("questionnaire"), pk=pk)
    if not assessment.is_draft:
        return redirect("assessment-result", pk=pk)
    sectioned = sections_of(assessment)
    current = sectioned.get(assessment.last_section) or sectioned.first()
    return redirect("assessment-section", pk=pk, slug=current.slug)


# A draft's pages are never kept by the browser: Back after a submit asks again, and gets them read-only.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def section(request, pk, slug):
    """One page of statements; posting it saves them all and moves where the respondent asked."""
    # Anyone who may see the assessment may read its pages; only its respondent may save them.
    allowed = access.assessments_answerable_by if request.method == "POST" else access.assessments_visible_to
    assessment = get_object_or_404(allowed(request.user).select_related("alliance", "questionnaire"), pk=pk)
    sectioned = sections_of(assessment)
    current = sectioned.get(slug)
    if current is None:
        raise Http404("No such section")
    answers = _answers_by_code(assessment, sectioned)
    items = sectioned.items_of(current)
    if request.method == "GET":
        answering.remember_section(assessment=assessment, slug=slug)
        form = SectionForm(items=items, answers=answers, disabled=not assessment.is_draft)
        context = _section_context(assessment, sectioned, current, answers, form)
        return render(request, "assessments/section.html", context)
    if not assessment.is_draft:
        messages.error(request, answering.ASSESSMENT_SUBMITTED)
        return redirect("assessment-result", pk=pk)
    form = SectionForm(request.POST, items=items, answers=answers)
    if form.is_valid():
        replies = form.replies()
        try:
            answering.save_answers(
                assessment=assessment, replies=replies, based_on=form.revisions(), sectioned=sectioned
            )
        except StaleAnswers as refusal:
            form = form.showing_stored(refusal.details["answers"])
        except AnswersRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            kept = answering.changed_elsewhere(
                assessment=assessment,
                loaded=form.revisions(),
                left_alone={item.code for item in items} - replies.keys(),
                sectioned=sectioned,
            )
            if kept:
                messages.info(request, kept_from_another_tab(items, kept, current.title))
            return redirect(_destination(assessment, sectioned, request.POST.get("go", "")))
    context = _section_context(assessment, sectioned, current, answers, form)
    return render(request, "assessments/section.html", context, status=400)


@login_required
@require_POST
@refusals_as_json
def answer(request, pk):
    """Save one answer as it is given (the page's script posts here); reply with the progress."""
    assessment = get_object_or_404(
        access.assessments_answerable_by(request.user).select_related("questionnaire"), pk=pk
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    reply = form.reply()
    revision = form.cleaned_data["revision"]
    sectioned = sections_of(assessment)
    if reply is not None:
        revision = answering.save_answer(
            assessment=assessment, code=form.cleaned_data["item"], reply=reply, based_on=revision, sectioned=sectioned
        )
    progress = sections.progress(sectioned.sections, _answers_by_code(assessment, sectioned))
    return JsonResponse(
        {
            "saved": reply is not None,
            "revision": revision,
            "answered": sum(p.answered for p in progress),
            "total": sum(p.total for p in progress),
            "sections": {p.section.slug: {"answered": p.answered, "total": p.total} for p in progress},
        }
    )


@never_cache
@login_required
@require_GET
def review(request, pk):
    """Every statement with its answer, the unanswered ones marked, before submitting."""
    assessment = get_object_or_404(
        access.assessments_visible_to(request.user).select_related("alliance", "questionnaire"), pk=pk
    )
    sectioned = sections_of(assessment)
    context = _review_context(assessment, sectioned)
    if assessment.is_draft:
        # Whether it can be submitted yet, from the answers as they are now; after a refused
        # submit the same list comes as the refusal.
        questionnaire = assessment.questionnaire
        judged_by = sectioned.judged_by(questionnaire.rules)
        shortfalls = sections.shortfalls(
            sectioned.sections, judged_by, context["values"], questionnaire.thresholds.min_coverage
        )
        context["shortfalls"] = shortfalls
        # Version 2 rules score what can be judged and say what could not: the shortfalls only advise.
        context["blocking"] = questionnaire.rules == 1
        if shortfalls and request.GET.get("submit") == REFUSED:
            context["refusal"] = answering.NOT_ENOUGH_ANSWERS
    return render(request, "assessments/review.html", context)


@login_required
@require_POST
def submit(request, pk):
    """Freeze the assessment with its result; submitting again changes nothing."""
    assessment = get_object_or_404(
        access.assessments_answerable_by(request.user).select_related("alliance", "questionnaire"), pk=pk
    )
    if not assessment.is_draft:
        messages.info(request, ALREADY_SUBMITTED)
        return redirect("assessment-result", pk=pk)
    try:
        answering.submit_assessment(assessment=assessment, now=timezone.now())
    except NotEnoughAnswers:
        # Back to the review page, which says what is missing: reloading it does not submit again.
        return redirect(reverse("assessment-review", args=[pk]) + f"?submit={REFUSED}#shortfalls")
    messages.success(request, SUBMITTED)
    return redirect("assessment-result", pk=pk)


def _answers_by_code(assessment, sectioned):
    code_of = {item.pk: code for code, item in sectioned.items.items()}
    return {code_of[answer.item_id]: answer for answer in assessment.answers.all()}


def _destination(assessment, sectioned, go: str) -> str:
    if go == REVIEW:
        return reverse("assessment-review", args=[assessment.pk])
    target = sectioned.get(go) or sectioned.get(assessment.last_section) or sectioned.first()
    return reverse("assessment-section", args=[assessment.pk, target.slug])


def _section_context(assessment, sectioned, current, answers, form):
    progress = sections.progress(sectioned.sections, answers)
    previous, following = sectioned.neighbours(current)
    answered = sum(p.answered for p in progress)
    total = sum(p.total for p in progress)
    return {
        "assessment": assessment,
        "section": current,
        "number": sectioned.sections.index(current) + 1,
        "count": len(sectioned.sections),
        "progress": progress,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "unanswered": total - answered,
        "previous": previous,
        "next": following,
        "form": form,
        "review": REVIEW,
    }


def _review_context(assessment, sectioned):
    answers = _answers_by_code(assessment, sectioned)
    rows = [
        (section, [(item, answers.get(item.code)) for item in sectioned.items_of(section)])
        for section in sectioned.sections
    ]
    answered = len(answers)
    total = len(sectioned.items)
    return {
        "assessment": assessment,
        "rows": rows,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "unanswered": total - answered,
        "values": {code: answer.value for code, answer in answers.items()},
    }


def _first_error(form) -> str:
    errors = form.errors.get("__all__") or next(iter(form.errors.values()))
    return errors[0]
