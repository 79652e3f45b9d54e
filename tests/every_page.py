"""Every page of the site by URL pattern, with who opens it, for the axe test (tests/browser/test_every_page.py).

The list cannot drift: `unlisted_patterns()` walks the URL resolver, and the admin's pages are made from
its registry, so a URL pattern added anywhere fails tests/test_every_page.py until it is listed here, as
a page to visit (PAGES) or as no page with the reason (NOT_PAGES).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse

MANAGER, EXECUTIVE, ADMIN, EDITOR, NO_ROLE, VISITOR = "manager", "executive", "admin", "editor", "no role", "visitor"
# Someone answering a survey through their personal link, with no account.
LINK_HOLDER = "link holder"
ROLES = (MANAGER, EXECUTIVE, ADMIN, EDITOR, NO_ROLE, VISITOR, LINK_HOLDER)


@dataclass(frozen=True)
class Visit:
    """One page as one role opens it: `path(site)` gives its address from the objects the test made."""

    role: str
    path: Callable[[SimpleNamespace], str]
    # None: 200, or the admin's 403 where its permissions refuse the page to everyone (a read-only list).
    status: int | None = 200


def _to(name: str, *args) -> Callable[[SimpleNamespace], str]:
    """A path to the named URL: an argument naming one of the site's objects is replaced by it, others are as given."""
    return lambda site: reverse(name, args=[getattr(site, arg, arg) for arg in args])


PAGES: dict[str, list[Visit]] = {
    "": [Visit(NO_ROLE, _to("home"))],
    "alliances/": [Visit(MANAGER, _to("alliance-list"))],
    "alliances/new/": [Visit(MANAGER, _to("alliance-create"))],
    "alliances/<int:pk>/": [
        Visit(MANAGER, _to("alliance-detail", "alliance")),
        Visit(EXECUTIVE, _to("alliance-detail", "long_alliance")),
    ],
    "alliances/<int:pk>/edit/": [Visit(MANAGER, _to("alliance-edit", "alliance"))],
    "assessments/<int:pk>/section/<slug:slug>/": [
        Visit(MANAGER, _to("assessment-section", "draft", "s1-p3")),
        Visit(EXECUTIVE, _to("assessment-section", "submitted", "s1-p1")),
    ],
    "assessments/<int:pk>/review/": [Visit(MANAGER, _to("assessment-review", "draft"))],
    "assessments/<int:pk>/result/": [Visit(MANAGER, _to("assessment-result", "submitted"))],
    "dashboard/": [Visit(EXECUTIVE, _to("dashboard")), Visit(MANAGER, _to("dashboard"), status=403)],
    "alliances/<int:pk>/survey/": [Visit(MANAGER, _to("survey-open", "surveyed_alliance"))],
    "rounds/<int:pk>/": [Visit(MANAGER, _to("round-detail", "open_survey"))],
    "rounds/<int:pk>/close/": [Visit(MANAGER, _to("round-close", "open_survey"))],
    "rounds/<int:pk>/result/": [
        Visit(MANAGER, _to("round-result", "closed_survey")),
        Visit(EXECUTIVE, _to("round-result", "closed_survey")),
    ],
    "r/<str:uid>/": [Visit(LINK_HOLDER, _to("invitation-start", "invitee_uid"))],
    "r/<str:uid>/section/<slug:slug>/": [Visit(LINK_HOLDER, _to("invitation-section", "invitee_uid", "s2-p1"))],
    "r/<str:uid>/review/": [Visit(LINK_HOLDER, _to("invitation-review", "invitee_uid"))],
    "alliances/<int:pk>/actions/new/": [Visit(MANAGER, _to("action-new", "alliance"))],
    "actions/<int:pk>/edit/": [Visit(MANAGER, _to("action-edit", "action"))],
    "accounts/login/": [Visit(VISITOR, _to("login"))],
    "accounts/password_reset/": [Visit(VISITOR, _to("password_reset"))],
    "accounts/password_reset/done/": [Visit(VISITOR, _to("password_reset_done"))],
    "accounts/reset/<uidb64>/<token>/": [Visit(VISITOR, lambda site: site.reset_link)],
    "accounts/reset/done/": [Visit(VISITOR, _to("password_reset_complete"))],
    "accounts/password_change/": [Visit(MANAGER, _to("password_change"))],
    "accounts/password_change/done/": [Visit(MANAGER, _to("password_change_done"))],
    "admin/": [Visit(ADMIN, _to("admin:index")), Visit(EDITOR, _to("admin:index"))],
    "admin/login/": [Visit(VISITOR, _to("admin:login"))],
    "admin/password_change/": [Visit(ADMIN, _to("admin:password_change"))],
    "admin/password_change/done/": [Visit(ADMIN, _to("admin:password_change_done"))],
    "admin/^(?P<app_label>auth|django_tasks_database|axes|assessments|jobs|actions)/$": [
        Visit(ADMIN, _to("admin:app_list", "auth")),
        Visit(EDITOR, _to("admin:app_list", "assessments")),
    ],
    "admin/(?P<url>.*)$": [Visit(ADMIN, lambda site: "/admin/no-such-page/", status=404)],
    "admin/auth/user/<id>/password/": [Visit(ADMIN, _to("admin:auth_user_password_change", "manager_pk"))],
    "admin/assessments/questionnaire/import/": [Visit(ADMIN, _to("admin:assessments_questionnaire_import"))],
    "admin/assessments/questionnaire/<int:pk>/preview/": [
        Visit(ADMIN, _to("admin:assessments_questionnaire_preview", "draft_version"))
    ],
    "admin/assessments/questionnaire/<int:pk>/preview/<slug:slug>/": [
        Visit(ADMIN, _to("admin:assessments_questionnaire_preview_section", "draft_version", "s2-p1"))
    ],
    "admin/assessments/questionnaire/<int:pk>/publish/": [
        Visit(EDITOR, _to("admin:assessments_questionnaire_publish", "draft_version"))
    ],
}

