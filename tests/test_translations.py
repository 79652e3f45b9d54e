"""Every sentence marked for translation reaches the pages translated, proved with a pseudo-locale.

The catalogue is what `makemessages` finds in the code today, so a sentence marked tomorrow is
checked too. Its pseudo-translation wraps each msgid in ⟦…⟧; with it active, each msgid must show,
wrapped, on one of the pages, mails and replies below (or be a lazy module constant that reads
wrapped). What the pages show unwrapped is stored data (names, statements, stored results) or
Django's own strings, which are not ours to mark.
"""

import ast
import datetime as dt
import gettext
import html
import importlib
import io
import json
import pkgutil
import re
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
import yaml
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode

import assessments
from assessments import answering, criteria_io, surveys, versions
from assessments.invitations import uid_of
from assessments.models import Assessment, Commitment, Principle, Questionnaire, Round, Stage
from assessments.quarters import quarter_ends
from assessments.questionnaire import sections_of
from jobs.models import DailyRun, Job, JobFile

from .action_plans import visit_action_pages
from .answering import record_answers
from .factories import (
    AllianceFactory,
    AssessmentFactory,
    ManagerFactory,
    UserFactory,
    answers_at,
    closed_survey,
    self_round,
    survey,
)
from .historical_results import SHAPES, historical_results
from .hostile_files import LAUGHS
from .tasks import let_time_pass, run_ready_tasks

pytestmark = pytest.mark.django_db

PSEUDO = "xx"
token = default_token_generator.make_token
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)
schema_2 = importlib.import_module("assessments.migrations.0011_result_schema_2")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+(?::\w+)?\}")


def make_catalogue(folder: Path) -> tuple[list[tuple[str, ...]], str]:
    """makemessages over the project into `folder`: the msgids (with their plurals) and what it warned of."""
    errors = io.StringIO()
    with override_settings(LOCALE_PATHS=[folder]):
        call_command(
            "makemessages",
            locale=[PSEUDO],
            no_obsolete=True,
            ignore_patterns=["staticfiles/*", "test-artifacts/*", "tests/*", "docs/*"],
            stdout=io.StringIO(),
            stderr=errors,
        )
    return read_msgids(folder / PSEUDO / "LC_MESSAGES" / "django.po"), errors.getvalue()


def read_msgids(po: Path, *, keyed: bool = False) -> list[tuple[str, ...]]:
    """Each entry's msgid and msgid_plural, the header left out; `keyed`, the msgid as a compiled catalogue
    keys it, after its context and "\\x04" where it has one (pgettext)."""
    entries, current, field = [], {}, None
    for line in po.read_text().splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                if keyed and "msgctxt" in current:
                    current["msgid"] = current["msgctxt"] + "\x04" + current["msgid"]
                entries.append(tuple(current[k] for k in ("msgid", "msgid_plural") if k in current))
            current, field = {}, None
        elif line.startswith(("msgid ", "msgid_plural ", "msgctxt ")):
            field, _, quoted = line.partition(" ")
            current[field] = ast.literal_eval(quoted)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif line.startswith("msgstr"):
            field = None
    return entries


def compile_pseudo_locale(folder: Path) -> None:
    """Every msgstr becomes its msgid wrapped in ⟦…⟧ (msgen, msgfilter), compiled with msgfmt."""
    messages = folder / PSEUDO / "LC_MESSAGES"
    po = messages / "django.po"
    po.write_text(po.read_text().replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);"))
    english = subprocess.run(["msgen", str(po)], check=True, capture_output=True).stdout
    wrapped = subprocess.run(
        ["msgfilter", "--keep-header", "-o", str(po), "sed", "-e", "1s/^/⟦/", "-e", "$s/$/⟧/"],
        input=english,
        check=True,
        capture_output=True,
    )
    assert wrapped.returncode == 0
    subprocess.run(["msgfmt", "--check", "-o", str(messages / "django.mo"), str(po)], check=True, capture_output=True)


# A value put in may be translated itself ("v2 (⟦published⟧)"): one level of nesting.
NESTED_VALUE = "(?:[^⟦⟧]|⟦[^⟦⟧]*⟧)*"


def pattern_of(msgid: str) -> re.Pattern:
    """The msgid as it reads translated, its placeholders standing for anything."""
    literal = (re.escape(part.replace("%%", "%")) for part in PLACEHOLDER.split(msgid))  # "%%" reads "%"
    return re.compile("⟦" + (NESTED_VALUE + "?").join(literal) + "⟧")


# Every translated span, from each "⟦" to the "⟧" that closes it: a lookahead, so nested spans are found too.
SPAN = re.compile(f"(?=(⟦{NESTED_VALUE}⟧))")


