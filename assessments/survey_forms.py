"""The forms of a survey's round page: opening it, adding people, a new deadline."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Side
from .surveys import Person

PEOPLE_HELP = _("One person a line: a name and an e-mail address, as in “Ana Silva, ana@example.com”.")
BAD_LINE = _("Line {number} is not a name and an e-mail address: “{line}”.")
SAME_ADDRESS_TWICE = _("An address is given twice: {addresses}.")
NOBODY = _("Invite at least one person.")
DEADLINE_HELP = _("Answers are taken until 23:59 on this day.")


def parse_people(text: str, side: str) -> list[Person]:
    """The people of a side, one a line as "Name <address>" or "Name, address"; a bad line refuses the lot."""
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.endswith(">") and "<" in line:
            name, _, email = line[:-1].rpartition("<")
        else:
            name, _, email = line.rpartition(",")
        name, email = name.strip().strip(","), email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(BAD_LINE.format(number=number, line=line)) from None
        people.append(Person(name or email.split("@")[0], email, side))
    return people


def deadline_at(day: dt.date) -> dt.datetime:
    """A deadline day as the moment it ends: 23:59 there, in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


class PeopleForm(forms.Form):
    """People to invite, our side's and the partner's, one a line each."""

    ours = forms.CharField(
        label=_("Our side"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=PEOPLE_HELP
    )
    partner = forms.CharField(
        label=_("The partner's side"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=PEOPLE_HELP
    )

    def __init__(self, *args, manager=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager

    def clean_ours(self):
        return parse_people(self.cleaned_data["ours"], Side.OURS)

    def clean_partner(self):
        return parse_people(self.cleaned_data["partner"], Side.PARTNER)

    def people(self) -> list[Person]:
        return [*self.cleaned_data.get("ours", []), *self.cleaned_data.get("partner", [])]

    def clean(self):
        people = self.people()
        if self.errors:
            return self.cleaned_data
        addresses = [p.email.lower() for p in people if p.email]
        twice = sorted({a for a in addresses if addresses.count(a) > 1})
        if twice:
            raise ValidationError(SAME_ADDRESS_TWICE.format(addresses=", ".join(twice)))
        if not people:
            raise ValidationError(NOBODY)
        return self.cleaned_data


class SurveyForm(PeopleForm):
    """Opening a survey: its deadline, and the people invited on each side (the manager among ours, if they wish)."""

    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), help_text=DEADLINE_HELP
    )
    answer_too = forms.BooleanField(label=_("I answer too, on our side"), required=False)
    field_order = ["deadline", "answer_too", "ours", "partner"]

    def people(self) -> list[Person]:
        people = super().people()
        if self.cleaned_data.get("answer_too") and self.manager is not None:
            name = self.manager.get_full_name() or self.manager.username
            people.append(Person(name, self.manager.email, Side.OURS, user=self.manager))
        return people


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=DEADLINE_HELP,
    )
