"""The executives' portfolio dashboard and its exports. Managers get a 403: they have My alliances."""

from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import access
from ..dashboard import exports
from ..dashboard.filters import FilterForm, canonical_query
from ..dashboard.overview import build_dashboard
from ..dashboard.portfolio import portfolio
from ..dashboard.table import Sort

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNKNOWN_FORMAT = "Exports come as csv or xlsx."
TOO_MANY_FOR_EXCEL = _(
    "An Excel sheet holds at most {limit:,} rows and this view has {count:,} answers: "
    "download the CSV instead, or narrow the filters."
)


def _today():
    # The one place the dashboard reads the clock; tests replace it.
    return timezone.localdate()


@access.executive_required
def dashboard(request):
    if (query := canonical_query(request.GET)) is not None:
        return redirect(reverse("dashboard") + (f"?{query}" if query else ""))
    form = FilterForm(request.GET, user=request.user, today=_today())
    filters, moment = form.selection()
    sort = Sort.parse(request.GET.get("sort"))
    board = build_dashboard(
        user=request.user, filters=filters, moment=moment, sort=sort, page_number=request.GET.get("page")
    )
    return render(request, "dashboard/dashboard.html", {"form": form, "board": board, "sort": sort})


@access.executive_required
def alliances_export(request, fmt):
    form = FilterForm(request.GET, user=request.user, today=_today())
    filters, moment = form.selection()
    alliances = portfolio(request.user, filters, moment)
    sort = Sort.parse(request.GET.get("sort"))
    return _download(
        fmt,
        exports.TABLE_HEADER,
        lambda text: exports.table_rows(alliances, sort, moment, text),
        exports.file_name("alliances", form.chosen(), moment.day),
        gettext("Alliances"),
    )


@access.executive_required
def answers_export(request, fmt):
    form = FilterForm(request.GET, user=request.user, today=_today())
    filters, moment = form.selection()
    alliances = portfolio(request.user, filters, moment)
    if fmt == "xlsx" and (count := exports.answers_behind(alliances)) > exports.EXCEL_ROWS:
        messages.error(request, TOO_MANY_FOR_EXCEL.format(limit=exports.EXCEL_ROWS, count=count))
        return redirect(reverse("dashboard") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    return _download(
        fmt,
        exports.ANSWERS_HEADER,
        lambda text: exports.answer_rows(alliances, text),
        exports.file_name("answers", form.chosen(), moment.day),
        gettext("Answers"),
    )


def _download(fmt, header, rows, name, title):
    """`rows(text)` gives the rows with every string passed through `text`."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(header, rows(exports.defused)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            exports.xlsx_file(header, rows(str), title), as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX
        )
    raise Http404(UNKNOWN_FORMAT)
