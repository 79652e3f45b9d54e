"""A small portfolio built by hand, whose every dashboard figure is worked out in the tests.

Today is 15 November 2025 (2025 Q4), so "assessed in the last two quarters" means since
1 July 2025. Principle scores are (answer - 1) * 25 (see factories.answers_at).

alliance  unit        type       region    owner  started     assessments (stage; principle answers != 4)
Alpha     Consumer    supply     EMEA      amira  2024-01-01  2025-03-20 I; 2025-09-10 II {2:2, 1,3,4,5,6,8,10: 3}
Bravo     Consumer    sales      APAC      ben    2024-06-01  2025-06-15 III; 2025-10-05 II {7:2, 1,3,4,5,6: 3}
Charlie   Industrial  rnd        EMEA      amira  2024-09-01  2025-02-10 I {1:2, 5:2, 4:3}
Delta     Industrial  supply     Americas  ben    2025-09-01  none
Echo      Healthcare  logistics  EMEA      amira  2025-01-15  2025-08-01 III {10:2, 4:3, 8:3}
"""

import datetime as dt
from types import SimpleNamespace

from .factories import AllianceFactory, ManagerFactory, answers_at, submitted_assessment

TODAY = dt.date(2025, 11, 15)


def on(year, month, day):
    return dt.datetime(year, month, day, 10, tzinfo=dt.UTC)


def build_portfolio() -> SimpleNamespace:
    amira = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    ben = ManagerFactory(username="ben", first_name="Ben", last_name="Okafor")

    def alliance(name, unit, kind, region, owner, started):
        return AllianceFactory(
            name=name,
            partner=f"{name} Partner",
            business_unit=unit,
            alliance_type=kind,
            region=region,
            owner=owner,
            start_date=started,
        )

    alpha = alliance("Alpha", "Consumer", "supply", "EMEA", amira, dt.date(2024, 1, 1))
    bravo = alliance("Bravo", "Consumer", "sales", "APAC", ben, dt.date(2024, 6, 1))
    charlie = alliance("Charlie", "Industrial", "rnd", "EMEA", amira, dt.date(2024, 9, 1))
    delta = alliance("Delta", "Industrial", "supply", "Americas", ben, dt.date(2025, 9, 1))
    echo = alliance("Echo", "Healthcare", "logistics", "EMEA", amira, dt.date(2025, 1, 15))
    threes = dict.fromkeys((1, 3, 4, 5, 6), 3)
    assessments = [
        submitted_assessment(alpha, answers_at(1), on(2025, 3, 20)),
        submitted_assessment(alpha, answers_at(2, threes | {2: 2, 8: 3, 10: 3}), on(2025, 9, 10)),
        submitted_assessment(bravo, answers_at(3), on(2025, 6, 15)),
        submitted_assessment(bravo, answers_at(2, threes | {7: 2}), on(2025, 10, 5)),
        submitted_assessment(charlie, answers_at(1, {1: 2, 5: 2, 4: 3}), on(2025, 2, 10)),
        submitted_assessment(echo, answers_at(3, {10: 2, 4: 3, 8: 3}), on(2025, 8, 1)),
    ]
    assert [a.stage for a in assessments] == [1, 2, 3, 2, 1, 3]
    return SimpleNamespace(
        amira=amira,
        ben=ben,
        alpha=alpha,
        bravo=bravo,
        charlie=charlie,
        delta=delta,
        echo=echo,
        assessments=assessments,
    )
