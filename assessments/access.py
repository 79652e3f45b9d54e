"""Who may read, answer, edit or administer what: the only place that decides, and every view asks here.

Roles are Django groups (`roles.py` says who is in which); this module turns them into rights.
Queries start from the person asking, so nobody reaches an object by guessing its id: what they
may not see is not found (404), what they may see but not do is forbidden (403). A new way in
(answering through a personal link, without an account) is one more rule here.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from . import roles
from .models import Alliance, Assessment


def is_manager(user) -> bool:
    """Alliance managers create alliances, and edit and assess their own."""
    return roles.is_manager(user)


def is_executive(user) -> bool:
    """Executives and admins (superusers) read the whole portfolio."""
    return roles.is_executive(user)


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


def assessments_visible_to(user) -> QuerySet:
    """Submitted assessments of the alliances a user may read, and the user's own drafts of them."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    alliances = alliances_visible_to(user)
    return Assessment.objects.filter(alliance__in=alliances).filter(
        Q(status=Assessment.Status.SUBMITTED) | Q(respondent=user)
    )


def assessments_answerable_by(user) -> QuerySet:
    """Assessments a user may answer: their own, of an alliance they still own (drafts or not)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(respondent=user, alliance__owner=user)


def can_answer(user, assessment: Assessment) -> bool:
    """Whether `assessments_answerable_by(user)` holds this assessment, read from the objects at hand."""
    return user.is_authenticated and assessment.respondent_id == user.pk and assessment.alliance.owner_id == user.pk


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

    can_see = Q(pk=alliance.owner_id) | Q(is_superuser=True) | Q(groups__name=roles.EXECUTIVES)
    return get_user_model().objects.filter(can_see, is_active=True).distinct().order_by("first_name", "username")


def may_own_action(user, alliance: Alliance) -> bool:
    """Whether a user may own an action of this alliance: an owner must be able to see it."""
    return user.is_active and alliances_visible_to(user).filter(pk=alliance.pk).exists()