NOT_PAGES: dict[str, str] = {
    "alliances/<int:pk>/assess/": "takes a POST and redirects to the assessment's section",
    "assessments/<int:pk>/": "redirects to the section where the respondent left off",
    "assessments/<int:pk>/answer/": "the autosave's JSON endpoint",
    "assessments/<int:pk>/submit/": "takes a POST and redirects to the result or the review",
    "dashboard/alliances.<str:fmt>": "a CSV or Excel download",
    "dashboard/answers.<str:fmt>": "a CSV or Excel download, or a POST that queues one",
    "dashboard/actions.<str:fmt>": "a CSV or Excel download",
    "dashboard/exports/<int:job_id>/": "the dashboard's line of one export in progress, fetched into the page",
    "dashboard/exports/<int:job_id>/file": "an export's file, downloaded",
    "^r/(?P<uid>[0-9A-Za-z_-]+)/(?P<token>[0-9a-z]+-[0-9a-f]+)/$": "a personal link: leaves its cookie and redirects",
    "r/<str:uid>/answer/": "the link holder's autosave JSON endpoint",
    "r/<str:uid>/submit/": "takes a POST and redirects to the link holder's handed-in answers",
    "invitations/<int:pk>/answer/": "takes a POST and redirects a signed-in invitee to their questionnaire",
    "rounds/<int:pk>/people/": "takes a POST and redirects to the round page",
    "rounds/<int:pk>/remind/": "takes a POST and redirects to the round page",
    "rounds/<int:pk>/deadline/": "takes a POST and redirects to the round page",
    "rounds/<int:pk>/respondents/<int:respondent>/revoke/": "takes a POST and redirects to the round page",
    "rounds/<int:pk>/respondents/<int:respondent>/link/": "takes a POST and redirects to the round page",
    "accounts/logout/": "takes a POST and redirects to the sign-in page",
    "admin/logout/": "takes a POST and redirects to the sign-in page",
    "admin/autocomplete/": "the admin's JSON for its search selects",
    "admin/jsi18n/": "the admin's JavaScript catalogue",
    "admin/r/<path:content_type_id>/<path:object_id>/": "redirects to the object's page on the site",
    "admin/assessments/questionnaire/<int:pk>/export.<str:file_format>": "a YAML or JSON download",
}

