from django.urls import path

from . import views

urlpatterns = [
    path("alliances/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("dashboard/actions.<str:fmt>", views.actions_export, name="dashboard-actions-export"),
]
