from django.urls import path, re_path

from .views import alliances, dashboard, home, invitations, questionnaire, results, rounds, surveys

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
    path("rounds/<int:pk>/result/", rounds.round_result, name="round-result"),
    # A personal link and its pages (alliance_maturity/json_logs.py masks the token's form in the logs).
    re_path(r"^r/(?P<uid>[0-9A-Za-z_-]+)/(?P<token>[0-9a-z]+-[0-9a-f]+)/$", invitations.link, name="invitation-link"),
    path("r/<str:uid>/", invitations.start, name="invitation-start"),
    path("r/<str:uid>/section/<slug:slug>/", invitations.section, name="invitation-section"),
    path("r/<str:uid>/answer/", invitations.answer, name="invitation-answer"),
    path("r/<str:uid>/review/", invitations.review, name="invitation-review"),
    path("r/<str:uid>/submit/", invitations.submit, name="invitation-submit"),
    path("alliances/<int:pk>/survey/", surveys.open_survey, name="survey-open"),
    path("rounds/<int:pk>/", surveys.round_page, name="round-detail"),
    path("rounds/<int:pk>/people/", surveys.add_people, name="round-add-people"),
    path("rounds/<int:pk>/remind/", surveys.remind, name="round-remind"),
    path("rounds/<int:pk>/deadline/", surveys.extend_deadline, name="round-deadline"),
    path("rounds/<int:pk>/close/", surveys.close, name="round-close"),
    path("rounds/<int:pk>/respondents/<int:respondent>/revoke/", surveys.revoke, name="round-revoke"),
    path("rounds/<int:pk>/respondents/<int:respondent>/link/", surveys.copy_link, name="round-link"),
    path("invitations/<int:pk>/answer/", surveys.answer_signed_in, name="invitation-answer-signed-in"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/alliances.<str:fmt>", dashboard.alliances_export, name="dashboard-alliances-export"),
    path("dashboard/answers.<str:fmt>", dashboard.answers_export, name="dashboard-answers-export"),
]
