"""The action plans on the dashboard and in its exports, and the alliance page's queries with many actions."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions import planning, views
from actions.templatetags import actions as tags
from assessments.views import dashboard

from .action_plans import NOW, TODAY, assessed, make_action
from .factories import AllianceFactory

pytestmark = pytest.mark.django_db
# The alliance page with its plan: session, user, groups, alliance, assessments, rounds, actions, their history.
QUERIES = 8


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: NOW)
    monkeypatch.setattr(tags, "_today", lambda: TODAY)
    monkeypatch.setattr(dashboard, "_today", lambda: TODAY)


@pytest.fixture
def portfolio(manager):
    """Two business units: Consumer with an overdue, an open and a done action that worked; Industrial with one open."""
    consumer = AllianceFactory(owner=manager, name="Cold chain", business_unit="Consumer")
    industrial = AllianceFactory(owner=manager, name="Spare parts", business_unit="Industrial")
    before = assessed(consumer, at=NOW - dt.timedelta(days=60), principles={7: 2})
    gap = next(gap for gap in before.stored_result.gaps if gap.principle == 7)
    make_action(consumer, title="=HYPERLINK(1)", due_date=TODAY - dt.timedelta(days=1))
    make_action(consumer, title="Open one", due_date=TODAY + dt.timedelta(days=30))
    worked = make_action(consumer, title="Worked", statement_codes=[gap.code], principle=7)
    planning.change_action(action=worked, by=manager, now=NOW, owner_user=manager, status="done")
    assessed(consumer, at=NOW + dt.timedelta(hours=1), principles={7: 2}, **{gap.code: 5})
    make_action(industrial, title="Industrial one", owner_name="Ines Duarte", due_date=TODAY + dt.timedelta(days=3))
    return consumer, industrial


def test_the_dashboard_counts_actions_per_business_unit(client, executive, portfolio):
    """Open and overdue per unit, and the share of done actions that improved, under the filters."""
    client.force_login(executive)
    summary = client.get(reverse("dashboard")).context["summary"]
    assert [(u.business_unit, u.still_open, u.overdue, u.done) for u in summary.units] == [
        ("Consumer", 2, 1, 1),
        ("Industrial", 1, 0, 0),
    ]
    assert (summary.judged, summary.improved, summary.improved_share) == (1, 1, 100.0)
    page = client.get(reverse("dashboard"), {"unit": "Industrial"})
    assert [u.business_unit for u in page.context["summary"].units] == ["Industrial"]
    assert (
        "100% of done actions improved their statements (1 of 1 followed by a result)."
        in client.get(reverse("dashboard")).content.decode()
    )


def test_the_kept_card_follows_each_change_to_an_action_and_the_day(client, executive, portfolio, monkeypatch):
    """The card is drawn once per figures' key: a new action, one marked done and the next day each draw it anew."""
    consumer, industrial = portfolio
    client.force_login(executive)

    def row(unit: str) -> str:
        page = " ".join(client.get(reverse("dashboard")).content.decode().split())
        cells = page.split(f'<th scope="row" class="fw-normal">{unit}</th>')[1].split("</tr>")[0]
        return cells.replace('<td class="text-end">', "").replace("</td>", " ").strip()

    assert row("Industrial") == "1 0 0"
    assert row("Industrial") == "1 0 0"  # read back as drawn
    late = make_action(industrial, title="Late", due_date=TODAY + dt.timedelta(days=1))
    assert row("Industrial") == "2 0 0"
    planning.change_action(action=late, by=consumer.owner, now=NOW, owner_user=consumer.owner, status="done")
    assert row("Industrial") == "1 0 1"
    monkeypatch.setattr(dashboard, "_today", lambda: TODAY + dt.timedelta(days=4))
    assert row("Industrial") == "1 1 1"  # "Industrial one" was due in three days


def test_the_actions_export_follows_the_filters_and_keeps_formulas_as_text(client, executive, portfolio):
    """CSV rows open first, with the filters' file name; text that looks like a formula stays text."""
    client.force_login(executive)
    response = client.get(reverse("dashboard-actions-export", args=["csv"]), {"unit": "Consumer"})
    assert response["Content-Disposition"] == 'attachment; filename="actions-consumer-2026-12-01.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Alliance", "Partner", "Business unit", "What is to be done"]
    assert [(r[3], r[9], r[10], r[12]) for r in rows[1:]] == [
        ("'=HYPERLINK(1)", "Open", "Overdue", ""),
        ("Open one", "Open", "", ""),
        ("Worked", "Done", "", "Improved"),
    ]


def test_the_excel_export_holds_dates_and_text(client, executive, portfolio):
    """Excel has every action, dates as dates, and "=…" as a string, not a formula."""
    client.force_login(executive)
    response = client.get(reverse("dashboard-actions-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][3] == "=HYPERLINK(1)" and sheet["D2"].data_type == "s"
    assert rows[1][8].date() == dt.date(2026, 11, 30)  # openpyxl reads a date cell back as a datetime


def test_managers_get_no_actions_export(client, manager, portfolio):
    """The export is the dashboard's: managers get a 403."""
    client.force_login(manager)
    assert client.get(reverse("dashboard-actions-export", args=["csv"])).status_code == 403


@pytest.mark.parametrize("count", [1, 100])
def test_the_alliance_page_takes_the_same_queries_whatever_its_actions(
    client, manager, count, django_assert_num_queries
):
    """With 1 or 100 actions, each changed once, the alliance page makes the same number of queries."""
    alliance = AllianceFactory(owner=manager)
    for n in range(count):
        action = make_action(alliance, title=f"Action {n}")
        planning.change_action(action=action, by=manager, now=NOW, owner_user=manager, status="in_progress")
    client.force_login(manager)
    client.get(alliance.get_absolute_url())
    with django_assert_num_queries(QUERIES):
        assert client.get(alliance.get_absolute_url()).status_code == 200
