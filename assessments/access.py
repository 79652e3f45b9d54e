"""Who may read, answer, edit or administer what: the only place that decides, and every view asks here.

Roles are Django groups (`roles.py` says who is in which); this module turns them into rights.
Queries start from the person asking, so nobody reaches an object by guessing its id: what they
may not see is not found (404), what they may see but not do is forbidden (403). A new way in
(answering through a personal link, without an account) is one more rule here: a link holder
is the invitee their link names, and reaches that invitee's questionnaire and nothing else.
"""

import datetime as dt
import functools

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from jobs.models import Job, JobFile

from . import combining, roles, round_results
from .invitations import LinkState, invitation_tokens, respondent_pk
from .models import Alliance, Assessment, Respondent, Round
from .models.rounds import address_key, person_key

# The cookie a personal link leaves, signed, holding "<uid>:<token>": every page of the link reads it
# again and checks the token against the invitee's state then.
INVITATION_COOKIE = "invitation"
INVITATION_COOKIE_SALT = "assessments.access.invitation"


def is_manager(user) -> bool:
    """Alliance managers create alliances, and edit and assess their own."""
    return roles.is_manager(user)


def is_executive(user) -> bool:
    """Executives and admins (superusers) read the whole portfolio."""
    return roles.is_executive(user)


# Who `is_executive` says reads the whole portfolio, as a query on users.
_READS_PORTFOLIO = Q(is_superuser=True) | Q(groups__name=roles.EXECUTIVES)


def portfolio_reader_keys(user_ids=None) -> set[str]:
    """The person and address keys (`models.rounds.person_key`, `address_key`) of the users who read the whole
    portfolio, as `is_executive` says, or of those among `user_ids` (one query): a respondent is one of them when
    they share a key, whether they answered signed in or through a link sent to that address."""
    from django.contrib.auth import get_user_model

    readers = get_user_model().objects.filter(_READS_PORTFOLIO)
    if user_ids is not None:
        readers = readers.filter(pk__in=user_ids)
    return {
        key
        for pk, email in readers.distinct().values_list("pk", "email")
        for key in (person_key(user_id=pk, email=email), address_key(email))
        if key
    }


def works_in_admin_only(user) -> bool:
    """Staff with no role in the app (criteria editors) work in the admin, and see no alliance."""
    return user.is_staff and not is_manager(user) and not is_executive(user)


