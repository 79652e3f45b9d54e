"""The refusals of action planning, in the app's one shape (assessments.refusals.Refusal)."""

from django.utils.translation import gettext_lazy as _

from assessments.refusals import Refusal

OWNER_CANNOT_SEE = _("This person cannot see the alliance, so cannot own its actions: choose someone who can.")
OWNER_MISSING = _("Choose who does it: a user, or a person outside the app by name.")
TWO_OWNERS = _("Choose either a user or a person outside the app, not both.")
NOT_A_TARGET = _("That statement is not on this result, so no action can start from it.")


class ActionRefused(Refusal):
    """An action that cannot be saved as asked; nothing was saved. `details["field"]` names the field at fault."""

    code = "action_refused"
