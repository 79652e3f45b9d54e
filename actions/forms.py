"""The action form: what, who, by when, where it stands. The rules on who may own it live in planning."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments import access
from assessments.dashboard.filters import owner_name

from .models import Action
from .refusals import OWNER_CANNOT_SEE


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return owner_name(user)


class ActionForm(forms.ModelForm):
    """An action of `alliance`; its owner is one of the users who can see the alliance, or an outside person."""

    owner_user = OwnerChoiceField(
        queryset=None,
        required=False,
        label=_("Owner"),
        empty_label=_("Someone outside the app (name below)"),
        error_messages={"invalid_choice": OWNER_CANNOT_SEE},
    )

    class Meta:
        model = Action
        fields = ["title", "owner_user", "owner_name", "owner_email", "due_date", "status", "notes"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": _("What is to be done")}
        help_texts = {
            "owner_name": _("A person on the partner's side, for instance."),
            "owner_email": _("Optional: reminders go there."),
        }

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = access.possible_action_owners(alliance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            Row(Column("owner_user"), Column("owner_name"), Column("owner_email")),
            Row(Column("due_date", css_class="col-md-4"), Column("status", css_class="col-md-4")),
            "notes",
        )

    def _post_clean(self):
        # The model's checks (one owner) are planning's to make, with its own messages; see planning.check_owner.
        pass

    def owner(self) -> dict:
        data = self.cleaned_data
        return {"owner_user": data["owner_user"], "owner_name": data["owner_name"], "owner_email": data["owner_email"]}

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in ("title", "due_date", "status", "notes")}
