"""Someone given a portfolio role after a survey closed: the sides they counted on with too few others besides
them are withheld then, as closing would have withheld them (`withholding.PORTFOLIO_READER_AMONG_FEW`).

Closing reads roles as they are when it closes. An executive or an admin made later, who answered on a side of
exactly the privacy minimum, would otherwise read on the dashboard, its exports and the threshold preview a
verdict built with only the minimum minus one other people. Judging the round again needs no person's answers,
which may be erased by then: the round stored each side's combined answers and result (`round_results`), and
the verdict is composed from those (`combining.withhold`).

It runs in the transaction that grants the role (apps.py connects it to the user model's saves and its group
changes), so no moment passes where the new role reads what it may not. A role taken away later does not bring
the side back: what was withheld stays withheld.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from . import access, closing, combining, round_results
from .models import Assessment, Respondent, Round
from .withholding import PORTFOLIO_READER_AMONG_FEW, Withheld


def withhold_for(user_ids: Iterable[int]) -> list[Round]:
    """Withhold, in every closed survey, each shown side that one of these users (if they read the portfolio)
    counted on with fewer than the privacy minimum of others besides them; the rounds judged again.

    Two queries when none of them reads the portfolio or answered a survey, whatever the portfolio."""
    keys = access.portfolio_reader_keys(set(user_ids))
    if not keys:
        return []
    counted_on: dict[int, set[str]] = defaultdict(set)
    for round_id, side in (
        Respondent.objects.filter(Q(person_key__in=keys) | Q(address_key__in=keys), answers_counted=True)
        .filter(round__kind=Round.Kind.SURVEY, round__closed_at__isnull=False, round__result__isnull=False)
        .values_list("round_id", "side")
        .distinct()
    ):
        counted_on[round_id].add(side)
    judged = []
    with transaction.atomic():
        for held in Round.objects.select_for_update().select_related("questionnaire").filter(pk__in=counted_on):
            if _judge_again(held, counted_on[held.pk]):
                judged.append(held)
    return judged


def _judge_again(held: Round, sides: set[str]) -> bool:
    """Withhold those of `sides` that are shown with too few others besides a reader; whether any was."""
    result = round_results.read(held.result)
    withheld = {
        s.side: Withheld(PORTFOLIO_READER_AMONG_FEW, respondents=s.respondents, needed=result.minimum + 1)
        for s in result.sides
        if s.side in sides and s.qualifies and s.respondents - 1 < result.minimum
    }
    if not withheld:
        return False
    criteria, ours_only = closing.criteria_of(held)
    result = combining.withhold(criteria, result, withheld, ours_only=ours_only)
    held.result = round_results.to_stored(result)
    held.save(update_fields=["result"])
    combined = held.assessments.filter(status=Assessment.Status.SUBMITTED).first()
    verdict = round_results.verdict_result(result)
    if combined is None or verdict is None:
        # No side left to show: the round has no result, and the alliance is unassessed for its period.
        if combined is not None:
            combined.delete()
        return True
    combined.principle_scores.all().delete()
    combined.answers.all().delete()
    closing.write_verdict_rows(held, combined, result, verdict)
    # Saved last: its signals cut the alliance's standing periods again from the scores just written.
    combined.stage, combined.result = verdict.stage, verdict.to_dict()
    combined.save(update_fields=["stage", "result"])
    return True


def user_saved(instance, update_fields=None, **kwargs) -> None:
    """A user saved, perhaps made an admin (or given the address of someone who answered a survey)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in
    withhold_for([instance.pk])


def groups_changed(instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Users added to groups (the executives', perhaps), from either end of the relation."""
    if action == "post_add" and pk_set:
        withhold_for([instance.pk] if not reverse else pk_set)


def group_saved(instance, **kwargs) -> None:
    """A group saved, perhaps renamed to the executives': its members read the portfolio."""
    withhold_for(instance.user_set.values_list("pk", flat=True))