def translated_spans(text: str) -> set[str]:
    """Each distinct ⟦…⟧ in `text`: a msgid reads translated where its pattern matches one whole."""
    return {match.group(1) for match in SPAN.finditer(text)}


def shows(forms: tuple[str, ...], spans: set[str]) -> bool:
    """Whether one of a msgid's forms reads translated among `spans` (the plain ones found by lookup)."""
    for form in forms:
        if not PLACEHOLDER.search(form):
            if "⟦" + form.replace("%%", "%") + "⟧" in spans:
                return True
        elif any(map(pattern_of(form).fullmatch, spans)):  # compiled once per form
            return True
    return False


def readable(text: str) -> str:
    """A page as a person reads it, JSON escapes included (figures and replies)."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text + "\n" + html.unescape(text)


def lazy_constants() -> list[str]:
    """Our module constants that are lazy translations (messages, labels), read now, in the active language."""
    found = []
    for module in pkgutil.walk_packages(assessments.__path__, "assessments."):
        if ".migrations" in module.name or module.name.endswith("apps"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            values = (
                value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]
            )
            for each in values:
                for part in each if isinstance(each, tuple) else (each,):
                    if isinstance(part, Promise):
                        found.append(str(part))
    return found


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locale")
    msgids, warnings = make_catalogue(folder)
    compile_pseudo_locale(folder)
    return folder, msgids, warnings


def test_makemessages_runs_clean(catalogue):
    """makemessages finds our sentences without one warning, and the pseudo-locale compiles."""
    _, msgids, warnings = catalogue
    assert warnings == ""
    assert ("Sign in",) in msgids
    assert ("Stage %(numeral)s",) in msgids


def test_the_british_english_catalogue_is_current(catalogue):
    """The British English catalogue holds every marked sentence, unchanged and compiled (`make messages`)."""
    _, msgids, _ = catalogue
    po = Path(settings.LOCALE_PATHS[0]) / "en_GB" / "LC_MESSAGES" / "django.po"
    assert sorted(read_msgids(po)) == sorted(msgids), "locale/en_GB is stale: run `make messages`"
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    keys = [forms[0] if len(forms) == 1 else (forms[0], 0) for forms in read_msgids(po, keyed=True)]
    assert [key for key in keys if key not in compiled._catalog] == [], (
        "locale/en_GB is not compiled: run `make messages`"
    )
    assert all(compiled._catalog[key] == (key if isinstance(key, str) else key[0]).split("\x04")[-1] for key in keys)


# Sentences of states the visits below do not build (each is checked by the tests of its page, in English).
NOT_VISITED = {
    "One of the result's gaps to the next stage belongs to this principle.",  # a help text no page shows
    ", and to revert to it if need be",  # the history of a record that may be reverted
    "No change to this %(name)s has been recorded.",
    "Saved with no change recorded",
    "Save these thresholds",  # the threshold preview, after changing thresholds of a version in use
    # Its counts (ngettext: a lazy plural reads empty as a module constant).
    "%(moved)s of %(alliances)d alliance would move stage if its latest assessment were scored with these thresholds",
    "%(count)d from Stage %(before)s to %(after)s",
    "%(count)d would lack the answers a verdict needs.",
    "and %(count)d more",
    "Item code %(code)s is used %(count)d time (codes are compared ignoring case).",  # a draft repeating a code
    "v%(version)s cannot be published yet. Mend these problems on its page first:",
    "Back to v%(version)s",
    "v%(version)s “%(title)s” will be retired.",  # a published version without a publishing date
    "No assessment is in progress on v%(version)s.",
    "There are no alliances to show.",  # an executive with no alliance in the portfolio
    "The %(shown)s weakest of %(assessed)s assessed alliances",  # more than 20 assessed alliances
    "The one assessed alliance",
    "Alliances each principle holds back",  # alliances held back by a principle
    "Principle",
    "Alliances held back",
    "New",  # an alliance started this quarter, not yet assessed, on the dashboard
    "No alliance matches these filters.",
    "Pages of alliances",  # more alliances than one page of the dashboard's table
    "Previous",
    "Next",
    "Same",  # an alliance whose stage did not move
    "First assessment",  # the table export of an alliance assessed once
    # import_criteria's import with no version published: a fresh database has one.
    "There is no published questionnaire version.",
    "A criteria file in YAML or JSON, as a version's “Export YAML” or “Export JSON” button gives it.",
    # A page-save after another tab changed a statement that page did not.
    "Saved. Statement {numbers} of “{section}” was changed in another tab or window, and not on this page:"
    " the answer given there is kept.",
    "Principle %(number)s · %(name)s",  # a section of one principle (the default questionnaire has none)
    # Names and help of fields no form edits: they show in the admin's deletion summaries and history.
    "updated at",
    "assessment principle score",
    "assessment principle scores",
    "score",
    "holds back",
    "The principle's number, 1-10.",
    "0-100; empty when no statement was answered.",
    # The record of a job's file: no page shows it (the dashboard lists exports through their jobs).
    "job file",
    "job files",
    "path in storage",
    "file name",
    "The name it is downloaded under.",
    "content type",
    "size in bytes",
    "expires at",
    # A field no page shows: it orders autosaves (assessments/answering.py), and the admin lists answers without it.
    "revision",
    "Counts the saves that changed this answer; a save based on an older one is refused.",
    # Version 2 rules (assessments/reasons.py): shown once a questionnaire version uses rules 2 (issue 15).
    "No warning sign shows in the answers.",
    "the same answer was given to all {answered} statements answered",
    "{count} warning sign was agreed with together with the practice it contradicts",
    "The answers cannot be read reliably: {problems}. So no pattern is named; the stage still follows the rules.",
    "The {pattern} pattern stands at {evidence}, at or above the ceiling of {ceiling}, "
    "so it holds the alliance at Stage I whatever else holds.",
    "The warning signs of one pattern stand at {evidence}, at or above the ceiling of {ceiling}, "
    "so the alliance stays at Stage I whatever else holds.",
    "Every Stage I pattern stays below the ceiling of {ceiling}; the highest stands at {evidence}.",
    "{needed} more statement on {pattern} ({answered} of {total} answered)",
    "Stage {stage} cannot be judged yet: it needs a real answer to {missing}.",
    "No warning sign shows: the alliance is not yet {stage}, with {count} Stage II practice still missing.",
    "The {pattern} pattern shows strongly, at {evidence}, and holds the alliance back.",
    "The {pattern} pattern stands at {evidence}, below the Stage {stage} threshold of {threshold}, "
    "which keeps the stage at risk.",
    "The principle “{principle}” scores {score}, below {below}, which keeps the stage at risk.",
    "The weakest pattern of practice is {pattern}, at {evidence}.",
    "The weakest principle is “{principle}”, at {score}.",
    "some of its patterns have too few real answers to be judged",
    "a Stage I pattern stands at {evidence}, at or above the ceiling of {ceiling}",
    # Rounds and who is asked what (assessments/models/rounds.py): the pages of the personal links come with issue 11.
    "invitee",
    "asked of",
    "both sides",
    "our side only",
    "Statements about our company's own alliance programme, which the partner's people cannot know, are asked"
    " of our side only.",
    "last reminded on",
    "This alliance already has an open round: close it first.",
    "A survey has a deadline; a self-assessment has none.",
    "A side's figures are shown from 3 respondents at the least.",
    "This address is already invited to this round.",
    # The field of an invitee's latest mail, which the round page reads as its state, not by name.
    "latest mail",
    # The answer form's tick and a response refused after closing come with the personal links (issue 11).
    "share this comment anonymously",
    "This round is closed, so answers can no longer be handed in. Nothing was saved.",
    # Fields no form or admin page shows (editable=False): the rule across rounds and the answers export read them.
    "values by side",
    "person key",
    "address key",
    "answers counted",
    # A side withheld at closing (assessments/round_wording.py): tests/test_closing_across_rounds.py and
    # tests/test_closing_portfolio_readers.py build those rounds and read these sentences in English.
    "%(side)s: not shown. %(count)d person joined or left since the round closed on %(day)s, so their answers could"
    " be worked out by difference.",
    "%(side)s: not shown. %(count)d person responded, among them someone who reads the whole portfolio; with such a"
    " person among them, a side is shown from %(needed)d, so that the portfolio's figures keep the others' answers"
    " private from them.",
    "Closing now would not show a side that has reached the privacy minimum:",
    "Closing now gives this round no result: the alliance stays unassessed for this period.",
    # The standing periods' field names: the rows are written by the app and read by the dashboard, in no form.
    "standing period",
    "standing periods",
    "stage before",
    "valid from",
    "valid to",
    "principles holding back",
    "mean principle score",
    *(f"principle {n} score" for n in range(1, 11)),
}


def store_every_historical_result(manager, published) -> list[Assessment]:
    """Each result earlier scoring stored (tests/stored_results), as migration 0011 left it: every version 1 code."""
    rows = []
    with translation.override(None):  # the stored sentences are English, as the migration reads them
        for shape in SHAPES:
            alliance = AllianceFactory(owner=manager, name=f"Alliance {shape}")
            for week, (_, result) in enumerate(historical_results(shape)):
                submitted_at = NOW - dt.timedelta(weeks=52 - week)
                rows.append(
                    Assessment(
                        alliance=alliance,
                        questionnaire=published,
                        respondent=manager,
                        status=Assessment.Status.SUBMITTED,
                        stage=result["stage"],
                        result=schema_2.upgrade(result),
                        submitted_at=submitted_at,
                    )
                )
    for row in rows:
        row.round = self_round(row)
    return Assessment.objects.bulk_create(rows)


def submit_rarer_results(manager) -> list[Assessment]:
    """Results that show what the others do not: patterns weaker than their stage's threshold, symptoms to
    reduce before the next stage's gaps, Stage I with no ceiling (an administrator unmarked it symptomatic),
    and a gap whose item names none of its principle's several commitments (stored so, edited here)."""
    alliance = AllianceFactory(owner=manager, name="Rarer results")

    def submitted(answers, weeks_ago):
        assessment = AssessmentFactory(alliance=alliance)
        record_answers(assessment=assessment, answers=answers)
        return answering.submit_assessment(assessment=assessment, now=NOW - dt.timedelta(weeks=weeks_ago))

    symptoms = answers_at(1)
    symptoms |= {code: 2 for code in symptoms if code.startswith("S2-")}  # Stage I, with Stage II gaps as well
    made = [submitted(answers_at(2, dict.fromkeys(range(1, 11), 2)), 4), submitted(symptoms, 3)]
    made.append(submitted(answers_at(2), 2))
    stage_one = Stage.objects.get(number=1)
    stage_one.symptomatic = False
    stage_one.save()
    made.append(submitted(answers_at(2), 1))
    stage_one.symptomatic = True
    stage_one.save()
    several = made[2]
    commitments = list(Commitment.objects.filter(principle__number=1).values_list("text", flat=True))
    principle = {"principle": 1, "principle_name": Principle.objects.get(number=1).name, "commitments": commitments}
    several.result["gaps"][0] |= principle
    several.save(update_fields=["result"])
    return made


