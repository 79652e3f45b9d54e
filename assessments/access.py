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

from jobs.models import Job, JobFile

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
