from django.contrib import admin
from django.urls import include, path

from assessments.password_reset import PasswordResetForm
from assessments.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own account URLs: the reset is limited (assessments/views/accounts.py) and its
    # mail goes through the task queue (assessments/password_reset.py).
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actions.urls")),
    path("", include("assessments.urls")),
]