def version_two_pages(manager) -> list[str]:
    """A draft's section and review, and results of each diagnosis, on questionnaire version 2 (loaded as a draft)."""
    second = criteria_io.load(criteria_io.parse(criteria_io.VERSION_TWO_FILE.read_text()))
    stage_of = dict(second.items.values_list("code", "pattern__stage__number"))

    def answered(signs, practices, stage_two=None, **overrides):
        answers = {
            c: signs if n == 1 else stage_two if n == 2 and stage_two else practices for c, n in stage_of.items()
        }
        assessment = AssessmentFactory(alliance=AllianceFactory(owner=manager), questionnaire=second)
        record_answers(assessment=assessment, answers=answers | overrides)
        return assessment

    draft = answered(1, 5)
    draft.answers.filter(item__code__startswith="NET-").delete()
    urls = [reverse("assessment-section", args=[draft.pk, "senior-management"])]
    urls.append(reverse("assessment-review", args=[draft.pk]))
    last_resort = dict.fromkeys(("WHY-04", "WHY-07", "WHY-08", "DEAL-06", "DEAL-07", "DEAL-08"), 5)
    for assessment in (
        answered(1, 4, **last_resort),  # diagnosed: last resort
        answered(1, 5, **{"NET-02": 3, "TEAM-07": 2}),  # Stage III, weakest and at risk
        answered(3, 3),  # straight-lined
        answered(1, 2, **{"SEN-01": 1, "SEN-03": 1}),  # not yet Strategic; next steps with one commitment, and all
        answered(2, 3),  # no practice present
        answered(1, 5),  # nothing holds it back
        answered(1, 4, stage_two=None, **dict.fromkeys([c for c, n in stage_of.items() if n == 2])),  # unjudged
    ):
        answering.submit_assessment(assessment=assessment, now=NOW)
        urls.append(reverse("assessment-result", args=[assessment.pk]))
    return urls


