"""The executives' portfolio dashboard and its exports. Managers get a 403: they have My alliances."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import access
from ..dashboard import export_jobs, exports, page, refresh
from ..dashboard.filters import FilterForm, canonical_query
from ..dashboard.portfolio import portfolio
from ..dashboard.table import Sort
from ..refusals import DownloadExpired
from .refusals import refusals_as_messages

XLSX = export_jobs.XLSX
UNKNOWN_FORMAT = "Exports come as csv or xlsx."
DOWNLOAD_EXPIRED = _("That file was kept for a day and is now deleted: ask for the export again.")
TOO_MANY_FOR_EXCEL = _(
    "An Excel sheet holds at most {limit:,} rows and this view has {count:,} answers: "
    "download the CSV instead, or narrow the filters."
)


def _today():
    # The one place the dashboard reads the day; tests replace it.
    return timezone.localdate()


def _now():
    # The one place the dashboard reads the time (exports' progress and expiry); tests replace it.
    return timezone.now()


@access.executive_required
def dashboard(request):
    if (query := canonical_query(request.GET)) is not None:
        return redirect(reverse("dashboard") + (f"?{query}" if query else ""))
    context = page.page_context(
        user=request.user,
        query=request.GET,
        today=_today(),
        now=_now(),
        # A view whose figures had to be worked out is drawn again on the queue after each change.
        when_worked_out=lambda: refresh.remember_view(user=request.user, query=request.GET.urlencode()),
    )
    return render(request, page.TEMPLATE, context)


@access.executive_required
@require_POST
def alliances_export(request, fmt):
    """The alliances table streams at once; past TABLE_AT_ONCE_ALLIANCES alliances it is prepared on the queue."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(UNKNOWN_FORMAT)
    form = FilterForm(request.GET, user=request.user, today=_today())
    filters, moment = form.selection()
    alliances = portfolio(request.user, filters, moment)
    name = exports.file_name("alliances", form.chosen(), moment.day)
    if alliances.count() <= export_jobs.TABLE_AT_ONCE_ALLIANCES:
        sort = Sort.parse(request.GET.get("sort"))
        return _download(
            fmt,
            exports.TABLE_HEADER,
            lambda text: exports.table_rows(alliances, sort, moment, text),
            name,
            gettext("Alliances"),
        )
    return _queued(request, export_jobs.prepare_table, fmt, name)


@access.executive_required
@require_POST
def answers_export(request, fmt):
    """Small CSVs stream at once; Excel, and a CSV past CSV_AT_ONCE_ROWS, are prepared on the queue."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(UNKNOWN_FORMAT)
    form = FilterForm(request.GET, user=request.user, today=_today())
    filters, moment = form.selection()
    alliances = portfolio(request.user, filters, moment)
    count = exports.answers_behind(alliances)
    if fmt == "xlsx" and count > exports.EXCEL_ROWS:
        messages.error(request, TOO_MANY_FOR_EXCEL.format(limit=exports.EXCEL_ROWS, count=count))
        return redirect(_back(request))
    name = exports.file_name("answers", form.chosen(), moment.day)
    if fmt == "csv" and count <= export_jobs.CSV_AT_ONCE_ROWS:
        return _download(
            fmt, exports.ANSWERS_HEADER, lambda text: exports.answer_rows(alliances, text), name, gettext("Answers")
        )
    return _queued(request, export_jobs.prepare_answers, fmt, name)


def _queued(request, task, fmt: str, name: str):
    """Queue the export for the person asking, and back to the dashboard's same view, at their exports."""
    export_jobs.request_export(
        task=task, user=request.user, fmt=fmt, query=request.GET, name=name, today=_today(), now=_now()
    )
    return redirect(_back(request) + "#exports")


def _back(request) -> str:
    """The dashboard's view the export was asked from."""
    return reverse("dashboard") + (f"?{request.GET.urlencode()}" if request.GET else "")


@access.executive_required
def export_progress(request, job_id):
    """One export's line on the dashboard, as it stands now: the page's script asks for it again and again."""
    job = get_object_or_404(export_jobs.export_jobs_of(request.user), pk=job_id)
    export = export_jobs.export_of(job, now=_now())
    return render(request, "dashboard/_export.html", {"export": export})


@access.executive_required
@refusals_as_messages("dashboard", same_arguments=False)
def export_download(request, job_id):
    """The file an export wrote, for the person who asked it only, for a day."""
    job_file = get_object_or_404(access.files_for(request.user), job_id=job_id)
    if job_file.is_expired(now=_now()):
        raise DownloadExpired(DOWNLOAD_EXPIRED)
    return FileResponse(
        default_storage.open(job_file.path),
        as_attachment=True,
        filename=job_file.name,
        content_type=job_file.content_type,
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
            exports.xlsx_file(header, rows(exports.excel_text), title),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX,
        )
    raise Http404(UNKNOWN_FORMAT)
