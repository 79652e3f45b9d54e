"""Answering the questionnaire: start or resume, one page per section, review, submit.

The pages serve a signed-in person (by the assessment's id) and the holder of a personal link (by
the invitee, views/invitations.py) alike: each view here checks who asks, then hands the assessment
and its `Routes` (where the pages link to) to the page functions below, which both share.
"""

from dataclasses import dataclass
from typing import NamedTuple

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
from ..refusals import AnswersRefused, NotEnoughAnswers, Refusal, StaleAnswers
from .refusals import refusals_as_json, refusals_as_messages

ALREADY_SUBMITTED = _("This assessment was already submitted; here is its result.")
SUBMITTED = _("Submitted. The stage and the full result are stored with the assessment.")
HANDED_IN = _("Handed in. Thank you: your answers count in the round's combined result once it closes.")
ALREADY_HANDED_IN = _("Your answers were already handed in; they can no longer change.")
REVIEW = "review"
REFUSED = "refused"
ANSWERING_RELATED = ("alliance", "questionnaire", "invitee__round")


@dataclass(frozen=True)
class Routes:
    """Where a questionnaire's pages link to: URL names and the key they take (an assessment's id, an invitee's uid)."""

    key: object
    section: str = "assessment-section"
    answer: str = "assessment-answer"
    review: str = "assessment-review"
    submit: str = "assessment-submit"
    # Where a survey response goes once handed in (a URL name taking the key); None: the home page.
    handed_in: str | None = None
    # The template the pages extend: a personal link's shows no navigation.
    page_base: str = "base.html"

    def url(self, name: str, *args) -> str:
        return reverse(getattr(self, name), args=[self.key, *args])

    def after_handing_in(self) -> str:
        return reverse(self.handed_in, args=[self.key]) if self.handed_in else reverse("home")


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
    assessment = get_object_or_404(
        access.assessments_visible_to(request.user).select_related("questionnaire", "invitee"), pk=pk
    )
    if not assessment.is_draft:
        return redirect("assessment-review" if assessment.invitee_id else "assessment-result", pk=pk)
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
    assessment = get_object_or_404(allowed(request.user).select_related(*ANSWERING_RELATED), pk=pk)
    return section_page(request, assessment, slug, Routes(pk))


def section_page(request, assessment, slug, routes: Routes):
    """A section's page, or its post saved; the caller has checked that the asker may read (GET) or answer (POST)."""
    sectioned = sections_of(assessment)
    current = sectioned.get(slug)
    if current is None:
        raise Http404("No such section")
    answers = _answers_by_code(assessment, sectioned)
    items = sectioned.items_of(current)
    survey = assessment.invitee_id is not None
    if request.method == "GET":
        answering.remember_section(assessment=assessment, slug=slug)
        form = SectionForm(items=items, answers=answers, disabled=not assessment.is_draft, survey=survey)
        context = _section_context(assessment, sectioned, current, answers, form, routes)
        return render(request, "assessments/section.html", context)
    if not assessment.is_draft:
        messages.error(request, answering.ASSESSMENT_SUBMITTED)
        return redirect(routes.url("review") if survey else reverse("assessment-result", args=[assessment.pk]))
    form = SectionForm(request.POST, items=items, answers=answers, survey=survey)
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
            return redirect(_destination(assessment, sectioned, request.POST.get("go", ""), routes))
    context = _section_context(assessment, sectioned, current, answers, form, routes)
    return render(request, "assessments/section.html", context, status=400)


@login_required
@require_POST
@refusals_as_json
def answer(request, pk):
    """Save one answer as it is given (the page's script posts here); reply with the progress."""
    assessment = get_object_or_404(
        access.assessments_answerable_by(request.user).select_related("questionnaire", "invitee"), pk=pk
    )
    return answer_reply(request, assessment)


def answer_reply(request, assessment):
    """Save one answer the script sent and reply with the progress; the caller has checked the asker may answer."""
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
        access.assessments_visible_to(request.user).select_related(*ANSWERING_RELATED), pk=pk
    )
    return review_page(request, assessment, Routes(pk))


def review_page(request, assessment, routes: Routes):
    """Every statement with its answer; for a self-assessment's draft, whether it may be submitted yet."""
    sectioned = sections_of(assessment)
    context = _review_context(assessment, sectioned, routes)
    # A survey response may be handed in with any number of "don't know": coverage counts its side's combined answers.
    if assessment.is_draft and not assessment.invitee_id:
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
        access.assessments_answerable_by(request.user).select_related(*ANSWERING_RELATED), pk=pk
    )
    if assessment.invitee_id:
        return hand_in(request, assessment, Routes(pk))
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


def hand_in(request, assessment, routes: Routes):
    """Hand in a survey response (the caller has checked the asker may answer it); handing in again changes nothing."""
    if not assessment.is_draft:
        messages.info(request, ALREADY_HANDED_IN)
        return redirect(routes.after_handing_in())
    try:
        answering.submit_assessment(assessment=assessment, now=timezone.now())
    except Refusal as refusal:  # the round closed meanwhile
        messages.error(request, refusal.message)
        return redirect(routes.url("review"))
    messages.success(request, HANDED_IN)
    return redirect(routes.after_handing_in())


class StoredAnswer(NamedTuple):
    """What the pages show of a stored answer, read as plain rows: a page reads them all, and models cost more."""

    item_id: int
    value: int | None
    comment: str
    shared: bool
    revision: int


def _answers_by_code(assessment, sectioned) -> dict[str, StoredAnswer]:
    code_of = {item.pk: code for code, item in sectioned.items.items()}
    rows = assessment.answers.order_by().values_list(*StoredAnswer._fields)
    return {code_of[row[0]]: StoredAnswer(*row) for row in rows}


def _destination(assessment, sectioned, go: str, routes: Routes) -> str:
    if go == REVIEW:
        return routes.url("review")
    target = sectioned.get(go) or sectioned.get(assessment.last_section) or sectioned.first()
    return routes.url("section", target.slug)


@dataclass(frozen=True)
class NavEntry:
    """A section as the page's list of sections draws it: its address, and its figures as text (the template
    engine formats numbers slowly, and a questionnaire may have thirty sections)."""

    slug: str
    title: str
    subtitle: str
    url: str
    answered: str
    total: str
    current: bool
    complete: bool


def _section_context(assessment, sectioned, current, answers, form, routes):
    progress = sections.progress(sectioned.sections, answers)
    previous, following = sectioned.neighbours(current)
    answered = sum(p.answered for p in progress)
    total = sum(p.total for p in progress)
    nav = [
        NavEntry(
            slug=p.section.slug,
            title=p.section.title,
            subtitle=p.section.subtitle,
            url=routes.url("section", p.section.slug),
            answered=str(p.answered),
            total=str(p.total),
            current=p.section == current,
            complete=p.complete,
        )
        for p in progress
    ]
    return {
        "assessment": assessment,
        "section": current,
        "number": sectioned.sections.index(current) + 1,
        "count": len(sectioned.sections),
        "nav": nav,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "unanswered": total - answered,
        "previous": previous,
        "next": following,
        "form": form,
        "review": REVIEW,
        "routes": routes,
    }


def _review_context(assessment, sectioned, routes):
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
        "routes": routes,
    }


def _first_error(form) -> str:
    errors = form.errors.get("__all__") or next(iter(form.errors.values()))
    return errors[0]
