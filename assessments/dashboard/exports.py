"""Exports for analysts: the filtered alliance table and every answer behind it, as CSV or Excel.

Rows come from the database in chunks and are written as they come, so a large portfolio never
sits in memory: CSV streams out, Excel goes row by row into a temporary file (in
constant memory, rustpy-xlsxwriter). The answers export is one query, whatever its size.

A survey's answers there are never a person's: one row per side shown to the portfolio and per statement,
with that side's combined value (`Answer.side_values` of the round's combined assessment); a side withheld
never appears. A self-assessment's rows are its owner's answers, their side "Owner".
"""

import csv
import datetime as dt
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db.models import Count, F, Q, QuerySet
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, gettext_noop
from rustpy_xlsxwriter import write_worksheet

from .. import combining, scale
from ..models import Alliance, Answer, Assessment, Item, Side, Stage
from ..quarters import local_day
from ..stage_labels import stage_label
from .filters import Moment
from .table import Sort, rows

CHUNK = 2000
# An Excel sheet holds 1,048,576 rows, the header included.
EXCEL_ROWS = 1_048_575
# Headings in English (the column widths key on them), read in the request's language when written.
TABLE_HEADER = (
    gettext_noop("Alliance"),
    gettext_noop("Partner"),
    gettext_noop("Business unit"),
    gettext_noop("Type"),
    gettext_noop("Region"),
    gettext_noop("Owner"),
    gettext_noop("Stage"),
    gettext_noop("Stage number"),
    gettext_noop("Trend"),
    gettext_noop("Trend number"),
    gettext_noop("Last assessed"),
    gettext_noop("Status"),
)
ANSWERS_HEADER = (
    gettext_noop("Alliance"),
    gettext_noop("Partner"),
    gettext_noop("Business unit"),
    gettext_noop("Type"),
    gettext_noop("Region"),
    gettext_noop("Assessment"),
    gettext_noop("Submitted"),
    gettext_noop("Stage"),
    gettext_noop("Stage number"),
    gettext_noop("Side"),
    gettext_noop("Item"),
    gettext_noop("Statement"),
    gettext_noop("Pattern"),
    gettext_noop("Principle"),
    gettext_noop("Value"),
    gettext_noop("Answer"),
    gettext_noop("Comment"),
)
# Excel column widths, in characters, by heading; any other column gets DEFAULT_WIDTH.
COLUMN_WIDTHS = {
    "Alliance": 28,
    "Partner": 24,
    "Business unit": 16,
    "Owner": 18,
    "Stage": 42,
    "Last assessed": 13,
    "Submitted": 12,
    "Statement": 70,
    "Pattern": 34,
    "Principle": 44,
    "Answer": 26,
    "Comment": 40,
}
DEFAULT_WIDTH = 12
BYTE_ORDER_MARK = "\ufeff"
# A spreadsheet runs text that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Text = Callable[[str], str]


def file_name(kind: str, filters: Iterable[str], day: dt.date) -> str:
    """`alliances-consumer-emea-2026-11-22`: what is exported, the filters chosen and the day shown."""
    return "-".join(part for part in (slugify(kind), *(slugify(str(f)) for f in filters), day.isoformat()) if part)


def stage_labels() -> dict[int | None, str]:
    """`Stage II · Strategic` by stage number, and "Not assessed" for none (one query)."""
    return {None: gettext("Not assessed")} | {
        stage.number: f"{stage_label(stage.number)} · {stage.name}" for stage in Stage.objects.all()
    }


def trend_label(trend: int | None, assessed: bool = True) -> str:
    """`Up 1`, `Down 2`, `Same`; `First assessment` without an earlier one, `Not assessed` without any."""
    if not assessed:
        return gettext("Not assessed")
    if trend is None:
        return gettext("First assessment")
    if trend == 0:
        return gettext("Same")
    return gettext("Up %(trend)s") % {"trend": trend} if trend > 0 else gettext("Down %(fall)s") % {"fall": -trend}


def table_rows(alliances: QuerySet, sort: Sort, moment: Moment, text: Text = str) -> Iterator[tuple]:
    """The alliance table as plain values, in the table's order; `text` prepares every string."""
    stages = stage_labels()
    for row in rows(alliances, sort, moment):
        yield (
            text(row.name),
            text(row.partner),
            text(row.business_unit),
            row.alliance_type,
            text(row.region),
            text(row.owner),
            stages[row.stage],
            row.stage,
            trend_label(row.trend, assessed=row.stage is not None),
            row.trend,
            local_day(row.last_assessed),  # a date: Excel stores it as one, CSV writes yyyy-mm-dd
            gettext("Overdue") if row.stale else gettext("New") if row.new else "",
        )


