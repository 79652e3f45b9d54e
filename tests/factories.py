"""Objects for tests. Criteria come from the default file, loaded on migrate."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from assessments import answering, roles
from assessments.models import Alliance, Assessment, Questionnaire, Respondent, Round

from .answering import record_answers


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("test-password")


class ManagerFactory(UserFactory):
    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        user.groups.add(Group.objects.get_or_create(name=roles.MANAGERS)[0])


class ExecutiveFactory(UserFactory):
    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        user.groups.add(Group.objects.get_or_create(name=roles.EXECUTIVES)[0])


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"Alliance {n}")
    partner = factory.Faker("company")
    business_unit = "Consumer"
    alliance_type = Alliance.Type.SUPPLY
    region = "EMEA"
    start_date = dt.date(2024, 1, 1)
    owner = factory.SubFactory(ManagerFactory)


def self_round(assessment) -> Round:
    """The self-assessment round an assessment made by a factory belongs to: the alliance's open one (a new one if
    none), or, for one made submitted, a round closed at its submission."""
    submitted_at = assessment.submitted_at
    if submitted_at is None:
        opened = Round.objects.open().filter(alliance=assessment.alliance, kind=Round.Kind.SELF).first()
        if opened:
            return opened
    return Round.objects.create_self(
        alliance=assessment.alliance,
        questionnaire=assessment.questionnaire,
        opened_by=assessment.respondent,
        opened_at=submitted_at or timezone.now(),
        closed_at=submitted_at,
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft on the published questionnaire, answered by the alliance's owner, in the alliance's open self round."""

    class Meta:
        model = Assessment

    alliance = factory.SubFactory(AllianceFactory)
    questionnaire = factory.LazyFunction(lambda: Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED))
    respondent = factory.LazyAttribute(lambda a: a.alliance.owner)
    submitted_at = None
    round = factory.LazyAttribute(self_round)


def submitted_assessment(alliance, answers: dict, submitted_at: dt.datetime, questionnaire=None) -> Assessment:
    """An assessment of `alliance` with these answers, submitted through the real service."""
    assessment = AssessmentFactory(alliance=alliance, **({"questionnaire": questionnaire} if questionnaire else {}))
    record_answers(assessment=assessment, answers=answers)
    return answering.submit_assessment(assessment=assessment, now=submitted_at)


def answers_at(stage: int, principles: dict[int, int] | None = None, questionnaire=None) -> dict[str, int]:
    """Answers to every item that place an alliance at `stage` with known principle scores.

    Every item tied to principle N gets `principles[N]` (default 4), so that principle scores
    (value - 1) * 25 exactly. Keep the values 2-4: then Stage I symptoms are all 5 at stage 1
    and all 1 above it; the other Stage II items are 5; the other Stage III items are 3 below
    stage 3 (evidence under 60) and 5 at it. The principles that hold the alliance back (its
    gaps to the next stage lead with them) are then exactly those answered 2 that have items
    in the next stage: 1, 3, 5, 6, 7, 10 for Stage II; 2, 7, 9 for Stage III.
    """
    principles = principles or {}
    questionnaire = questionnaire or Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    other = {1: 5 if stage == 1 else 1, 2: 5, 3: 5 if stage == 3 else 3}
    return {
        code: principles.get(principle, 4) if principle else other[stage_number]
        for code, principle, stage_number in questionnaire.items.values_list(
            "code", "principle__number", "pattern__stage__number"
        )
    }


class CriteriaEditorFactory(UserFactory):
    """Staff in the "Criteria editors" group: may edit the criteria in the admin, nothing else."""

    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        group, created = Group.objects.get_or_create(name=roles.CRITERIA_EDITORS)
        if created:  # a transactional test flushed the group its migration made
            group.permissions.set(
                Permission.objects.filter(
                    content_type__app_label="assessments", content_type__model__in=roles.CRITERIA_MODELS
                )
            )
        user.groups.add(group)


def survey(alliance, *, opened_at: dt.datetime, deadline: dt.datetime | None = None, **fields) -> Round:
    """An open survey round of `alliance` on the published questionnaire."""
    return Round.objects.create(
        alliance=alliance,
        questionnaire=Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED),
        kind=Round.Kind.SURVEY,
        opened_by=alliance.owner,
        opened_at=opened_at,
        deadline=deadline or opened_at + dt.timedelta(days=14),
        **fields,
    )


def respond(
    round: Round,
    side: str,
    answers: dict,
    *,
    name: str = "",
    email: str = "",
    user=None,
    handed_in: bool = True,
    comments: dict[str, tuple[str, bool]] | None = None,
) -> Assessment:
    """An invitee of `round` on `side` with these answers, handed in through the real service unless not `handed_in`;
    `email` names the person across rounds (by default one address per round and invitee)."""
    number = round.respondents.count() + 1
    invitee = Respondent.objects.create(
        round=round,
        name=name or f"Respondent {number}",
        email=email or f"respondent{number}-{round.pk}@example.com",
        side=side,
        user=user,
        invited_at=round.opened_at,
    )
    assessment = Assessment.objects.create(
        alliance_id=round.alliance_id,
        questionnaire_id=round.questionnaire_id,
        round=round,
        invitee=invitee,
        respondent=user,
    )
    record_answers(assessment=assessment, answers=answers, comments=comments)
    if handed_in:
        return answering.submit_assessment(assessment=assessment, now=round.opened_at + dt.timedelta(hours=number))
    return assessment


SURVEY_OPENED = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
SURVEY_CLOSED = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)


def closed_survey(alliance, *, ours: int = 3, partner: int = 3, manager_answers: bool = False, comments=None) -> Round:
    """A survey of `alliance`, closed: `ours` colleagues at Stage II (principles 4), `partner` people at Stage I
    (principles 3), and a partner-side draft left out. With `manager_answers` the owner is the first of ours;
    the first of ours gives `comments` (item code: (comment, shared))."""
    from assessments import closing

    held = survey(alliance, opened_at=SURVEY_OPENED)
    for n in range(ours):
        user = alliance.owner if manager_answers and n == 0 else None
        respond(held, "ours", answers_at(2), user=user, comments=comments if n == 0 else None)
    for _ in range(partner):
        respond(held, "partner", answers_at(1, dict.fromkeys(range(1, 11), 3)))
    respond(held, "partner", answers_at(3), handed_in=False)
    closing.close_round(held, now=SURVEY_CLOSED)
    held.refresh_from_db()
    return held
