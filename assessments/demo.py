"""Demo data: users for each role and a portfolio of alliances with two years of quarterly results.

Local use only. The passwords are printed in the README and are not secrets.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import answering, roles, scoring
from .models import Alliance, Assessment, Questionnaire, Round
from .quarters import quarter_ends

DEMO_PASSWORD = "demo-only-password"  # for the local demo; printed in the README
QUARTERS = 8


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a group name, or "admin"


USERS = (
    DemoUser("amira", "Amira", "Haddad", roles.MANAGERS),
    DemoUser("ben", "Ben", "Okafor", roles.MANAGERS),
    DemoUser("elena", "Elena", "Rossi", roles.EXECUTIVES),
    DemoUser("admin", "Ada", "Admin", "admin"),
)

# name, partner, business unit, type, region, owner, first quarter assessed (0 = two years ago),
# maturity then (0-1), change per quarter, and a Stage I pattern the alliance leans to while immature.
ALLIANCES = (
    ("Cold chain logistics", "Nordfrost Logistics", "Consumer", "logistics", "EMEA", "amira", 0, 0.15, 0.09, "S1-P1"),
    ("Retail shelf partnership", "ShopRight Group", "Consumer", "sales", "Americas", "amira", 0, 0.55, 0.05, "S1-P2"),
    ("Packaging co-design", "Verapak", "Consumer", "rnd", "EMEA", "amira", 0, 0.70, 0.03, "S1-P3"),
    ("Joint marketing programme", "BrightMedia", "Consumer", "marketing", "APAC", "amira", 2, 0.20, 0.00, "S1-P2"),
    (
        "Contract manufacturing",
        "Asteria Manufacturing",
        "Industrial",
        "outsourcing",
        "APAC",
        "amira",
        0,
        0.35,
        0.06,
        "S1-P4",
    ),
    ("Field service network", "ServiTech", "Industrial", "service", "Americas", "amira", 1, 0.45, -0.04, "S1-P3"),
    ("Steel supply agreement", "Ferrum Works", "Industrial", "supply", "EMEA", "amira", 0, 0.10, 0.02, "S1-P4"),
    ("Sensor R&D consortium", "Quanta Labs", "Industrial", "rnd", "Americas", "amira", 3, 0.60, 0.07, "S1-P1"),
    ("Hospital distribution", "MedRoute", "Healthcare", "logistics", "EMEA", "ben", 0, 0.40, 0.04, "S1-P1"),
    ("Diagnostics co-development", "Helix Diagnostics", "Healthcare", "rnd", "Americas", "ben", 0, 0.80, 0.02, "S1-P2"),
    ("Clinical trial services", "TrialWorks", "Healthcare", "outsourcing", "APAC", "ben", 0, 0.25, -0.02, "S1-P3"),
    ("Pharmacy sales channel", "CarePoint Pharmacies", "Healthcare", "sales", "EMEA", "ben", 1, 0.30, 0.08, "S1-P2"),
    ("Patient app co-marketing", "Wellnest", "Healthcare", "marketing", "Americas", "ben", 4, 0.50, 0.05, "S1-P1"),
    ("Raw materials sourcing", "Andes Minerals", "Industrial", "supply", "Americas", "ben", 0, 0.05, 0.03, "S1-P4"),
    ("Regional service alliance", "Kaizen Support", "Consumer", "service", "APAC", "ben", 0, 0.65, -0.01, "S1-P3"),
)
STALE = {"Steel supply agreement"}  # last assessed long ago: the dashboard should flag it
IN_PROGRESS = {"Cold chain logistics", "Hospital distribution"}  # a draft under way


def demo_answers(criteria: scoring.Criteria, level: float, leaning: str, rng: random.Random) -> dict:
    """Believable answers for an alliance whose maturity is `level` (0 = opportunistic, 1 = value network)."""
    stage_of = {p.code: p.stage for p in criteria.patterns}
    # How far each stage's practices are in place at this level, from 0 to 1.
    in_place = {
        1: 1 - level * 1.4,
        2: level * 1.5,
        3: (level - 0.45) * 2,
        None: level * 1.2,
    }
    answers = {}
    for item in criteria.items:
        stage = stage_of.get(item.pattern)
        strength = in_place[stage] + (0.35 if item.pattern == leaning and level < 0.5 else 0)
        value = round(1 + 4 * min(max(strength, 0), 1) + rng.gauss(0, 0.6))
        answers[item.code] = None if rng.random() < 0.04 else min(max(value, 1), 5)
    return answers


@transaction.atomic
def seed(*, today: dt.date, seed_value: int = 2026) -> dict:
    """Create what is missing of the demo; what is already there is left as it is."""
    rng = random.Random(seed_value)
    users = {u.username: _ensure_user(u) for u in USERS}
    questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    criteria = questionnaire.scoring_criteria()
    ends = quarter_ends(today, QUARTERS)
    created = {"alliances": 0, "assessments": 0}
    for name, partner, unit, kind, region, owner, first, level, drift, leaning in ALLIANCES:
        alliance, new = Alliance.objects.get_or_create(
            name=name,
            partner=partner,
            defaults={
                "business_unit": unit,
                "alliance_type": kind,
                "region": region,
                "owner": users[owner],
                "start_date": ends[first] - dt.timedelta(days=200 + rng.randrange(400)),
            },
        )
        created["alliances"] += new
        if alliance.assessments.exists():
            continue
        last = QUARTERS - 3 if name in STALE else QUARTERS
        for quarter in range(first, last):
            current = level + drift * (quarter - first) + rng.gauss(0, 0.04)
            answers = demo_answers(criteria, current, leaning, rng)
            submitted = dt.datetime.combine(
                ends[quarter] - dt.timedelta(days=rng.randrange(3, 20)), dt.time(10), dt.UTC
            )
            _submitted_assessment(alliance, questionnaire, answers, submitted)
            created["assessments"] += 1
        if name in IN_PROGRESS:
            opened = Round.objects.create_self(
                alliance=alliance,
                questionnaire=questionnaire,
                opened_by=alliance.owner,
                opened_at=dt.datetime.combine(today, dt.time(9), dt.UTC),
            )
            draft = Assessment.objects.create(
                alliance=alliance, round=opened, questionnaire=questionnaire, respondent=alliance.owner
            )
            answers = demo_answers(criteria, level + drift * QUARTERS, leaning, rng)
            _give(draft, dict(list(answers.items())[:20]))
    return created


def _ensure_user(demo: DemoUser):
    user, new = get_user_model().objects.get_or_create(
        username=demo.username,
        defaults={
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "email": f"{demo.username}@example.com",
            "is_staff": demo.role == "admin",
            "is_superuser": demo.role == "admin",
        },
    )
    if new:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if demo.role != "admin":
        user.groups.add(Group.objects.get(name=demo.role))
    return user


def _submitted_assessment(alliance, questionnaire, answers, submitted):
    started = submitted - dt.timedelta(days=7)
    opened = Round.objects.create_self(
        alliance=alliance, questionnaire=questionnaire, opened_by=alliance.owner, opened_at=started
    )
    assessment = Assessment.objects.create(
        alliance=alliance, round=opened, questionnaire=questionnaire, respondent=alliance.owner
    )
    _give(assessment, answers)
    answering.submit_assessment(assessment=assessment, now=submitted)
    # Backdate it, so the history reads as two years of quarters.
    Assessment.objects.filter(pk=assessment.pk).update(created_at=started, updated_at=submitted)


def _give(assessment, answers):
    """Answer as a manager would, through the real service."""
    answering.save_answers(
        assessment=assessment, replies={code: answering.Reply(value) for code, value in answers.items()}
    )