def answer_rows(alliances: QuerySet, text: Text = str) -> Iterator[tuple]:
    """One row per answer of each alliance's latest assessment at the moment, a survey's once per side shown to the
    portfolio with that side's combined value (four queries).

    The alliance and item columns repeat on every row, so they are read and prepared once
    per assessment and once per item; the answers query itself reads five columns.
    """
    latest = alliances.values(latest=F("latest_id"))
    stages = stage_labels()
    type_labels = {value: str(label) for value, label in Alliance.Type.choices}  # in the request's language
    assessments = {
        pk: (
            text(name),
            text(partner),
            text(unit),
            type_labels.get(kind, kind),
            text(region),
            pk,
            local_day(at),
            stages[stage],
            stage,
        )
        for pk, name, partner, unit, kind, region, at, stage in Assessment.objects.filter(pk__in=latest).values_list(
            "pk",
            "alliance__name",
            "alliance__partner",
            "alliance__business_unit",
            "alliance__alliance_type",
            "alliance__region",
            "submitted_at",
            "stage",
        )
    }
    items = {
        pk: (
            code,
            text(statement),
            text(f"{stage_label(stage)} · {pattern}") if pattern else "",
            text(f"{number}. {principle}") if principle else "",
        )
        for pk, code, statement, stage, pattern, number, principle in Item.objects.filter(
            questionnaire__in=Assessment.objects.filter(pk__in=latest).values("questionnaire")
        ).values_list(
            "pk",
            "code",
            "statement",
            "pattern__stage__number",
            "pattern__short_name",
            "principle__number",
            "principle__name",
        )
    }
    answers = (
        Answer.objects.filter(assessment_id__in=latest)
        .order_by("assessment__alliance__name", "assessment_id", "item__order", "item__code")
        .values_list("assessment_id", "item_id", "value", "comment", "side_values")
    )
    labels = {value: str(scale.label(value)) for value in (None, *scale.LABELS)}  # in the request's language
    owner = gettext("Owner")
    sides = {side: str(capfirst(Side(side).label)) for side in combining.SIDES}
    for assessment_id, item_id, value, comment, by_side in answers.iterator(CHUNK):
        if by_side is None:  # a person's own answer: a self-assessment's
            yield (
                *assessments[assessment_id],
                owner,
                *items[item_id],
                value,
                labels[value],
                text(comment) if comment else "",
            )
            continue
        for side in combining.SIDES:
            if side in by_side:
                combined = by_side[side]
                yield (*assessments[assessment_id], sides[side], *items[item_id], combined, labels[combined], "")


def answers_behind(alliances: QuerySet) -> int:
    """How many rows the answers export would hold: the answers of the latest assessments, a survey's once per
    side shown (one query)."""
    answers = Answer.objects.filter(assessment_id__in=alliances.values(latest=F("latest_id")))
    counts = answers.aggregate(
        own=Count("pk", filter=Q(side_values__isnull=True)),
        **{side: Count("pk", filter=Q(side_values__has_key=side)) for side in combining.SIDES},
    )
    return sum(counts.values())


def csv_chunks(header: tuple, rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text in pieces of CHUNK rows, for a StreamingHttpResponse; build the rows with `text=defused`.

    It opens with a byte-order mark: without one, Excel reads UTF-8 as the local code page and
    shows "Stage II Â· Strategic".
    """
    buffer = _Buffer()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    writer.writerow([gettext(heading) for heading in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % CHUNK == 0:
            yield buffer.take()
    yield buffer.take()


def xlsx_file(header: tuple, rows: Iterable[tuple], title: str):
    """An Excel workbook written row by row (rustpy-xlsxwriter, constant memory) into a temporary file; build the
    rows with `text=excel_text`.

    The header is bold, stays in view while scrolling and carries filter buttons; dates are
    dates; text is only ever text, never a formula, a link or a number, whatever it starts with.
    The file is open and rewound; it disappears when closed.
    """
    headings = [gettext(heading) for heading in header]
    records = (dict(zip(headings, row, strict=True)) for row in rows)  # the writer takes rows keyed by heading
    first = next(records, None)
    # With no row the writer would write no header either: one empty row keeps it.
    records = itertools.chain((first,), records) if first is not None else iter((dict.fromkeys(headings),))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        write_worksheet(
            records,
            str(path),
            sheet_name=title,
            freeze_row=1,
            bold_headers=True,
            autofilter=True,
            column_widths=[COLUMN_WIDTHS.get(heading, DEFAULT_WIDTH) for heading in header],
            datetime_format="yyyy-mm-dd",
        )
        return path.open("rb")  # still readable once its folder is gone; the response or the export task closes it


# Excel refuses the control characters a pasted comment may hold (tab, newline and return it keeps).
_EXCEL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_text(text: str) -> str:
    """Text Excel accepts: without the control characters it refuses."""
    return _EXCEL_ILLEGAL.sub("", text)


def defused(text: str) -> str:
    """Text a spreadsheet opening the CSV shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Buffer:
    """Collects what csv.writer writes until it is taken."""

    def __init__(self):
        self.parts = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text
