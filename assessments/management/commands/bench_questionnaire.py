"""Time the questionnaire's pages and count their queries, for the real questionnaire and a larger one.

Everything it creates (a manager, alliances, a copy of the questionnaire four times over,
assessments and answers) lives in one transaction that is rolled back at the end, on
whatever database DATABASE_URL names; the rest of the database is only read.
"""

import datetime as dt
import os
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Max
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import answering, closing, roles
from assessments.answering import Reply
from assessments.combining import SIDES
from assessments.invitation_mail import personal_link
from assessments.invitations import uid_of
from assessments.models import Alliance, Answer, Assessment, Item, Questionnaire, Respondent, Round
from assessments.models.rounds import address_key, person_key
from assessments.questionnaire import sectioned_items

from ..benchmarks import median_and_p95

LINE = "{:<22} {:>9} {:>7} {:>7} {:>8}"
AIMS = {
    "open a section": 30,
    "save one answer": 15,
    "submit": 50,
    "result page": 100,
    "close a survey of 50": 1000,
    "survey result page": 100,
    "round page": 100,
}
CLOSING = "close a survey of 50"
SURVEY_RESPONDENTS = 50
CLOSING_RUNS = 5  # each closes a survey of its own, whose 50 responses take a while to build


class Rollback(Exception):
    """Raised at the end to roll the benchmark's data back."""


@dataclass
class Figures:
    median_ms: float
    p95_ms: float
    cpu_ms: float  # median CPU time of this process: what the request cost, whatever else the machine runs
    queries: int


class Command(BaseCommand):
    help = "Print median and 95th-percentile server time and SQL queries of the questionnaire's pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
        parser.add_argument("--copies", type=int, default=4, help="the larger questionnaire is this many copies")

    def handle(self, *args, runs, copies, **options):
        call_command("createcachetable", verbosity=0)  # the sections' cache, on a database migrated before it
        published = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
        if published is None:
            raise CommandError("No published questionnaire: run migrate first.")
        # Production's settings for the request path (DEBUG off), reachable by the test client.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            try:
                with transaction.atomic():
                    self._run(published, runs, copies)
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write("All benchmark data rolled back.")

    def _run(self, published, runs, copies):
        manager = get_user_model().objects.create_user(username="bench-questionnaire-manager")
        manager.groups.add(Group.objects.get_or_create(name=roles.MANAGERS)[0])
        client = Client()
        client.force_login(manager)
        larger = _copy(published, copies)
        self.stdout.write(f"Database: {connection.vendor}; DEBUG off; {runs} timed runs each, after a warm-up.")
        self.stdout.write(f"Load average when starting: {', '.join(f'{load:.1f}' for load in os.getloadavg())}.")
        results = {}
        for questionnaire in (published, larger):
            results[questionnaire.pk] = figures = _measure_all(client, manager, questionnaire, runs)
            items = questionnaire.items.count()
            sections = len(sectioned_items(questionnaire).sections)
            self.stdout.write(f"\nQuestionnaire of {items} statements in {sections} sections")
            self.stdout.write(LINE.format("", "median ms", "p95 ms", "cpu ms", "queries"))
            for what, line in figures.items():
                aim = f"   (aim: under {AIMS[what]} ms)" if what in AIMS else ""
                numbers = (f"{line.median_ms:.1f}", f"{line.p95_ms:.1f}", f"{line.cpu_ms:.1f}", line.queries)
                self.stdout.write(LINE.format(what, *numbers) + aim)
        floor = _time_floor(runs)
        numbers = (f"{floor.median_ms:.1f}", f"{floor.p95_ms:.1f}", f"{floor.cpu_ms:.1f}", floor.queries)
        self.stdout.write("\n" + LINE.format(FLOOR, *numbers))
        section = results[published.pk]["open a section"]
        self.stdout.write(
            f"Opening a section takes {section.cpu_ms / floor.cpu_ms:.1f}x the floor's CPU time "
            f"({section.median_ms / floor.median_ms:.1f}x its time; aim: 3x at most)."
        )
        small, large = (results[q.pk] for q in (published, larger))
        # Closing writes the combined answers in one bulk insert, which the database may cut into batches
        # (SQLite: some 140 answers each): its count grows with the statements, never with the respondents.
        differ = [
            f"{what} {small[what].queries} -> {large[what].queries}"
            for what in small
            if what != CLOSING and small[what].queries != large[what].queries
        ]
        self.stdout.write(
            "\nQuery counts are the same for both sizes."
            if not differ
            else "\nQuery counts DIFFER between the sizes: " + "; ".join(differ) + "."
        )
        self.stdout.write(f"(Except {CLOSING!r}: its bulk insert of the combined answers may take a batch more.)")