# The pages every registered model has in the admin, by the ending of their URL name.
ADMIN_MODEL_PAGES = ("changelist", "add", "change", "history", "delete", "simple_history")
# Lists of many rows of the same markup, opened on a search that shows a few: the axe test's time is CI's.
ADMIN_LIST_QUERIES = {"assessments_item_changelist": "?q=S1-P1", "assessments_historicalitem_changelist": "?q=S1-P1"}


def url_patterns() -> Iterator[str]:
    """Every URL pattern the site resolves, as one route string (the prefixes of its includes joined)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    yield from walk(get_resolver().url_patterns, "")


# Pages drawn by one view and template whatever the model: each such page is visited once, for the
# first model that has it, and counts as visited for the others (they differ only in the object named).
SAME_FOR_EVERY_MODEL = {
    "history": ("history_view", "object_history_template"),
    "delete": ("delete_view", "delete_confirmation_template"),
    "simple_history": ("history_form_view", "object_history_form_template"),
}


def admin_model_pages() -> dict[str, list[Visit]]:
    """The admin's pages of every registered model, as the admin opens them, on the object `site.objects` gives."""
    pages, drawn = {}, set()
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.urls:
            kind = (pattern.name or "").removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            if kind in SAME_FOR_EVERY_MODEL:
                view, template = SAME_FOR_EVERY_MODEL[kind]
                page = (kind, getattr(type(model_admin), view), getattr(model_admin, template, None))
                if page in drawn:
                    pages[prefix + str(pattern.pattern)] = []
                    continue
                drawn.add(page)
            if kind in ADMIN_MODEL_PAGES:
                pages[prefix + str(pattern.pattern)] = [
                    Visit(ADMIN, _admin_path(model, pattern.name, kind), status=None)
                ]
            elif pattern.name is None:
                # "<path:object_id>/": Django's redirect of an object's old address to its change page.
                pages[prefix + str(pattern.pattern)] = []
    return pages


def _admin_path(model, name: str, kind: str) -> Callable[[SimpleNamespace], str]:
    def path(site):
        if kind in ("changelist", "add"):
            return reverse(f"admin:{name}") + ADMIN_LIST_QUERIES.get(name, "")
        obj = site.objects.get(model) or model._default_manager.order_by("pk").first()
        assert obj is not None, f"No {model._meta.label} to open its admin {kind} page: make one in the axe test."
        if kind == "simple_history":
            record = obj.history.order_by("history_id").first()
            assert record is not None, f"{model._meta.label} {obj.pk} has no history to open: change it in the test."
            return reverse(f"admin:{name}", args=[obj.pk, record.history_id])
        return reverse(f"admin:{name}", args=[obj.pk])

    return path


def every_page() -> dict[str, list[Visit]]:
    """Each URL pattern that is a page, with its visits: the admin's registry, then the pages listed above."""
    return {**admin_model_pages(), **PAGES}


def unlisted_patterns() -> list[str]:
    """The URL patterns on neither list, each with what to do about it (empty is good)."""
    listed = every_page().keys() | NOT_PAGES.keys()
    return [
        f"URL pattern {route!r} (name {name!r}) is not in tests/every_page.py: add it to PAGES with the roles "
        "that open it (the axe test then visits it at 1280 and 390 px), or to NOT_PAGES with why it is no page."
        for route, name in url_patterns()
        if route not in listed
    ]
