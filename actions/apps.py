from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = _("Action plans")

    def ready(self):
        from assessments import portfolio_generation

        from .models import Action

        # The dashboard's action plans' card is kept with its figures: any change to an action draws it again.
        for signal in (post_save, post_delete):
            signal.connect(portfolio_generation.action_changed, sender=Action)
