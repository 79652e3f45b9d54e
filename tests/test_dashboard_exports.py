"""Exports of the filtered table and of the answers behind it, as CSV and Excel."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from assessments import closing
from assessments.combining import OURS, PARTNER
from assessments.dashboard import exports
from assessments.models import Alliance, Answer
from assessments.views import dashboard as dashboard_views
from jobs.models import Job

from .factories import AllianceFactory, answers_at, respond, submitted_assessment, survey
from .portfolio import TODAY, build_portfolio, on
from .tasks import run_ready_tasks

TABLE_CSV = reverse("dashboard-alliances-export", args=["csv"])
TABLE_XLSX = reverse("dashboard-alliances-export", args=["xlsx"])
ANSWERS_CSV = reverse("dashboard-answers-export", args=["csv"])
ANSWERS_XLSX = reverse("dashboard-answers-export", args=["xlsx"])
ITEMS = 74  # statements in the default questionnaire
ALPHA_S2_P4_01 = [
    "Alpha",
    "Alpha Partner",
    "Consumer",
    "Supply",
    "EMEA",
    None,  # the assessment's id, filled in by the test
    "2025-09-10",
    "Stage II · Strategic",
    "2",
    "Owner",
    "S2-P4-01",
    "A C-level executive in our company has formally endorsed this alliance's goals.",
    "Stage II · Professional management",
    "3. Senior Management Commitment",
    "3",
    "Neither agree nor disagree",
    "",
]


# openpyxl reads an Excel date cell back as a naive datetime at midnight: Excel has no time zones.
ALPHA_SUBMITTED_IN_EXCEL = dt.datetime(2025, 9, 10)  # noqa: DTZ001
ALPHA = ["Alpha", "Alpha Partner", "Consumer", "Supply", "EMEA", "Amira Haddad"]
BRAVO = ["Bravo", "Bravo Partner", "Consumer", "Sales", "APAC", "Ben Okafor"]
CHARLIE = ["Charlie", "Charlie Partner", "Industrial", "R&D", "EMEA", "Amira Haddad"]
DELTA = ["Delta", "Delta Partner", "Industrial", "Supply", "Americas", "Ben Okafor"]
ECHO = ["Echo", "Echo Partner", "Healthcare", "Logistics", "EMEA", "Amira Haddad"]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)


@pytest.fixture
def world(published, client, executive):
    client.force_login(executive)
    return build_portfolio()


def csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # so that Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def prepared_answers(client, query: str = ""):
    """Ask for the answers in Excel, let the queue's worker prepare them, and download the file."""
    response = client.post(ANSWERS_XLSX + query)
    assert response.status_code == 302
    run_ready_tasks()
    return client.get(reverse("dashboard-export-file", args=[Job.objects.latest("pk").pk]))


def xlsx_sheet(response):
    assert isinstance(response, FileResponse)
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_table_csv_holds_every_filtered_row_in_the_table_order(client, world):
    """The table export: one row per alliance, sorted as asked; stage and trend in words and numbers; status."""
    response = client.post(TABLE_CSV + "?sort=-stage")
    assert response["Content-Disposition"] == 'attachment; filename="alliances-2025-11-15.csv"'
    assert csv_rows(response) == [
        [
            "Alliance",
            "Partner",
            "Business unit",
            "Type",
            "Region",
            "Owner",
            "Stage",
            "Stage number",
            "Trend",
            "Trend number",
            "Last assessed",
            "Status",
        ],
        [*ECHO, "Stage III · Foundation of a Value Network", "3", "First assessment", "", "2025-08-01", ""],
        [*ALPHA, "Stage II · Strategic", "2", "Up 1", "1", "2025-09-10", ""],
        [*BRAVO, "Stage II · Strategic", "2", "Down 1", "-1", "2025-10-05", ""],
        [*CHARLIE, "Stage I · Opportunistic", "1", "First assessment", "", "2025-02-10", "Overdue"],
        [*DELTA, "Not assessed", "", "Not assessed", "", "", "New"],
    ]


def test_table_export_follows_the_filters_and_as_of(client, world):
    """With region=EMEA as of 30 June 2025: Alpha at I, Charlie at I, Echo not yet assessed."""
    rows = csv_rows(client.post(TABLE_CSV + "?region=EMEA&as_of=2025-06-30"))
    assert [row[0] for row in rows[1:]] == ["Alpha", "Charlie", "Echo"]
    assert [row[6:8] for row in rows[1:]] == [
        ["Stage I · Opportunistic", "1"],
        ["Stage I · Opportunistic", "1"],
        ["Not assessed", ""],
    ]