def visit_survey_pages(client, get, post, manager) -> list[str]:
    """A survey run from its round page, answered through a link and signed in, every link refused, and its mails."""
    texts = []
    alliance = AllianceFactory(owner=manager)
    opening = reverse("survey-open", args=[alliance.pk])
    get(opening)
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    post(opening, {"deadline": later, "ours": "Cleo", "partner": ""})
    post(opening, {"deadline": later, "ours": "Cleo <cleo@ours.example>\nCleo <cleo@ours.example>"})
    post(opening, {"deadline": later})
    UserFactory(username="colleague", email="colleague@ours.example")
    people = {
        "deadline": later,
        "answer_too": "on",
        "ours": "Cleo <cleo@ours.example>\nColleague <colleague@ours.example>",
        "partner": "Ana <ana@partner.example>\nBen <ben@partner.example>\nEva <eva@partner.example>",
    }
    post(opening, people)
    held = Round.objects.get(alliance=alliance)
    page = reverse("round-detail", args=[held.pk])
    ana, ben, eva = (held.respondents.get(email=f"{name}@partner.example") for name in ("ana", "ben", "eva"))
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionError("no route")):
        run_ready_tasks()  # every invitation waits to be retried: "being sent"
        get(page)
    for _ in range(5):
        let_time_pass(dt.timedelta(hours=1))
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionError("no route")):
            run_ready_tasks()
    surveys.invite(survey=held, people=[surveys.Person("Dora", "dora@ours.example", "ours")], now=timezone.now())
    run_ready_tasks()  # Dora's is sent; the others could not be delivered
    get(page)
    post(reverse("round-remind", args=[held.pk]), {})
    post(reverse("round-remind", args=[held.pk]), {})
    post(reverse("round-deadline", args=[held.pk]), {"deadline": "2000-01-01"})
    post(reverse("round-deadline", args=[held.pk]), {"deadline": ""})
    post(reverse("round-add-people", args=[held.pk]), {"ours": "Fay <fay@ours.example>"})
    post(reverse("round-add-people", args=[held.pk]), {"ours": "Fay <fay@ours.example>"})
    post(reverse("round-add-people", args=[held.pk]), {"ours": ""})
    post(reverse("round-link", args=[held.pk, ana.pk]), {})
    link = client.post(reverse("round-link", args=[held.pk, ana.pk])).context["link"]
    post(reverse("round-revoke", args=[held.pk, eva.pk]), {})
    get(reverse("alliance-detail", args=[alliance.pk]))

    client.logout()
    uid = uid_of(ana)
    get(reverse("invitation-start", args=[uid]))  # no cookie yet
    get(link[:-3] + "00/")  # tampered
    get(link, follow=True)
    post(reverse("invitation-start", args=[uid]), {})
    get(reverse("invitation-start", args=[uid]))
    response = Assessment.objects.get(invitee=ana)
    slug = sections_of(Assessment.objects.select_related("invitee").get(pk=response.pk)).first().slug
    post(
        reverse("invitation-section", args=[uid, slug]),
        {
            "answer-S1-P1-01": "3",
            "comment-S1-P1-01": "Mine",
            "shared-S1-P1-01": "on",
            "answer-S1-P1-02": "dk",
            "comment-S1-P1-02": "Not for sharing",
        },
    )
    get(reverse("invitation-review", args=[uid]))
    post(reverse("invitation-submit", args=[uid]), {})
    post(reverse("invitation-submit", args=[uid]), {})
    get(reverse("invitation-review", args=[uid]))
    get(reverse("invitation-section", args=[uid, slug]))
    get(reverse("invitation-start", args=[uid_of(ben)]))  # another invitee's page, with Ana's cookie
    client.get(link.replace(uid, uid_of(eva), 1))
    get(reverse("invitation-start", args=[uid_of(eva)]))  # revoked

    client.force_login(UserFactory(username="colleague"))
    get(reverse("home"))
    mine = held.respondents.get(email="colleague@ours.example")
    post(reverse("invitation-answer-signed-in", args=[mine.pk]), {})
    surveys.response_of(held.respondents.get(email="cleo@ours.example"))  # a draft, left out at closing

    client.force_login(manager)
    get(reverse("round-close", args=[held.pk]))  # no side has enough answers yet
    gil = surveys.invite(survey=held, people=[surveys.Person("Gil", "gil@partner.example", "partner")], now=NOW)[0]
    for invitee in (ben, gil):
        answering.submit_assessment(assessment=surveys.response_of(invitee), now=timezone.now())
    get(page)  # the partner side's figures will show
    post(reverse("round-close", args=[held.pk]), {})
    get(reverse("alliance-detail", args=[alliance.pk]))
    get(link)  # closed
    mail.outbox.clear()
    run_ready_tasks()
    texts.extend(f"{m.subject}\n{m.body}" for m in mail.outbox)
    return texts


