"""A respondent who reads the whole portfolio: their side counts in the stored verdict, which the dashboard, its
exports and the threshold preview read, only with at least the privacy minimum of people other than them."""

import pytest
from django.urls import reverse

from assessments import closing, scoring
from assessments.combining import OURS, PARTNER
from assessments.impact import Move, threshold_impact
from assessments.models import Round
from assessments.withholding import PORTFOLIO_READER_AMONG_FEW

from .answering import answers_by_stage
from .factories import SURVEY_CLOSED, SURVEY_OPENED, AllianceFactory, respond, survey
from .test_dashboard_exports import ANSWERS_CSV, ITEMS, TABLE_CSV, csv_rows

pytestmark = pytest.mark.django_db

# The executive answers on the partner's side, which places the alliance lower: Stage I (evidence 50) against our
# side's Stage II (evidence 75). With the partner's side counted, the verdict is Stage I; without it, Stage II.
AT_THE_MINIMUM, ONE_MORE = 2, 3  # others on the partner's side besides the executive


def surveyed(published, reader, others: int) -> Round:
    """A closed survey: three colleagues on our side; on the partner's, `reader` and `others` people."""
    alliance = AllianceFactory(name="Cold chain", partner="Frost")
    held = survey(alliance, opened_at=SURVEY_OPENED)
    for _ in range(3):
        respond(held, OURS, answers_by_stage(published, 1, 4, 2))
    for user in [reader, *[None] * others]:
        respond(held, PARTNER, answers_by_stage(published, 1, 3, 2), user=user)
    closing.close_round(held, now=SURVEY_CLOSED)
    held.refresh_from_db()
    return held


@pytest.mark.parametrize("reader", ["executive", "admin_user"])
def test_a_side_of_the_minimum_with_a_portfolio_reader_among_them_is_withheld(request, published, reader):
    """An executive, or an admin, and two others: the partner's side is withheld, as a code and figures."""
    held = surveyed(published, request.getfixturevalue(reader), AT_THE_MINIMUM)
    assert held.result["sides"][1]["withheld"] == {"code": PORTFOLIO_READER_AMONG_FEW, "respondents": 3, "needed": 4}
    assert (held.result["sides"][1]["qualifies"], held.result["stage"]) == (False, 2)


def test_a_manager_among_the_minimum_does_not_withhold_the_side(published, manager):
    """A manager reads their own alliances only, not the portfolio: the side of three counts."""
    held = surveyed(published, manager, AT_THE_MINIMUM)
    assert (held.result["sides"][1]["withheld"], held.result["stage"]) == (None, 1)


@pytest.mark.parametrize(("others", "stage", "sides_apart"), [(AT_THE_MINIMUM, 2, []), (ONE_MORE, 1, [(2, 1)])])
def test_the_dashboard_reads_the_partner_side_only_with_the_minimum_besides_the_executive(
    client, published, executive, others, stage, sides_apart
):
    """At the minimum the executive's dashboard places the alliance at our side's Stage II and lists no difference
    between the sides; one more person on the partner's side and it is at Stage I, the sides listed apart."""
    surveyed(published, executive, others)
    client.force_login(executive)
    board = client.get(reverse("dashboard")).context["board"]
    assert [(row.name, row.stage) for row in board.rows] == [("Cold chain", stage)]
    assert [(row.ours, row.partner_stage) for row in board.sides_apart] == sides_apart


@pytest.mark.parametrize(
    ("others", "stage", "sides"), [(AT_THE_MINIMUM, "2", ["Our side"]), (ONE_MORE, "1", ["Our side", "Partner side"])]
)
def test_the_exports_hold_the_partner_side_only_with_the_minimum_besides_the_executive(
    client, published, executive, others, stage, sides
):
    """The table export's stage follows the verdict; the answers export has no row of a side withheld."""
    surveyed(published, executive, others)
    client.force_login(executive)
    assert [row[7] for row in csv_rows(client.post(TABLE_CSV))[1:]] == [stage]
    answers = csv_rows(client.post(ANSWERS_CSV))[1:]
    assert sorted({row[9] for row in answers}) == sides
    assert sum(row[9] == "Our side" for row in answers) == ITEMS


@pytest.mark.parametrize(("others", "at_80", "at_45"), [(AT_THE_MINIMUM, (2, 1), None), (ONE_MORE, None, (1, 2))])
def test_the_threshold_preview_places_the_partner_side_only_with_the_minimum_besides_the_executive(
    published, executive, others, at_80, at_45
):
    """At the minimum only our side is placed again (Stage II evidence 75 drops under 80); with one more, the
    partner's side is too, and Stage II at 45 lifts the alliance to II."""
    alliance = surveyed(published, executive, others).alliance

    def moves(stage_two):
        return threshold_impact(scoring.Thresholds(stage_two=stage_two)).moving

    label = "Cold chain (Frost)"
    assert moves(80) == ((Move(alliance.pk, label, *at_80),) if at_80 else ())
    assert moves(45) == ((Move(alliance.pk, label, *at_45),) if at_45 else ())


@pytest.mark.parametrize("others", [AT_THE_MINIMUM, ONE_MORE])
def test_the_result_page_agrees_with_the_stored_verdict(client, published, executive, others):
    """The executive and the owner read the same verdict on the round's page as the portfolio stores."""
    held = surveyed(published, executive, others)
    stored = held.assessments.get(status="submitted").stage
    for viewer in (executive, held.alliance.owner):
        client.force_login(viewer)
        page = client.get(reverse("round-result", args=[held.pk])).context["page"]
        assert (page.stage, [s.shown for s in page.sides]) == (stored, [True, others == ONE_MORE])
        assert page.sides[1].withheld == (
            None
            if others == ONE_MORE
            else "Partner side: not shown. 3 people responded, among them someone who reads the whole portfolio; "
            "with such a person among them, a side is shown from 4, so that the portfolio's figures keep the others' "
            "answers private from them."
        )
