"""Inline rows whose fields say which row they belong to: a table's column heading names no single input."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

NEW_ROW = _("New {noun} {number}")
FIELD_OF_ROW = _("{row}: {field}")


class NamedRowsInline(admin.TabularInline):
    """A tabular inline whose every field is named for its row ("S1-P1-01: statement", "New item 1: statement")."""

    def row_name(self, obj) -> str:
        return str(obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        inline = self

        class NamedRows(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if form.instance.pk is not None:
                    row = inline.row_name(form.instance)
                else:
                    # The empty form the admin's script copies for "Add another" has no index yet.
                    number = "" if index is None else index - self.initial_form_count() + 1
                    row = str(NEW_ROW.format(noun=inline.model._meta.verbose_name, number=number)).strip()
                for field in form.fields.values():
                    label = str(field.label or "")
                    field.widget.attrs["aria-label"] = FIELD_OF_ROW.format(row=row, field=label[:1].lower() + label[1:])

        return NamedRows