def executive_required(view):
    """Executives and admins only: anyone else signed in gets a 403, and signing in comes first."""

    @functools.wraps(view)
    @login_required
    def checked(request, *args, **kwargs):
        if not is_executive(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def manager_required(view):
    """Alliance managers only: anyone else signed in gets a 403, and signing in comes first."""

    @functools.wraps(view)
    @login_required
    def checked(request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def alliances_visible_to(user) -> QuerySet:
    """The alliances a user may read: every one for executives and admins, their own for anyone else."""
    if is_executive(user):
        return Alliance.objects.all()
    return Alliance.objects.filter(owner=user) if user.is_authenticated else Alliance.objects.none()


def alliances_assessable_by(user) -> QuerySet:
    """The alliances a user may start (or carry on) an assessment of: the ones they own."""
    return alliances_visible_to(user).filter(owner=user)


def can_create_alliance(user) -> bool:
    """Managers create alliances, and own what they create."""
    return is_manager(user)


def can_edit_alliance(user, alliance: Alliance) -> bool:
    """Only the manager who owns an alliance changes or assesses it; executives and admins read it."""
    return alliance.owner_id == user.pk and is_manager(user)


def _invited(user) -> Q:
    """A survey response of the user's own invitation, while the link is not revoked (signed in, as by the link)."""
    return Q(invitee__user=user, invitee__revoked_at__isnull=True)


def assessments_visible_to(user) -> QuerySet:
    """Submitted assessments of the alliances a user may read, and the user's own drafts and survey responses."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    alliances = alliances_visible_to(user)
    readable = Q(status=Assessment.Status.SUBMITTED) | Q(respondent=user, invitee__isnull=True)
    return Assessment.objects.filter(Q(alliance__in=alliances) & readable | _invited(user))


def assessments_answerable_by(user) -> QuerySet:
    """Assessments a user may answer: their own, of an alliance they still own (drafts or not), and their own
    survey responses in rounds still open."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    own = Q(respondent=user, alliance__owner=user, invitee__isnull=True)
    return Assessment.objects.filter(own | (_invited(user) & Q(round__closed_at__isnull=True)))


def can_answer(user, assessment: Assessment) -> bool:
    """Whether `assessments_answerable_by(user)` holds this assessment, read from the objects at hand."""
    if not user.is_authenticated:
        return False
    if assessment.invitee_id is not None:
        invitee = assessment.invitee
        return invitee.user_id == user.pk and invitee.revoked_at is None and assessment.round.closed_at is None
    return assessment.respondent_id == user.pk and assessment.alliance.owner_id == user.pk


def invitations_of(user, *, now: dt.datetime) -> QuerySet:
    """The invitations a signed-in user may answer now: theirs, not revoked, in surveys open, before the deadline."""
    if not user.is_authenticated:
        return Respondent.objects.none()
    return Respondent.objects.filter(
        user=user, revoked_at__isnull=True, round__closed_at__isnull=True, round__deadline__gt=now
    )


def rounds_visible_to(user) -> QuerySet:
    """The rounds of the alliances a user may read: their kind, state and, once closed, their combined result.

    Never a survey's individual answers: those no page, export or admin screen shows to anyone but their
    author (`assessments_visible_to` holds only submitted assessments and the user's own).
    """
    return Round.objects.filter(alliance__in=alliances_visible_to(user))


def can_manage_round(user, round_: Round) -> bool:
    """Only the manager who owns the alliance opens, runs and closes its rounds."""
    return can_edit_alliance(user, round_.alliance)


def invitee_named(uid: str) -> Respondent | None:
    """The invitee a personal link's first part names (with their round and alliance), or None."""
    pk = respondent_pk(uid)
    if pk is None:
        return None
    # Unordered: one row by its key needs none of the ordering's joins.
    return Respondent.objects.select_related("round__alliance", "round__questionnaire").order_by().filter(pk=pk).first()


def link_state(respondent: Respondent | None, token: str, *, now: dt.datetime) -> LinkState:
    """What a personal link's token is worth now for the invitee it names (None: it names no one)."""
    if respondent is None:
        return LinkState.BROKEN
    return invitation_tokens.check_token(respondent, token, now=now)


def cookie_value(uid: str, token: str) -> str:
    """What the invitation cookie holds for a link (signed when it is set)."""
    return f"{uid}:{token}"


def link_holder_state(request, respondent: Respondent | None, uid: str, *, now: dt.datetime) -> LinkState:
    """Whether the request holds the personal link of the invitee `uid` names: their cookie, with a valid token.

    No cookie is MISSING; the cookie of another invitee's link is FOREIGN, whatever it holds.
    """
    try:
        held = request.get_signed_cookie(INVITATION_COOKIE, salt=INVITATION_COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        return LinkState.MISSING
    held_uid, _, token = held.partition(":")
    if held_uid != uid:
        return LinkState.FOREIGN
    return link_state(respondent, token, now=now)


def viewer_side(user, round: Round) -> str | None:
    """The side a signed-in user's handed-in answers count on in this round, if any (one query).

    They see a side's figures only when enough people other than them responded on it.
    """
    if not user.is_authenticated:
        return None
    counted = Respondent.objects.filter(
        round=round, user=user, revoked_at__isnull=True, assessments__status=Assessment.Status.RESPONDED
    )
    return counted.values_list("side", flat=True).first()


def results_hidden_from(user, rounds) -> set[int]:
    """The closed surveys among `rounds` whose overall result this user may not see (one query).

    Someone who answered on a side with fewer others than the privacy minimum would learn about the others'
    answers from the verdict, so pages that show a survey's stage to its alliance's readers leave it out for them.
    """
    surveys = {r.pk: r for r in rounds if r.is_survey and r.result}
    if not surveys or not user.is_authenticated:
        return set()
    answered = Respondent.objects.filter(
        round__in=list(surveys), user=user, revoked_at__isnull=True, assessments__status=Assessment.Status.RESPONDED
    ).values_list("round_id", "side")
    return {
        pk
        for pk, side in answered
        if not combining.disclose(round_results.read(surveys[pk].result), viewer_side=side).overall_shown
    }


def actions_visible_to(user) -> QuerySet:
    """The actions of the alliances a user may read."""
    from actions.models import Action

    return Action.objects.filter(alliance__in=alliances_visible_to(user))


def can_plan_actions(user, alliance: Alliance) -> bool:
    """Only the alliance's own manager creates and changes its actions; executives and admins read them."""
    return can_edit_alliance(user, alliance)


def possible_action_owners(alliance: Alliance) -> QuerySet:
    """The users who may own an action of this alliance: those who can see it (its manager, executives, admins)."""
    from django.contrib.auth import get_user_model

    can_see = Q(pk=alliance.owner_id) | _READS_PORTFOLIO
    return get_user_model().objects.filter(can_see, is_active=True).distinct().order_by("first_name", "username")


def may_own_action(user, alliance: Alliance) -> bool:
    """Whether a user may own an action of this alliance: an owner must be able to see it."""
    return user.is_active and alliances_visible_to(user).filter(pk=alliance.pk).exists()


def jobs_requested_by(user) -> QuerySet:
    """The background jobs a person asked for (exports): only they follow them, nobody else finds them."""
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(requested_by=user)


def files_for(user) -> QuerySet:
    """The files jobs wrote for a person: only the one who asked may download them (expiry aside)."""
    if not user.is_authenticated:
        return JobFile.objects.none()
    return JobFile.objects.filter(job__requested_by=user)


def visibility_key(user) -> str:
    """What `alliances_visible_to(user)` holds, as a cache key part: "all" for everyone who sees every alliance."""
    return "all" if is_executive(user) else f"owner-{user.pk}"
