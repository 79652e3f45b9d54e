"""A round's result: a self-assessment's is its assessment's; a closed survey's shows what the viewer may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import access, round_page, surveys
from ..models import Answer, Assessment, Respondent

ROUND_STILL_OPEN = _("This survey is still open: its result appears once it is closed.")


@login_required
@require_GET
def round_result(request, pk):
    """The stage per side and overall, the radar, the widest disagreements, agreement and response rates."""
    held = get_object_or_404(access.rounds_visible_to(request.user).select_related("alliance", "questionnaire"), pk=pk)
    surveys.close_if_due(held, now=timezone.now())  # no page shows a survey open past its deadline
    if not held.is_survey:
        submitted = held.assessments.filter(status=Assessment.Status.SUBMITTED).values_list("pk", flat=True).first()
        return redirect("assessment-result", pk=submitted) if submitted else redirect(held.alliance)
    if held.is_open:
        messages.info(request, ROUND_STILL_OPEN)
        return redirect(held.alliance)
    page = round_page.build(
        held,
        viewer_side=access.viewer_side(request.user, held),
        invited=dict(
            Respondent.objects.filter(round=held, revoked_at__isnull=True)
            .order_by()
            .values_list("side")
            .annotate(n=Count("pk"))
        ),
        statements=dict(held.questionnaire.items.order_by("order").values_list("code", "statement")),
        shared=Answer.objects.filter(
            assessment__round=held,
            assessment__status=Assessment.Status.RESPONDED,
            assessment__invitee__revoked_at__isnull=True,
            shared=True,
        )
        .exclude(comment="")
        .values_list("assessment__invitee__side", "item__code", "comment"),
    )
    return render(request, "rounds/result.html", {"page": page, "alliance": held.alliance})