def test_table_xlsx_has_the_same_rows(client, world):
    """The Excel table holds the header and the five alliances, numbers as numbers and dates as dates."""
    response = client.post(TABLE_XLSX)
    assert response["Content-Disposition"] == 'attachment; filename="alliances-2025-11-15.xlsx"'
    sheet = xlsx_sheet(response)
    rows = list(sheet.values)
    assert sheet.title == "Alliances"
    assert len(rows) == 6
    assert rows[1] == (*ALPHA, "Stage II · Strategic", 2, "Up 1", 1, ALPHA_SUBMITTED_IN_EXCEL, None)
    assert sheet.cell(row=2, column=11).number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(
    ("url", "query", "name"),
    [
        (TABLE_CSV, "", "alliances-2025-11-15.csv"),
        (TABLE_CSV, "?unit=Consumer&region=EMEA", "alliances-consumer-emea-2025-11-15.csv"),
        (TABLE_XLSX, "?type=rnd&stage=2&owner={ben}", "alliances-rd-stage-ii-strategic-ben-okafor-2025-11-15.xlsx"),
        (ANSWERS_CSV, "?stage=none&as_of=2025-06-30", "answers-not-assessed-2025-06-30.csv"),
        (ANSWERS_XLSX, "?unit=Nowhere&region=APAC", "answers-apac-2025-11-15.xlsx"),
    ],
    ids=["no-filter", "unit-and-region", "type-stage-owner", "not-assessed-as-of", "bad-filter-left-out"],
)
def test_file_names_say_the_filters_and_the_day(client, world, url, query, name):
    """The file name holds each filter chosen, slugified, and the day shown (today or the as-of quarter end)."""
    url += query.format(ben=world.ben.pk)
    if url.startswith(ANSWERS_XLSX):
        response = prepared_answers(client, url.removeprefix(ANSWERS_XLSX))
    else:
        response = client.post(url)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_answers_csv_has_one_row_per_answer_of_each_latest_assessment(client, world):
    """Four alliances have a latest assessment: 4 x 74 rows, grouped by alliance name."""
    rows = csv_rows(client.post(ANSWERS_CSV))
    assert rows[0] == [
        "Alliance",
        "Partner",
        "Business unit",
        "Type",
        "Region",
        "Assessment",
        "Submitted",
        "Stage",
        "Stage number",
        "Side",
        "Item",
        "Statement",
        "Pattern",
        "Principle",
        "Value",
        "Answer",
        "Comment",
    ]
    assert len(rows) == 1 + 4 * ITEMS
    names = [row[0] for row in rows[1:]]
    assert names == ["Alpha"] * ITEMS + ["Bravo"] * ITEMS + ["Charlie"] * ITEMS + ["Echo"] * ITEMS
    alpha_latest = world.assessments[1]
    assert {row[5] for row in rows[1 : ITEMS + 1]} == {str(alpha_latest.pk)}
    expected = list(ALPHA_S2_P4_01)
    expected[5] = str(alpha_latest.pk)
    assert [row for row in rows if row[0] == "Alpha" and row[10] == "S2-P4-01"] == [expected]


def test_answers_export_follows_filters_and_as_of(client, world):
    """unit=Industrial leaves Charlie's answers; as of 30 June 2025 Bravo's are those of its Stage III assessment."""
    rows = csv_rows(client.post(ANSWERS_CSV + "?unit=Industrial"))
    assert {row[0] for row in rows[1:]} == {"Charlie"}
    assert len(rows) == 1 + ITEMS
    rows = csv_rows(client.post(ANSWERS_CSV + "?as_of=2025-06-30&unit=Consumer"))
    assert {(row[0], row[5], row[8]) for row in rows[1:]} == {
        ("Alpha", str(world.assessments[0].pk), "1"),
        ("Bravo", str(world.assessments[2].pk), "3"),
    }


def test_dont_know_answers_and_comments_are_exported(client, world):
    """A "don't know" answer has no value and says so; comments come along."""
    answer = Answer.objects.get(assessment=world.assessments[4], item__code="C01-01")
    answer.value, answer.comment = None, "We have not asked them yet."
    answer.save()
    rows = csv_rows(client.post(ANSWERS_CSV + "?unit=Industrial"))
    assert [row[14:] for row in rows if row[10] == "C01-01"] == [
        ["", "Don't know / not applicable", "We have not asked them yet."]
    ]


def test_answers_xlsx_has_the_same_rows(client, world):
    """The Excel answers sheet holds the header and 4 x 74 rows, values as numbers, the submission day a date."""
    sheet = xlsx_sheet(prepared_answers(client))
    rows = list(sheet.values)
    assert sheet.title == "Answers"
    assert len(rows) == 1 + 4 * ITEMS
    alpha = [row for row in rows if row[0] == "Alpha" and row[10] == "S2-P4-01"]
    assert [(row[6], row[7], row[8], row[13], row[14], row[15]) for row in alpha] == [
        (
            ALPHA_SUBMITTED_IN_EXCEL,
            "Stage II · Strategic",
            2,
            "3. Senior Management Commitment",
            3,
            "Neither agree nor disagree",
        )
    ]
    assert sheet.cell(row=2, column=7).number_format == "yyyy-mm-dd"


def test_excel_sheets_are_ready_to_read(client, world):
    """A bold header that stays in view, filter buttons over every row, and room for the statements."""
    sheet = xlsx_sheet(prepared_answers(client))
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{1 + 4 * ITEMS}"
    # Statement, Value; the file holds Excel's width of that many characters (70.71 for 70), which Excel shows as 70.
    assert (int(sheet.column_dimensions["L"].width), int(sheet.column_dimensions["O"].width)) == (70, 12)
    table = xlsx_sheet(client.post(TABLE_XLSX + "?unit=Industrial&region=APAC"))
    # No alliance: the header alone, its filter over one empty row (the writer writes no header without a row).
    assert (table.max_row, table.auto_filter.ref) == (1, "A1:L2")


