from django.urls import path

from .views import alliances, home

urlpatterns = [
    path("", home.home, name="home"),
    path("alliances/", alliances.alliance_list, name="alliance-list"),
    path("alliances/new/", alliances.alliance_create, name="alliance-create"),
    path("alliances/<int:pk>/", alliances.alliance_detail, name="alliance-detail"),
    path("alliances/<int:pk>/edit/", alliances.alliance_edit, name="alliance-edit"),
]
