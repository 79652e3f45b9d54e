from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.password_reset import PasswordResetForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # The reset mail goes through the task queue (assessments/password_reset.py).
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
]
