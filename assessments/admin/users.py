"""Users in the admin, as Django's own page, with the dates it keeps itself shown rather than edited."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PersonAdmin(UserAdmin):
    """Django's user admin. Sign-in and joining dates are records, not settings (and Django's split date and
    time inputs have no labels)."""

    readonly_fields = ("last_login", "date_joined")