def _measure_all(client, manager, questionnaire, runs) -> dict[str, Figures]:
    sectioned = sectioned_items(questionnaire)
    sections = sectioned.sections
    codes = list(sectioned.items)
    half = {code: Reply(4) for code in codes[: len(codes) // 2]}
    draft = _draft(manager, questionnaire, half)
    full = {code: Reply(4) for code in codes}

    def section_url(i):
        return reverse("assessment-section", args=[draft.pk, sections[i % len(sections)].slug])

    def section_post(i):
        section = sections[i % len(sections)]
        data = {f"answer-{code}": str(1 + i % 5) for code in section.codes}
        return section_url(i), data | {"go": sections[(i + 1) % len(sections)].slug}

    def submit(i):
        assessment = _draft(manager, questionnaire, full)
        return reverse("assessment-submit", args=[assessment.pk]), {}

    done = [_draft(manager, questionnaire, full) for _ in range(2)]
    for assessment in done:
        answering.submit_assessment(assessment=assessment, now=timezone.now())
    answer_url = reverse("assessment-answer", args=[draft.pk])
    surveyed = _survey(manager, questionnaire, codes)
    closing.close_round(surveyed, now=timezone.now())
    still_open = _survey(manager, questionnaire, codes)
    link_holder, uid = _follow_a_link(still_open)

    def link_section(i):
        return reverse("invitation-section", args=[uid, sections[i % len(sections)].slug]), {}

    return {
        "open a section": _time(client.get, lambda i: (section_url(i), {}), runs),
        "save one answer": _time(
            client.post, lambda i: (answer_url, {"item": codes[i % len(codes)], "value": str(1 + i % 5)}), runs
        ),
        "save a section": _time(client.post, section_post, runs),
        "review page": _time(client.get, lambda i: (reverse("assessment-review", args=[draft.pk]), {}), runs),
        "submit": _time(client.post, submit, runs),
        "result page": _time(client.get, lambda i: (reverse("assessment-result", args=[done[-1].pk]), {}), runs),
        CLOSING: _time_closing(manager, questionnaire, codes, min(runs, CLOSING_RUNS)),
        "survey result page": _time(client.get, lambda i: (reverse("round-result", args=[surveyed.pk]), {}), runs),
        "round page": _time(client.get, lambda i: (reverse("round-detail", args=[still_open.pk]), {}), runs),
        "a section by link": _time(link_holder.get, link_section, runs),
        "an answer by link": _time(
            link_holder.post,
            lambda i: (
                reverse("invitation-answer", args=[uid]),
                {"item": codes[i % len(codes)], "value": str(1 + i % 5)},
            ),
            runs,
        ),
    }


def _follow_a_link(held: Round) -> tuple[Client, str]:
    """One more invitee of the open survey `held`, who has followed their personal link and begun: their browser
    (holding the link's cookie) and the id their pages carry."""
    invitee = Respondent.objects.create(
        round=held,
        name="Link holder",
        email=f"link-holder-{held.pk}@bench.invalid",
        side=SIDES[0],
        invited_at=held.opened_at,
    )
    browser = Client()
    _check(browser.get(personal_link(invitee, now=timezone.now()), secure=True))
    uid = uid_of(invitee)
    _check(browser.post(reverse("invitation-start", args=[uid]), secure=True))
    return browser, uid


FLOOR = "floor: 60 radio groups"
# The floor a section page is measured against: a plain page of 60 radio groups of five, rendered by Django's
# template engine with no request, no database and no form.
FLOOR_PAGE = """<!doctype html><html lang="en"><head><title>Floor</title></head><body><form method="post">
{% for group in groups %}<fieldset><legend>{{ group }}</legend>{% for value in values %}
<label><input type="radio" name="{{ group }}" value="{{ value }}"> {{ value }}</label>{% endfor %}</fieldset>
{% endfor %}<button>Save</button></form></body></html>"""


def _time_floor(runs) -> Figures:
    page = engines["django"].from_string(FLOOR_PAGE)
    context = {"groups": [f"statement-{n}" for n in range(60)], "values": range(1, 6)}
    page.render(context)
    timings, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        page.render(context)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return Figures(*median_and_p95(timings), statistics.median(cpu), 0)


def _time_closing(manager, questionnaire, codes, runs) -> Figures:
    """Closing surveys of 50 handed-in responses: each timed, its queries counted (building them untimed)."""
    timings, cpu, counts = [], [], []
    for _ in range(runs):
        surveyed = _survey(manager, questionnaire, codes)
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            closing.close_round(surveyed, now=timezone.now())
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        counts.append(len(queries))
    return Figures(*median_and_p95(timings), statistics.median(cpu), max(counts))


def _survey(manager, questionnaire, codes) -> Round:
    """An open survey on a fresh alliance, with 50 responses handed in, half on each side, every statement answered."""
    alliance = _alliance(manager)
    now = timezone.now()
    held = Round.objects.create(
        alliance=alliance,
        questionnaire=questionnaire,
        kind=Round.Kind.SURVEY,
        opened_by=manager,
        opened_at=now,
        deadline=now + dt.timedelta(days=14),
    )
    invitees = Respondent.objects.bulk_create(
        Respondent(
            round=held,
            name=f"Respondent {n}",
            side=SIDES[n % 2],
            person_key=person_key(user_id=None, email=f"respondent{n}-{held.pk}@bench.invalid"),
            address_key=address_key(f"respondent{n}-{held.pk}@bench.invalid"),
            invited_at=now,
        )
        for n in range(SURVEY_RESPONDENTS)
    )
    responses = Assessment.objects.bulk_create(
        Assessment(
            alliance=alliance,
            questionnaire=questionnaire,
            round=held,
            invitee=invitee,
            status=Assessment.Status.RESPONDED,
            submitted_at=now,
        )
        for invitee in invitees
    )
    items = dict(questionnaire.items.values_list("code", "pk"))
    Answer.objects.bulk_create(
        (
            Answer(assessment=response, item_id=items[code], value=1 + (n + i) % 5)
            for n, response in enumerate(responses)
            for i, code in enumerate(codes)
        ),
        batch_size=5000,
    )
    return held


def _time(send, request_for, runs) -> Figures:
    """A warm-up request, one with its queries counted, then `runs` timed ones (their setup untimed)."""
    url, data = request_for(0)
    _check(send(url, data, secure=True))
    url, data = request_for(1)
    # Each request empties the query log as it starts: start from an empty one, or the count is cut.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        _check(send(url, data, secure=True))
    count = len(queries)  # now: the log the context reads is emptied by the requests that follow
    timings, cpu = [], []
    for i in range(2, runs + 2):
        url, data = request_for(i)
        started, cpu_started = time.perf_counter(), time.process_time()
        response = send(url, data, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        _check(response)
    return Figures(*median_and_p95(timings), statistics.median(cpu), count)


def _check(response):
    if response.status_code not in (200, 302):
        raise CommandError(f"{response.request['PATH_INFO']} answered {response.status_code}")


def _draft(manager, questionnaire, replies) -> Assessment:
    """A draft on a fresh alliance (one draft per alliance and respondent), with these answers."""
    alliance = _alliance(manager)
    opened = Round.objects.create_self(
        alliance=alliance, questionnaire=questionnaire, opened_by=manager, opened_at=timezone.now()
    )
    assessment = Assessment.objects.create(
        alliance=alliance, round=opened, respondent=manager, questionnaire=questionnaire
    )
    answering.save_answers(assessment=assessment, replies=replies)
    return assessment


def _alliance(manager) -> Alliance:
    number = Alliance.objects.count()
    return Alliance.objects.create(
        name=f"Bench alliance {number}",
        partner="Bench partner",
        business_unit="Bench",
        alliance_type=Alliance.Type.OTHER,
        region="Bench",
        start_date=timezone.localdate(),
        owner=manager,
    )


def _copy(questionnaire, copies) -> Questionnaire:
    """A draft version holding `copies` copies of every item, under new codes."""
    version = (Questionnaire.objects.aggregate(Max("version"))["version__max"] or 0) + 1
    larger = Questionnaire.objects.create(
        version=version, title=f"Benchmark: {copies} copies of v{questionnaire.version}"
    )
    Item.objects.bulk_create(
        Item(
            questionnaire=larger,
            code=f"{item.code}-{copy}",
            statement=item.statement,
            weight=item.weight,
            order=copy * 1000 + item.order,
            pattern_id=item.pattern_id,
            principle_id=item.principle_id,
            commitment_id=item.commitment_id,
        )
        for copy in range(1, copies + 1)
        for item in questionnaire.items.order_by("order", "code")
    )
    return larger