def test_text_that_looks_like_a_formula_stays_text(client, published, executive):
    """A name or comment starting with "=" is quoted in CSV and stored as text in Excel, never a formula."""
    client.force_login(executive)
    alliance = AllianceFactory(name='=HYPERLINK("http://evil.example","x")', partner="+1 partner")
    assessment = submitted_assessment(alliance, answers_at(2), on(2025, 10, 1))
    Answer.objects.filter(assessment=assessment, item__code="C01-01").update(comment="@SUM(A1)\x07")
    table = csv_rows(client.post(TABLE_CSV))
    assert table[1][:2] == ['\'=HYPERLINK("http://evil.example","x")', "'+1 partner"]
    answers = csv_rows(client.post(ANSWERS_CSV))
    assert [row[16] for row in answers if row[10] == "C01-01"] == ["'@SUM(A1)\x07"]
    sheet = xlsx_sheet(prepared_answers(client))
    name = sheet.cell(row=2, column=1)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil.example","x")', "s")
    comment = next(row[16] for row in sheet.values if row[10] == "C01-01")
    assert comment == "@SUM(A1)"  # Excel cannot hold the control character


def test_answers_export_takes_the_same_queries_whatever_the_size(client, world, published, django_assert_num_queries):
    """21 queries for four assessments and for sixteen, two of them surveys (working out and keeping the filters' labels
    adds eight, the count that decides it streams at once is one)."""
    with django_assert_num_queries(21):
        b"".join(client.post(ANSWERS_CSV).streaming_content)
    for n in range(10):
        submitted_assessment(AllianceFactory(name=f"More {n}"), answers_at(2), on(2025, 10, 1 + n))
    for n in range(2):
        closed_survey_on(published, f"Survey {n}", partner=3)
    with django_assert_num_queries(21):
        b"".join(client.post(ANSWERS_CSV).streaming_content)


def test_more_answers_than_an_excel_sheet_holds_sends_back_with_a_message(client, world, monkeypatch):
    """Past a sheet's rows the answers download returns to the same view and says to use CSV; at it, it works."""
    monkeypatch.setattr(exports, "EXCEL_ROWS", 3 * ITEMS)
    response = client.post(ANSWERS_XLSX + "?sort=name")
    assert response.status_code == 302
    assert not Job.objects.exists()
    assert response.url == reverse("dashboard") + "?sort=name"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"An Excel sheet holds at most {3 * ITEMS} rows and this view has {4 * ITEMS} answers: "
        "download the CSV instead, or narrow the filters."
    ]
    assert len(list(xlsx_sheet(prepared_answers(client, "?region=EMEA")).values)) == 1 + 3 * ITEMS


def closed_survey_on(published, name: str, partner: int):
    """A survey of a new alliance closed 15 October 2025: three colleagues at Stage II, `partner` of the partner's
    people at Stage I (fewer than 3: that side is not shown)."""
    alliance = AllianceFactory(name=name)
    held = survey(alliance, opened_at=on(2025, 10, 1))
    for _ in range(3):
        respond(held, OURS, answers_at(2))
    for n in range(partner):
        respond(held, PARTNER, answers_at(1, dict.fromkeys(range(1, 11), 2 + n)))
    closing.close_round(held, now=on(2025, 10, 15))
    held.refresh_from_db()
    return held


def test_a_surveys_answers_are_each_shown_sides_combined_values(client, world, published):
    """A survey's rows: one per shown side and statement, with that side's combined value, never a person's; a side
    below the minimum has no row. A self-assessment's rows say "Owner"."""
    both = closed_survey_on(published, "Both sides", partner=3)
    closed_survey_on(published, "One side", partner=2)
    rows = csv_rows(client.post(ANSWERS_CSV))[1:]
    ours, partner = (s["combined"] for s in both.result["sides"])
    assert [(row[9], row[10], row[14]) for row in rows if row[0] == "Both sides"] == [
        (side, code, "" if values[code] is None else str(values[code]))
        for code in both.questionnaire.items.order_by("order", "code").values_list("code", flat=True)
        for side, values in (("Our side", ours), ("Partner side", partner))
        if code in values
    ]
    assert partner["S2-P4-01"] == 3 and ours["S2-P4-01"] == 4  # the partner's three answered 2, 3 and 4
    assert {row[9] for row in rows if row[0] == "One side"} == {"Our side"}
    assert {row[9] for row in rows if row[0] == "Alpha"} == {"Owner"}
    assert {row[16] for row in rows if row[0] in ("Both sides", "One side")} == {""}
    assert len(rows) == 4 * ITEMS + 3 * ITEMS  # four self-assessments, a survey of two sides and one of one
    assert exports.answers_behind(Alliance.objects.with_standing()) == len(rows)
