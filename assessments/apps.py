from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from .criteria_generation import bump_generation


def _section_titles_changed(**kwargs):
    bump_generation()


def _create_cache_table(using, **kwargs):
    """The database cache's table, before the defaults' first save writes to it (no-op for Redis or if made)."""
    call_command("createcachetable", database=using, verbosity=0)


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Alliance maturity")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from . import late_readers, portfolio_generation
        from .criteria_io import load_defaults_if_empty
        from .models import Alliance, Assessment, Pattern, Principle, Stage, standings
        from .session_refresh import renew_on_sign_in

        # After migrate, and after the flush of a transactional test, a database
        # without criteria gets the defaults; one that has criteria is left alone.
        post_migrate.connect(_create_cache_table, sender=self)
        post_migrate.connect(load_defaults_if_empty, sender=self)
        # Signing in saves the session anyway: it starts renewed, with no second write just after.
        user_logged_in.connect(renew_on_sign_in)
        # Their names title the questionnaire's sections: a save or delete anywhere (the admin, its
        # history's revert, an import) marks the cached sections stale in every process.
        for model in (Stage, Pattern, Principle):
            post_save.connect(_section_titles_changed, sender=model)
            post_delete.connect(_section_titles_changed, sender=model)
        # What the dashboard shows: a submitted assessment (or a round's combined result) and any alliance.
        for signal in (post_save, post_delete):
            signal.connect(portfolio_generation.alliance_changed, sender=Alliance)
            signal.connect(portfolio_generation.assessment_changed, sender=Assessment)
        # Which result is each alliance's latest, and since when: written in the transaction of the change.
        post_save.connect(standings.assessment_saved, sender=Assessment)
        post_delete.connect(standings.assessment_deleted, sender=Assessment)
        # Someone given a portfolio role after a survey closed, who counted on a side with too few others besides
        # them: that side is withheld, in the transaction that grants the role.
        user = get_user_model()
        post_save.connect(late_readers.user_saved, sender=user)
        m2m_changed.connect(late_readers.groups_changed, sender=user.groups.through)
        post_save.connect(late_readers.group_saved, sender=Group)
