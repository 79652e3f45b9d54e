"""History pages that read well, for every admin that keeps a history.

simple-history lists each save of an object with the fields it changed. Here the values read as people
write them (dates, choice labels, a dash for nothing), and a save made on a page with inline rows (a
version's items, a stage's patterns, a principle's commitments) lists what it changed in those rows:
the object and its rows saved together share one history timestamp, which ties them together.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .forms import shorten

EMPTY = "—"
ROW_ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


class ReadableChanges(HistoricalRecordContextHelper):
    """Field changes with local, readable dates, choice labels and a dash for an empty value."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return EMPTY
        if isinstance(value, dt.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "DATE_FORMAT")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


@dataclass(frozen=True)
class RowChange:
    """What one save did to one inline row: added, changed (with its field changes) or deleted."""

    label: str
    action: str
    changes: list[dict]


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/assessments/object_history.html"
    object_history_list_template = "admin/assessments/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        obj._history_date = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        stamp = getattr(form.instance, "_history_date", None)
        if stamp is not None:
            for row in formset.forms:
                row.instance._history_date = stamp
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history hides the Revert button where revert is disabled but would still save a posted form.
        if request.method == "POST":
            history = self.model.history.model
            record = get_object_or_404(history, **{self.model._meta.pk.attname: object_id, "history_id": version_id})
            current = self.get_object(request, object_id)
            if self.revert_disabled(request, current) or self.revert_disabled(request, record.instance):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for record in records:
            record.row_changes = []
        if not records:
            return
        object_id = getattr(records[0], self.model._meta.pk.attname)
        by_date = {record.history_date: record for record in records}
        for model, fk in self._inline_histories():
            for row, changes in _row_changes(model, fk, object_id, by_date):
                # An item is known by its code; other rows by the start of their name or text.
                name = getattr(row, "code", None) or shorten(str(row.instance), 40)
                label = f"{model._meta.verbose_name.capitalize()} {name}"
                change = RowChange(label, ROW_ACTIONS[row.history_type], changes)
                by_date[row.history_date].row_changes.append(change)

    def _inline_histories(self):
        """(model, name of its foreign key to this admin's model) for each inline whose model keeps a history."""
        for inline in self.inlines:
            if hasattr(inline.model, "history"):
                fk = inline.fk_name or next(
                    f.name for f in inline.model._meta.fields if f.many_to_one and f.related_model is self.model
                )
                yield inline.model, fk


def _row_changes(model, fk, object_id, by_date):
    """The history rows of `model` saved with one of the parent's records, each with its field changes (two queries)."""
    history = model.history
    rows = list(
        history.filter(**{f"{fk}_id": object_id, "history_date__in": list(by_date)})
        ._select_related_history_tracked_objs()
        .order_by("history_date", "history_id")
    )
    pk = model._meta.pk.attname
    edited = [row for row in rows if row.history_type == "~"]
    earlier = {}
    if edited:
        older = Q()
        for row in edited:
            older |= Q(**{pk: getattr(row, pk), "history_date__lt": row.history_date})
        for candidate in history.filter(older)._select_related_history_tracked_objs().order_by("history_date"):
            earlier.setdefault(getattr(candidate, pk), []).append(candidate)
    for row in rows:
        changes = []
        if row.history_type == "~":
            before = [c for c in earlier.get(getattr(row, pk), []) if c.history_date < row.history_date]
            if before:
                delta = row.diff_against(before[-1], foreign_keys_are_objs=True)
                changes = ReadableChanges(model, row).context_for_delta_changes(delta)
        yield row, changes
