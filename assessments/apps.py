from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Alliance maturity"

    def ready(self):
        from .criteria_io import load_defaults_if_empty
        from .session_refresh import renew_on_sign_in

        # After migrate, and after the flush of a transactional test, a database
        # without criteria gets the defaults; one that has criteria is left alone.
        post_migrate.connect(load_defaults_if_empty, sender=self)
        # Signing in saves the session anyway: it starts renewed, with no second write just after.
        user_logged_in.connect(renew_on_sign_in)