def visit_criteria_imports(client, post, published) -> list[str]:
    """The admin's import of files with every kind of problem, renaming, then loaded; the commands' words alike."""
    texts = []
    url = reverse("admin:assessments_questionnaire_import")

    def upload(text):
        return post(url, {"file": SimpleUploadedFile("criteria.yaml", text.encode())})

    def command(*args):
        out = io.StringIO()
        try:
            call_command(*args, stdout=out)
        except CommandError as error:
            out.write(str(error))
        texts.append(out.getvalue())

    broken = criteria_io.export(published)
    broken["extra"] = 1
    broken["stages"][0]["number"] = 9
    broken["principles"] = []
    broken["questionnaire"]["thresholds"]["stage_two"] = -1
    items = broken["questionnaire"]["items"]
    items[0] |= {"weight": 0, "wieght": 1, "other": 2}
    items[1] |= {
        "statement": "",
        "audience": "them",
        "code": "a code!",
        "contradicts": ["X", "X"],
        "section": "x" * 101,
    }
    items[2] |= {"weight": 100, "commitment": 0, "help": 5}
    del items[3]["code"]
    upload(yaml.safe_dump(broken))
    referring = criteria_io.export(published)
    referring["stages"][1]["patterns"][1]["number"] = 1
    referring["principles"][1]["number"] = 1
    items = referring["questionnaire"]["items"]
    items[1]["code"] = items[0]["code"]
    items[2]["pattern"] = "S9-P1"
    items[3] |= {"pattern": "S2-P1", "principle": 42, "contradicts": ["S1-P1-01"]}
    items[4].pop("pattern")
    items[4]["commitment"] = 1
    items[40] |= {"principle": 4, "commitment": 1}
    items[41] |= {"pattern": "S1-P1", "contradicts": ["S1-P1-02"]}
    upload(yaml.safe_dump(referring))
    upload("stages: [unclosed")
    upload("stages: \x07")
    renaming = criteria_io.export(published)
    renaming["stages"][0]["name"] = "Ad hoc"
    renaming["stages"][0]["patterns"][0] |= {"name": "Alone", "short_name": "Alone"}
    renaming["principles"][1]["name"] = "Open Communication"
    kept = upload(yaml.safe_dump(renaming, allow_unicode=True)).context["kept"]
    post(url, {"kept": kept})
    post(url, {"kept": kept})  # a token is good once
    with tempfile.TemporaryDirectory() as folder:
        good, hostile = Path(folder) / "good.yaml", Path(folder) / "hostile.yaml"
        good.write_text(criteria_io.dump(published))
        hostile.write_text(LAUGHS)
        for args in ((good,), (hostile,), (Path(folder) / "missing.yaml",)):
            command("import_criteria", *map(str, args))
    command("export_criteria", "99")
    return texts


