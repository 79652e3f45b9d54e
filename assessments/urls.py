from django.urls import path

from .views import alliances, dashboard, home, questionnaire, results

urlpatterns = [
    path("", home.home, name="home"),
    path("alliances/", alliances.alliance_list, name="alliance-list"),
    path("alliances/new/", alliances.alliance_create, name="alliance-create"),
    path("alliances/<int:pk>/", alliances.alliance_detail, name="alliance-detail"),
    path("alliances/<int:pk>/edit/", alliances.alliance_edit, name="alliance-edit"),
    path("alliances/<int:pk>/assess/", questionnaire.start, name="assessment-start"),
    path("assessments/<int:pk>/", questionnaire.resume, name="assessment-resume"),
    path("assessments/<int:pk>/section/<slug:slug>/", questionnaire.section, name="assessment-section"),
    path("assessments/<int:pk>/answer/", questionnaire.answer, name="assessment-answer"),
    path("assessments/<int:pk>/review/", questionnaire.review, name="assessment-review"),
    path("assessments/<int:pk>/submit/", questionnaire.submit, name="assessment-submit"),
    path("assessments/<int:pk>/result/", results.result, name="assessment-result"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/alliances.<str:fmt>", dashboard.alliances_export, name="dashboard-alliances-export"),
    path("dashboard/answers.<str:fmt>", dashboard.answers_export, name="dashboard-answers-export"),
    path("dashboard/exports/<int:job_id>/", dashboard.export_progress, name="dashboard-export"),
    path("dashboard/exports/<int:job_id>/file", dashboard.export_download, name="dashboard-export-file"),
]
