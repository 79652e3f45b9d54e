"""The dashboard's figure of alliances whose two sides see different stages, under the same filters."""

import pytest
from django.urls import reverse

from assessments.dashboard import sides

from .factories import AllianceFactory, answers_at, closed_survey, submitted_assessment
from .portfolio import on

pytestmark = pytest.mark.django_db


def test_the_figure_counts_and_names_the_alliances_whose_sides_differ(client, executive, published):
    """Ours at II and the partner's at I on two surveyed alliances, one of them in another unit: both listed, our side
    higher; the unit filter keeps one; a self-assessment and a survey with one side qualifying are not listed."""
    consumer = closed_survey(AllianceFactory(name="Cold chain", business_unit="Consumer"))
    industrial = closed_survey(AllianceFactory(name="Steel", business_unit="Industrial"))
    closed_survey(AllianceFactory(name="One side", business_unit="Consumer"), partner=2)
    submitted_assessment(AllianceFactory(name="Self", business_unit="Consumer"), answers_at(2), on(2026, 11, 20))
    client.force_login(executive)

    board = client.get(reverse("dashboard")).context["board"]

    assert [(row.alliance_id, row.ours, row.partner_stage, row.direction) for row in board.sides_apart] == [
        (consumer.alliance_id, 2, 1, sides.OURS_HIGHER),
        (industrial.alliance_id, 2, 1, sides.OURS_HIGHER),
    ]
    assert board.charts["sides_apart"]["data"][0]["x"] == [2, 0]
    filtered = client.get(reverse("dashboard"), {"unit": "Industrial"}).context["board"]
    assert [row.name for row in filtered.sides_apart] == ["Steel"]
    assert 'id="sides-apart-title"' in client.get(reverse("dashboard")).text
    assert 'id="sides-apart-title"' not in client.get(reverse("dashboard"), {"unit": "Consumer", "stage": "2"}).text