def visit_every_page(client, admin_user, manager, executive, published) -> list[str]:
    """The pages, mails and replies a person meets, as their text: one of each kind of page and message."""
    texts = []

    def get(url, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts.append(body.decode())
        return response

    def post(url, data):
        response = client.post(url, data, follow=True)
        texts.append(response.content.decode())
        return response

    alliance = AllianceFactory(owner=manager)
    earlier = AssessmentFactory(alliance=alliance)
    record_answers(assessment=earlier, answers=answers_at(2))
    answering.submit_assessment(assessment=earlier, now=NOW - dt.timedelta(days=100))
    submitted = AssessmentFactory(alliance=alliance)
    record_answers(assessment=submitted, answers=answers_at(3))
    answering.submit_assessment(assessment=submitted, now=NOW)
    draft = AssessmentFactory(alliance=alliance)
    record_answers(assessment=draft, answers={"S1-P1-01": 2})
    section = reverse("assessment-section", args=[draft.pk, "s1-p1"])
    unassessed = AllianceFactory(owner=manager, start_date=NOW.date() - dt.timedelta(days=30))
    falling = AllianceFactory(owner=manager)
    for stage, when in ((3, NOW - dt.timedelta(days=100)), (2, NOW)):
        assessment = AssessmentFactory(alliance=falling)
        record_answers(assessment=assessment, answers=answers_at(stage))
        answering.submit_assessment(assessment=assessment, now=when)
    ready = AssessmentFactory(alliance=falling)
    almost_all = answers_at(2)
    almost_all.pop("S1-P1-01")
    record_answers(assessment=ready, answers=almost_all)
    answering.save_answer(assessment=ready, code="S1-P1-02", reply=answering.Reply(3, "A comment"))
    last_section = list(sections_of(ready))[-1].slug

    get(reverse("login"))
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": "locked-out", "password": "wrong"})
    assert response.status_code == 429
    texts.append(response.content.decode())
    get(reverse("password_reset"))
    UserFactory(username="forgetful", email="forgetful@example.com")
    post(reverse("password_reset"), {"email": "forgetful@example.com"})
    run_ready_tasks()
    texts.extend(f"{m.subject}\n{m.body}" for m in mail.outbox)
    get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    forgetful = get_user_model().objects.get(username="forgetful")
    link = reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(forgetful.pk)), token(forgetful)])
    get(link, follow=True)
    get(reverse("password_reset_complete"))
    texts.append(render_to_string("500.html"))

    client.force_login(UserFactory(username="no-role"))
    get(reverse("home"))
    client.force_login(ManagerFactory(username="newcomer"))
    get(reverse("alliance-list"))

    client.force_login(manager)
    get(reverse("alliance-list"))
    get(alliance.get_absolute_url())
    get(reverse("alliance-create"))
    post(reverse("alliance-create"), {"name": "Later", "start_date": "2999-01-01"})
    get(reverse("alliance-edit", args=[alliance.pk]))
    get(reverse("password_change"))
    get(reverse("password_change_done"))
    get(section)
    post(section, {"answer-S1-P1-02": "", "comment-S1-P1-02": "A comment without an answer"})
    get(reverse("assessment-review", args=[draft.pk]))
    get(reverse("assessment-review", args=[ready.pk]))
    get(reverse("assessment-section", args=[ready.pk, last_section]))
    get(unassessed.get_absolute_url())
    post(reverse("assessment-submit", args=[draft.pk]), {})
    texts.append(
        json.dumps(
            client.post(reverse("assessment-answer", args=[draft.pk]), {"item": "S1-P1-01", "value": "9"}).json(),
            ensure_ascii=False,
        )
    )
    get(reverse("assessment-section", args=[submitted.pk, "s1-p1"]))
    get(reverse("assessment-review", args=[submitted.pk]))
    get(reverse("assessment-result", args=[submitted.pk]))
    for url in version_two_pages(manager):
        get(url)
    get("/no-such-page/")

    client.force_login(executive)
    get(reverse("dashboard"))
    get(reverse("dashboard"), data={"stage": "9", "as_of": "someday"})
    texts.append(b"".join(client.post(reverse("dashboard-alliances-export", args=["csv"])).streaming_content).decode())
    texts.append(b"".join(client.post(reverse("dashboard-answers-export", args=["csv"])).streaming_content).decode())
    workbook = b"".join(client.post(reverse("dashboard-alliances-export", args=["xlsx"])).streaming_content)
    texts.append(" ".join(openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames))
    # The answers in Excel, prepared on the queue: its line in every state, then its file, then expired.
    post(reverse("dashboard-answers-export", args=["xlsx"]), {})
    export = Job.objects.latest("pk")
    line = reverse("dashboard-export", args=[export.pk])
    for state in ({"state": "running", "done": 5, "total": 10}, {"state": "retrying", "next_attempt_at": NOW}):
        Job.objects.filter(pk=export.pk).update(**state)
        get(line)
    Job.objects.filter(pk=export.pk).update(state="failed")
    get(line)
    Job.objects.filter(pk=export.pk).update(state="queued", total=None, done=0)
    run_ready_tasks()
    get(line)
    workbook = b"".join(client.get(reverse("dashboard-export-file", args=[export.pk])).streaming_content)
    texts.append(" ".join(openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames))
    JobFile.objects.update(expires_at=NOW - dt.timedelta(days=1))
    get(line)
    texts.append(client.get(reverse("dashboard-export-file", args=[export.pk]), follow=True).content.decode())
    get(reverse("dashboard"), data={"sort": "-name", "as_of": quarter_ends(NOW.date(), 1)[0].isoformat()})
    get(reverse("alliance-create"))
    get(reverse("alliance-list"))

    # Results of every shape, after the dashboard (whose counts they would change).
    client.force_login(manager)
    for assessment in [*store_every_historical_result(manager, published), *submit_rarer_results(manager)]:
        get(reverse("assessment-result", args=[assessment.pk]))
    # Survey results: both sides shown (a band, a shared comment), a side hidden from the manager who answered,
    # a side below the minimum, no side at all; an open survey, and a self-assessment refused beside it.
    comments = {"S1-P1-01": ("A shared comment", True)}
    for shape in (
        {"ours": 5, "comments": comments},
        {"manager_answers": True},
        {"partner": 2},
        {"ours": 1, "partner": 1},
    ):
        held = closed_survey(AllianceFactory(owner=manager), **shape)
        get(reverse("round-result", args=[held.pk]))
        get(held.alliance.get_absolute_url())
    get(held.alliance.get_absolute_url())
    client.force_login(executive)
    get(reverse("dashboard"))  # where the two sides differ
    client.force_login(manager)
    # A self-assessment closed without a submission (a former owner's draft), and one opened but not started.
    for closed_at in (NOW - dt.timedelta(days=1), None):
        Round.objects.create_self(
            alliance=held.alliance, questionnaire=published, opened_by=manager, opened_at=NOW, closed_at=closed_at
        )
    get(held.alliance.get_absolute_url())
    open_survey = survey(AllianceFactory(owner=manager), opened_at=NOW, deadline=timezone.now() + dt.timedelta(days=14))
    get(reverse("round-result", args=[open_survey.pk]), follow=True)
    post(reverse("assessment-start", args=[open_survey.alliance_id]), {})
    texts.extend(visit_survey_pages(client, get, post, manager))

    visit_action_pages(
        client, manager=manager, executive=executive, admin_user=admin_user, get=get, post=post, texts=texts
    )

    client.force_login(admin_user)
    draft_version = versions.copy_questionnaire(questionnaire=published)
    get(reverse("admin:index"))
    for name in (
        "questionnaire",
        "item",
        "stage",
        "pattern",
        "principle",
        "commitment",
        "alliance",
        "assessment",
        "historicalitem",
        "round",
        "respondent",
    ):
        get(reverse(f"admin:assessments_{name}_changelist"))
    for shown_round in (open_survey, held):
        get(reverse("admin:assessments_round_change", args=[shown_round.pk]))
    get(reverse("admin:assessments_respondent_change", args=[held.respondents.first().pk]))
    erased = {"action": "erase", helpers.ACTION_CHECKBOX_NAME: [held.respondents.first().pk]}
    post(reverse("admin:assessments_respondent_changelist"), erased)
    get(reverse("admin:assessments_questionnaire_change", args=[published.pk]))
    get(reverse("admin:assessments_questionnaire_change", args=[draft_version.pk]))
    get(reverse("admin:assessments_questionnaire_history", args=[published.pk]))
    get(reverse("admin:assessments_questionnaire_history", args=[draft_version.pk]))
    get(reverse("admin:assessments_questionnaire_preview", args=[published.pk]), follow=True)
    get(reverse("admin:assessments_questionnaire_preview_section", args=[published.pk, "s1-p3"]))
    get(reverse("admin:assessments_stage_change", args=[1]))
    get(reverse("admin:assessments_pattern_change", args=[1]))
    get(reverse("admin:assessments_principle_change", args=[1]))
    get(reverse("admin:assessments_questionnaire_publish", args=[draft_version.pk]))
    get(reverse("admin:assessments_questionnaire_import"))
    get(reverse("admin:assessments_assessment_change", args=[submitted.pk]))
    get(reverse("admin:assessments_assessment_change", args=[draft.pk]))
    chosen = {"action": "delete_drafts", helpers.ACTION_CHECKBOX_NAME: [submitted.pk]}
    post(reverse("admin:assessments_assessment_changelist"), chosen)
    get(reverse("admin:assessments_alliance_change", args=[alliance.pk]))
    get(reverse("admin:axes_accessattempt_changelist"))
    attempts = reverse("admin:axes_accessattempt_changelist")
    for action in ("unlock_pairs", "unlock_addresses"):
        client.post(reverse("login"), {"username": "locked-out", "password": "wrong"})
        chosen = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
        post(attempts, {"action": action, helpers.ACTION_CHECKBOX_NAME: chosen})
    DailyRun.objects.create(day=NOW.date(), started_at=NOW, results={"purged": 0})
    for name in ("job", "dailyrun"):
        get(reverse(f"admin:jobs_{name}_changelist"))
    get(reverse("admin:jobs_job_change", args=[Job.objects.earliest("pk").pk]))
    get(reverse("admin:jobs_dailyrun_change", args=[DailyRun.objects.get().pk]))
    texts.extend(visit_criteria_imports(client, post, published))  # last: it renames and adds two versions
    return texts


def test_every_msgid_shows_translated_on_the_pages_that_use_it(
    catalogue, client, admin_user, manager, executive, published
):
    """With the pseudo-locale active, every msgid of our catalogue reads ⟦translated⟧ somewhere it is used."""
    folder, msgids, _ = catalogue
    with override_settings(LOCALE_PATHS=[folder]), translation.override(PSEUDO):
        seen = readable("\n".join(visit_every_page(client, admin_user, manager, executive, published)))
        spans = translated_spans(seen + "\n" + "\n".join(lazy_constants()))
    missing = [forms[0] for forms in msgids if forms[0] not in NOT_VISITED and not shows(forms, spans)]
    assert sorted(NOT_VISITED - {forms[0] for forms in msgids}) == []  # no stale entry
    assert missing == [], "\n".join(missing)
    assert settings.LANGUAGE_CODE == "en-gb"
    assert Questionnaire.objects.count() == 5
