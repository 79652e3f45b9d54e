"""Every page of the site by URL pattern, with who opens it, for the axe test (tests/browser/test_every_page.py).

The list cannot drift: `unlisted_patterns()` walks the URL resolver, and the admin's pages are made from
its registry, so a URL pattern added anywhere fails tests/test_every_page.py until it is listed here, as
a page to visit (PAGES) or as no page with the reason (NOT_PAGES).

Pages only a POST reaches (a form sent back with its errors, the sign-in lockout, the renames an import
would make) are states of their own: `unposted_patterns()` asks of every URL pattern what a POST to it
draws, a state the axe test brings about in the browser (POSTED) or no page of its own, with the reason
(NOT_PAGES, POST_EXEMPT, or ADMIN_MODEL_POSTS for the admin's pages of each model).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.conf import settings
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
    "alliances/new/": [
        Visit(MANAGER, _to("alliance-create")),
        Visit(NO_ROLE, _to("alliance-create"), status=403),  # a manager's page: the 403 page
    ],
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
        Visit(EDITOR, _to("admin:assessments_questionnaire_publish", "draft_version")),
        # A refused publish: the page says why, with no button.
        Visit(EDITOR, _to("admin:assessments_questionnaire_publish", "broken_draft")),
    ],
    # An admin-only page as a criteria editor asks for it: the 403 page in the admin.
    "admin/auth/user/": [Visit(EDITOR, _to("admin:auth_user_changelist"), status=403)],
    # The admin as a signed-in user with no role asks for it: its sign-in page, saying the account may not.
    "admin/": [Visit(ADMIN, _to("admin:index")), Visit(EDITOR, _to("admin:index")), Visit(NO_ROLE, _to("admin:index"))],
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
    "rounds/<int:pk>/remind/": "takes a POST and redirects to the round page",
    "rounds/<int:pk>/deadline/": "takes a POST and redirects to the round page, or draws it with the error as"
    " people/ does (POSTED)",
    "rounds/<int:pk>/respondents/<int:respondent>/revoke/": "takes a POST and redirects to the round page",
    "accounts/logout/": "takes a POST and redirects to the sign-in page",
    "admin/logout/": "takes a POST and redirects to the sign-in page",
    "admin/autocomplete/": "the admin's JSON for its search selects",
    "admin/jsi18n/": "the admin's JavaScript catalogue",
    "admin/r/<path:content_type_id>/<path:object_id>/": "redirects to the object's page on the site",
    "admin/assessments/questionnaire/<int:pk>/export.<str:file_format>": "a YAML or JSON download",
}


@dataclass(frozen=True)
class Posted:
    """A page only a POST reaches, as one role meets it: `reach(page, site)` opens the form in the browser's
    page, fills and sends it, and gives the status of the page it led to (tests/browser/test_every_page.py)."""

    role: str
    name: str
    reach: Callable[[Any, SimpleNamespace], int]
    status: int = 200


def _sent(page, press) -> int:
    """The status of the page a click (or a form sent by script) leads to."""
    with page.expect_navigation() as navigation:
        press()
    page.wait_for_load_state()
    return navigation.value.status


def _send(path: Callable[[SimpleNamespace], str], button: str, fields: dict | None = None, files=None, exact=True):
    """Open the page, fill the fields (by CSS selector), choose the file, press the button (the first of that name)."""

    def reach(page, site) -> int:
        page.goto(path(site))
        for selector, value in (fields or {}).items():
            page.locator(selector).fill(value)
        if files:
            page.locator("input[type=file]").set_input_files(files(site))
        return _sent(page, lambda: page.get_by_role("button", name=button, exact=exact).first.click())

    return reach


def _failed_sign_in(page, site) -> int:
    return _send(_to("login"), "Sign in", {"#id_username": "locked-out", "#id_password": "wrong"})(page, site)


def _locked_out(page, site) -> int:
    """Sign-ins failed until the pair is locked (the first failure is the state before)."""
    status = 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        if status == 429:
            break
        status = _failed_sign_in(page, site)
    return status


def _section_comment_without_answer(page, site) -> int:
    page.goto(reverse("assessment-section", args=[site.draft, site.unanswered_section]))
    page.locator("textarea").first.fill("A comment without an answer")
    return _sent(page, lambda: page.locator("button.btn-primary[name=go]").click())


def _forced_publish(page, site) -> int:
    """A POST to a draft's publish page that shows no button (its problems): the version's page says why not."""
    page.goto(reverse("admin:assessments_questionnaire_publish", args=[site.broken_draft]))
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == settings.CSRF_COOKIE_NAME)
    script = """(token) => { const form = document.createElement('form'); form.method = 'post';
        const field = form.appendChild(document.createElement('input')); field.type = 'hidden';
        field.name = 'csrfmiddlewaretoken'; field.value = token; document.body.append(form); form.submit(); }"""
    return _sent(page, lambda: page.evaluate(script, token))


def _upload(name: str) -> Callable[[SimpleNamespace], list[dict]]:
    return lambda site: [{"name": "criteria.yaml", "mimeType": "application/yaml", "buffer": getattr(site, name)}]


POSTED: dict[str, list[Posted]] = {
    "accounts/login/": [
        Posted(VISITOR, "a failed sign-in", _failed_sign_in),
        Posted(VISITOR, "the lockout after too many failed sign-ins", _locked_out, status=429),
    ],
    "accounts/password_change/": [
        Posted(
            MANAGER,
            "the password form with errors",
            _send(
                _to("password_change"),
                "Change password",
                {"#id_old_password": "wrong", "#id_new_password1": "short", "#id_new_password2": "other"},
            ),
        )
    ],
    "alliances/new/": [
        Posted(MANAGER, "the new-alliance form with errors", _send(_to("alliance-create"), "Create alliance"))
    ],
    "assessments/<int:pk>/section/<slug:slug>/": [
        Posted(MANAGER, "a section with a comment and no answer", _section_comment_without_answer, status=400)
    ],
    "alliances/<int:pk>/survey/": [
        Posted(
            MANAGER,
            "the survey's invitation form with errors",
            _send(
                _to("survey-open", "surveyed_alliance"),
                "Open the survey and send the invitations",
                {"#id_ours": "Cleo"},
            ),
        )
    ],
    "rounds/<int:pk>/people/": [
        Posted(
            MANAGER,
            "the round page with the people invited in error",
            _send(_to("round-detail", "open_survey"), "Invite", {"#id_ours": "Fay"}),
            status=400,
        )
    ],
    "rounds/<int:pk>/respondents/<int:respondent>/link/": [
        Posted(
            MANAGER,
            "the round page with a personal link to copy",
            _send(_to("round-detail", "open_survey"), "Copy link", exact=False),
        )
    ],
    "alliances/<int:pk>/actions/new/": [
        Posted(MANAGER, "the action form with errors", _send(_to("action-new", "alliance"), "Add the action"))
    ],
    "admin/assessments/questionnaire/import/": [
        Posted(
            ADMIN,
            "the names a file would change, before importing it",
            _send(_to("admin:assessments_questionnaire_import"), "Load as a new draft", files=_upload("renaming_file")),
        ),
        Posted(
            ADMIN,
            "a file's problems",
            _send(_to("admin:assessments_questionnaire_import"), "Load as a new draft", files=_upload("bad_file")),
        ),
    ],
    "admin/assessments/questionnaire/<int:pk>/publish/": [
        Posted(ADMIN, "a refused publish, posted anyway", _forced_publish)
    ],
    "admin/assessments/questionnaire/<path:object_id>/change/": [
        Posted(
            ADMIN,
            "new thresholds, previewed before saving",
            _send(
                _to("admin:assessments_questionnaire_change", "draft_version"),
                "Save",
                {"#id_stage_two_threshold": "61"},
            ),
        )
    ],
    "admin/assessments/stage/<path:object_id>/change/": [
        Posted(
            ADMIN,
            "a stage with no name",
            _send(_to("admin:assessments_stage_change", "stage"), "Save", {"#id_name": ""}),
        )
    ],
}

# Patterns that are pages, but draw no page of their own for a POST, with why (or whose POST draws a page
# already in POSTED under another pattern, the same template and form).
NO_FORM = "no form posts here: a POST draws what the GET does"
POST_EXEMPT: dict[str, str] = {
    "": NO_FORM,
    "alliances/": NO_FORM,
    "alliances/<int:pk>/": NO_FORM,
    "alliances/<int:pk>/edit/": "its form with errors is the new-alliance form's (POSTED): one template, one form",
    "assessments/<int:pk>/review/": NO_FORM + " (its button posts to submit/)",
    "assessments/<int:pk>/result/": NO_FORM,
    "dashboard/": NO_FORM + " (its filters are a GET form)",
    "rounds/<int:pk>/": NO_FORM + " (its forms post to people/, deadline/, remind/ …)",
    "rounds/<int:pk>/close/": "a POST closes the round and redirects to the round page",
    "rounds/<int:pk>/result/": NO_FORM,
    "r/<str:uid>/": "a POST starts the link holder's questionnaire and redirects to its first section",
    "r/<str:uid>/section/<slug:slug>/": "a link holder's section with an error is the signed-in one's (POSTED)",
    "r/<str:uid>/review/": NO_FORM,
    "actions/<int:pk>/edit/": "its form with errors is the new action's (POSTED): one template, one form",
    "accounts/password_reset/": "its form with an error is drawn as the sign-in's (POSTED): the same card and field",
    "accounts/password_reset/done/": NO_FORM,
    "accounts/reset/<uidb64>/<token>/": "its form with errors is drawn as the password form's (POSTED)",
    "accounts/reset/done/": NO_FORM,
    "accounts/password_change/done/": NO_FORM,
    "admin/": NO_FORM,
    "admin/login/": "Django's admin sign-in; its lockout is the site's (POSTED under accounts/login/)",
    "admin/password_change/": "Django's admin form with errors, drawn as a stage's with no name (POSTED)",
    "admin/password_change/done/": NO_FORM,
    "admin/^(?P<app_label>auth|django_tasks_database|axes|assessments|jobs|actions)/$": NO_FORM,
    "admin/(?P<url>.*)$": NO_FORM,
    "admin/auth/user/<id>/password/": "Django's admin form with errors, drawn as a stage's with no name (POSTED)",
    "admin/assessments/questionnaire/<int:pk>/preview/": NO_FORM + " (a preview saves nothing)",
    "admin/assessments/questionnaire/<int:pk>/preview/<slug:slug>/": NO_FORM + " (a preview saves nothing)",
}
# What the admin's pages of each model draw for a POST, by kind: one of each is in POSTED or visited.
ADMIN_MODEL_POSTS = {
    "changelist": "an action's confirmation is drawn as the delete page (visited), its result is a redirect",
    "add": "its form with errors is drawn as a stage's with no name (POSTED)",
    "change": "its form with errors is drawn as a stage's with no name (POSTED)",
    "delete": "a POST deletes and redirects to the list",
    "history": NO_FORM,
    "simple_history": "a POST reverts the record and redirects to its page",
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
    """Each URL pattern that is a page, with its visits: the admin's registry's, and the pages listed above."""
    pages = admin_model_pages()
    for route, visits in PAGES.items():
        pages[route] = pages.get(route, []) + visits
    return pages


def admin_model_posts() -> dict[str, str]:
    """What a POST to each admin page of a registered model draws, when it is no state in POSTED."""
    posts = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.urls:
            kind = (pattern.name or "").removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            route = prefix + str(pattern.pattern)
            if kind in ADMIN_MODEL_POSTS and route not in POSTED:
                posts[route] = ADMIN_MODEL_POSTS[kind]
            elif pattern.name is None:
                posts[route] = "a redirect to the object's change page"
    return posts


def unposted_patterns() -> list[str]:
    """The URL patterns with no word on what a POST to them draws, each with what to do about it (empty is good)."""
    said = POSTED.keys() | NOT_PAGES.keys() | POST_EXEMPT.keys() | admin_model_posts().keys()
    return [
        f"URL pattern {route!r} (name {name!r}) does not say what a POST to it draws, in tests/every_page.py: "
        "add the page it draws to POSTED (the axe test then reaches it in the browser), or the pattern to "
        "POST_EXEMPT with why it draws none of its own."
        for route, name in url_patterns()
        if route not in said
    ]


def unlisted_patterns() -> list[str]:
    """The URL patterns on neither list, each with what to do about it (empty is good)."""
    listed = every_page().keys() | NOT_PAGES.keys() | POSTED.keys()
    return [
        f"URL pattern {route!r} (name {name!r}) is not in tests/every_page.py: add it to PAGES with the roles "
        "that open it (the axe test then visits it at 1280 and 390 px), or to NOT_PAGES with why it is no page."
        for route, name in url_patterns()
        if route not in listed
    ]
