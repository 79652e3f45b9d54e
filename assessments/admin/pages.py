"""The questionnaire admin's own pages: import a criteria file, export one, preview a version as a
respondent, and confirm a publish.

Each is a view taking the QuestionnaireAdmin first, for its permissions; `QuestionnaireAdmin.get_urls` wires them.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import criteria_io, kept_files, versions
from ..forms import SectionForm
from ..models import Assessment, Questionnaire
from ..questionnaire import sectioned_items
from .forms import CriteriaFileForm

IMPORTED = ngettext_lazy(
    "The file was loaded as draft v%(version)s, with %(count)d item.",
    "The file was loaded as draft v%(version)s, with %(count)d items.",
    "count",
)
FILE_GONE = _("The uploaded file is no longer kept (it waits an hour, for one import): choose it again.")
KEPT = "kept"
NO_ITEMS = _("This version has no items to preview yet.")
ONLY_DRAFTS_PUBLISH = _("Version {version} is {status}: only a draft can be published.")
FORMATS = {
    "yaml": ("application/yaml", criteria_io.dump),
    "json": ("application/json", lambda q: json.dumps(criteria_io.export(q), indent=2, ensure_ascii=False)),
}


def import_criteria(model_admin, request):
    """Upload a criteria file: a new draft, or every problem with its place and nothing changed.

    A file that renames stages, patterns or principles (shared by every version, so renamed at once)
    first shows what it renames; the file waits in the shared storage until the person confirms."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    confirming = request.method == "POST" and KEPT in request.POST
    form = CriteriaFileForm(None if confirming else request.POST or None, request.FILES or None)
    problems, changes, token = [], [], ""
    text = None
    if confirming:
        try:
            text = kept_files.take(request.POST[KEPT], user=request.user)
        except kept_files.FileGone:
            model_admin.message_user(request, FILE_GONE, messages.ERROR)
    elif form.is_valid():
        text = form.cleaned_data["file"]
    if text is not None:
        try:
            data = criteria_io.parse(text)
        except criteria_io.CriteriaFileRefused as error:
            problems = error.errors
        else:
            changes = [] if confirming else criteria_io.name_changes(data)
            if changes:
                token = kept_files.keep(text, user=request.user, now=timezone.now())
            else:
                questionnaire = criteria_io.load(data)
                message = IMPORTED % {"version": questionnaire.version, "count": questionnaire.items.count()}
                model_admin.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import a criteria file"),
        "form": form,
        "problems": problems,
        "refused": criteria_io.refused(len(problems)),
        "changes": changes,
        "kept": token,
        "kept_field": KEPT,
    }
    return TemplateResponse(request, "admin/assessments/questionnaire/import.html", context)


def export_criteria(model_admin, request, pk, file_format):
    """The criteria with this version, as a YAML or JSON download."""
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    if file_format not in FORMATS or not model_admin.has_view_permission(request, questionnaire):
        raise PermissionDenied
    content_type, write = FORMATS[file_format]
    response = HttpResponse(write(questionnaire), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="criteria-v{questionnaire.version}.{file_format}"'
    return response


def preview(model_admin, request, pk, slug=None):
    """A version's sections as a manager answers them, with no assessment behind them: nothing is saved."""
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    if not model_admin.has_view_permission(request, questionnaire):
        raise PermissionDenied
    sectioned = sectioned_items(questionnaire)
    current = sectioned.get(slug) if slug else sectioned.first()
    if current is None:
        raise Http404(NO_ITEMS if slug is None else "No such section")
    previous, following = sectioned.neighbours(current)
    context = {
        "questionnaire": questionnaire,
        "sections": sectioned.sections,
        "section": current,
        "number": sectioned.sections.index(current) + 1,
        "previous": previous,
        "next": following,
        "total": len(sectioned.items),
        "form": SectionForm(items=sectioned.items_of(current)),
    }
    return TemplateResponse(request, "assessments/preview.html", context)


def publish(model_admin, request, pk):
    """What publishing this draft would do, and any problem that stops it; a POST publishes it."""
    draft = get_object_or_404(Questionnaire, pk=pk)
    if not model_admin.has_change_permission(request, draft):
        raise PermissionDenied
    change_page = reverse("admin:assessments_questionnaire_change", args=[draft.pk])
    if draft.status != Questionnaire.Status.DRAFT:
        message = ONLY_DRAFTS_PUBLISH.format(version=draft.version, status=draft.get_status_display().lower())
        model_admin.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(change_page)
    if request.method == "POST":
        model_admin.publish(request, draft)
        return HttpResponseRedirect(change_page)
    current = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Publish v{version}?").format(version=draft.version),
        "draft": draft,
        "original": draft,
        "current": current,
        "drafts_on_current": Assessment.objects.filter(questionnaire=current, status=Assessment.Status.DRAFT).count(),
        "problems": versions.check_questionnaire(draft),
    }
    return TemplateResponse(request, "admin/assessments/questionnaire/publish.html", context)
