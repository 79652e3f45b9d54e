"""The dashboard page: who may see it, filters in the URL, the table, and a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from assessments.dashboard import table
from assessments.models import Principle
from assessments.views import dashboard as dashboard_views

from .factories import AllianceFactory, CriteriaEditorFactory, UserFactory, answers_at, submitted_assessment
from .portfolio import TODAY, build_portfolio, on

DASHBOARD = reverse("dashboard")
EXPORTS = [
    reverse("dashboard-alliances-export", args=["csv"]),
    reverse("dashboard-alliances-export", args=["xlsx"]),
    reverse("dashboard-answers-export", args=["csv"]),
    reverse("dashboard-answers-export", args=["xlsx"]),
]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)


@pytest.fixture
def world(published):
    return build_portfolio()


def board(client, query=""):
    response = client.get(DASHBOARD + query)
    assert response.status_code == 200
    return response.context["board"]


@pytest.mark.parametrize("url", [DASHBOARD, *EXPORTS])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    """The dashboard and its exports ask an anonymous visitor to sign in."""
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url", [DASHBOARD, *EXPORTS])
def test_managers_are_refused(client, manager, url):
    """Managers get a 403 on the dashboard and its exports: they have My alliances instead."""
    client.force_login(manager)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, *EXPORTS])
def test_users_without_a_role_are_refused(client, db, url):
    """A signed-in user in no group gets a 403."""
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, *EXPORTS])
def test_criteria_editors_are_refused(client, db, url):
    """Staff who only edit the criteria (no app role) get a 403."""
    client.force_login(CriteriaEditorFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(("url", "status"), [(DASHBOARD, 200), *((url, 200) for url in EXPORTS[:3]), (EXPORTS[3], 302)])
def test_executives_and_admins_get_the_dashboard(client, executive, admin_user, url, status):
    """Executives and admins (staff) see the dashboard and its exports (asked for by POST; the answers in Excel are
    queued)."""
    for user in (executive, admin_user):
        client.force_login(user)
        assert (client.post(url) if url in EXPORTS else client.get(url)).status_code == status


def test_unknown_export_format_is_not_found(client, executive):
    """Only csv and xlsx exist."""
    client.force_login(executive)
    assert client.post(reverse("dashboard-alliances-export", args=["pdf"])).status_code == 404
    assert client.post(reverse("dashboard-answers-export", args=["pdf"])).status_code == 404


def test_nav_shows_the_dashboard_to_executives_only(client, executive, manager):
    """Executives see a "Portfolio" link in the navigation; managers do not."""
    link = f'href="{DASHBOARD}">Portfolio</a>'
    client.force_login(executive)
    assert link in client.get(reverse("alliance-list")).text
    client.force_login(manager)
    assert link not in client.get(reverse("alliance-list")).text


def test_page_shows_the_headline_figures(client, executive, world):
    """The figures of tests/portfolio.py appear on the page."""
    client.force_login(executive)
    response = client.get(DASHBOARD)
    page = response.text
    assert '<p class="display-6 mb-0" data-figure-name="alliances">5</p>' in page
    assert '<p class="display-6 mb-0" data-figure-name="assessed-recently">3</p>' in page
    assert '<p class="display-6 mb-0" data-figure-name="median">62.5</p>' in page
    assert "As it stands today, 15 November 2025" in page


def test_the_figures_drawn_follow_each_change_the_page_is_kept_for(client, executive, world, monkeypatch):
    """The figures' part of the page is kept drawn, and drawn again after an alliance is created or renamed, the
    criteria change (a principle renamed) and on another day."""
    client.force_login(executive)
    alliances = '<p class="display-6 mb-0" data-figure-name="alliances">{}</p>'
    assert alliances.format(5) in client.get(DASHBOARD).text
    AllianceFactory(name="Zeta")
    assert alliances.format(6) in client.get(DASHBOARD).text
    world.alpha.name = "Alpha renamed"
    world.alpha.save()
    assert f'<a class="fw-semibold" href="/alliances/{world.alpha.pk}/">Alpha renamed</a>' in client.get(DASHBOARD).text
    assert f'<th scope="row"><a href="/alliances/{world.alpha.pk}/">Alpha renamed</a></th>' in (
        client.get(DASHBOARD).text
    )
    principle = Principle.objects.get(number=1)
    principle.name = "Trust"
    principle.save()
    assert '<abbr title="Trust">P1</abbr>' in client.get(DASHBOARD).text
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY + dt.timedelta(days=1))
    assert "As it stands today, 16 November 2025" in client.get(DASHBOARD).text


def test_filters_in_the_url_apply_to_figures_charts_and_table(client, executive, world):
    """unit=Industrial keeps Charlie and Delta in the figures, every chart and the table."""
    client.force_login(executive)
    result = board(client, "?unit=Industrial")
    assert result.headline.alliances == 2
    assert [unit.business_unit for unit in result.units] == ["Industrial"]
    assert [row.name for row in result.weakest] == ["Charlie"]
    assert result.charts["heatmap"]["layout"]["yaxis"]["ticktext"] == ["Charlie"]
    assert result.charts["stages"]["data"][0]["x"] == ["Industrial"]
    assert list(result.timeline.by_unit) == ["Industrial"]
    assert {hold.number: hold.alliances for hold in result.holding_back if hold.alliances} == {1: 1, 5: 1}
    assert [row.name for row in result.rows] == ["Charlie", "Delta"]


def test_owner_and_stage_filters_in_the_url(client, executive, world):
    """owner=<Ben> and stage=2 leave Bravo only."""
    client.force_login(executive)
    result = board(client, f"?owner={world.ben.pk}&stage=2")
    assert [row.name for row in result.rows] == ["Bravo"]
    assert result.headline.moved_down == 1


def test_as_of_in_the_url_shows_the_portfolio_at_a_past_quarter_end(client, executive, world):
    """as_of=2025-06-30 shows Bravo at Stage III and leaves out Delta, which started later."""
    client.force_login(executive)
    client_response = client.get(DASHBOARD + "?as_of=2025-06-30")
    result = client_response.context["board"]
    assert [(row.name, row.stage) for row in result.rows] == [
        ("Alpha", 1),
        ("Bravo", 3),
        ("Charlie", 1),
        ("Echo", None),
    ]
    assert result.timeline.quarters[-1] == "2025 Q2"
    assert "As it stood on 30 June 2025, the end of 2025 Q2" in client_response.text


def test_as_of_offers_every_past_quarter_end_since_the_first_assessment(client, executive, world):
    """The first assessment is from 2025 Q1, so the choices run from today back to the end of 2025 Q1."""
    client.force_login(executive)
    form = client.get(DASHBOARD).context["form"]
    assert form.fields["as_of"].choices == [
        ("", "Today"),
        ("2025-09-30", "End of 2025 Q3"),
        ("2025-06-30", "End of 2025 Q2"),
        ("2025-03-31", "End of 2025 Q1"),
    ]


def test_the_filters_offer_what_a_change_brings(client, executive, world):
    """The filters' labels are kept, yet a new alliance's unit, region and owner, and an earlier result, are offered."""
    client.force_login(executive)
    client.get(DASHBOARD)
    owner = UserFactory(username="newcomer", first_name="Nora", last_name="")
    alliance = AllianceFactory(name="Later", business_unit="Zeta unit", region="Zeta region", owner=owner)
    submitted_assessment(alliance, answers_at(2), on(2024, 11, 5))
    form = client.get(DASHBOARD).context["form"]
    assert ("Zeta unit", "Zeta unit") in form.fields["unit"].choices
    assert ("Zeta region", "Zeta region") in form.fields["region"].choices
    assert (str(owner.pk), "Nora") in form.fields["owner"].choices
    assert form.fields["as_of"].choices[-1] == ("2024-12-31", "End of 2024 Q4")


@pytest.mark.parametrize(
    "query",
    ["?unit=Nowhere", "?as_of=2025-05-01", "?stage=7", "?owner=abc"],
    ids=["unknown-unit", "not-a-quarter-end", "no-such-stage", "bad-owner"],
)
def test_bad_filters_are_reported_and_left_out(client, executive, world, query):
    """A filter value that is not a choice gets a message; the page shows the whole portfolio."""
    client.force_login(executive)
    response = client.get(DASHBOARD + query)
    assert "Some filters were not understood and are left out" in response.text
    assert response.context["board"].headline.alliances == 5


def test_table_rows_trend_and_overdue_flag(client, executive, world):
    """Each row: Alpha moved up, Bravo down; Charlie is overdue; Delta (started 1 Sep) is new; Echo has one."""
    client.force_login(executive)
    rows = board(client).rows
    assert [(row.name, row.owner, row.stage, row.trend, row.stale, row.new) for row in rows] == [
        ("Alpha", "Amira Haddad", 2, 1, False, False),
        ("Bravo", "Ben Okafor", 2, -1, False, False),
        ("Charlie", "Amira Haddad", 1, None, True, False),
        ("Delta", "Ben Okafor", None, None, False, True),
        ("Echo", "Amira Haddad", 3, None, False, False),
    ]
    assert rows[0] == table.Row(
        alliance_id=world.alpha.pk,
        name="Alpha",
        partner="Alpha Partner",
        business_unit="Consumer",
        alliance_type="Supply",
        region="EMEA",
        owner="Amira Haddad",
        stage=2,
        trend=1,
        last_assessed=on(2025, 9, 10),
        stale=False,
        new=False,
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("stage", ["Delta", "Charlie", "Alpha", "Bravo", "Echo"]),
        ("-stage", ["Echo", "Alpha", "Bravo", "Charlie", "Delta"]),
        ("trend", ["Charlie", "Delta", "Echo", "Bravo", "Alpha"]),
        ("-assessed", ["Bravo", "Alpha", "Echo", "Charlie", "Delta"]),
        ("owner", ["Alpha", "Charlie", "Echo", "Bravo", "Delta"]),
        ("-unit", ["Charlie", "Delta", "Echo", "Alpha", "Bravo"]),
        ("nonsense", ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
    ],
)
def test_table_sorts_by_any_column(client, executive, world, sort, expected):
    """Never-assessed alliances sort lowest; ties fall back to the name; an unknown sort means by name."""
    client.force_login(executive)
    assert [row.name for row in board(client, f"?sort={sort}").rows] == expected


def test_sorted_column_heading_links_to_the_reverse_order(client, executive, world):
    """The sorted column says so (aria-sort) and links to the other direction, keeping the filters."""
    client.force_login(executive)
    page = client.get(DASHBOARD + "?unit=Consumer&sort=stage").text
    assert '<th scope="col" aria-sort="ascending">' in page
    assert 'href="?unit=Consumer&amp;sort=-stage"' in page


def test_table_is_paginated(client, executive, published):
    """30 alliances make two pages of 25 and 5; page 2 holds the last five by name."""
    for n in range(30):
        AllianceFactory(name=f"Alliance {n:02d}")
    client.force_login(executive)
    result = board(client, "?page=2")
    assert result.page.paginator.num_pages == 2
    assert [row.name for row in result.rows] == [f"Alliance {n}" for n in range(25, 30)]
    # Each page, and each order, is drawn and kept on its own.
    for query, first in [
        ("", "Alliance 00"),
        ("?page=2", "Alliance 25"),
        ("?sort=-name", "Alliance 29"),
        ("", "Alliance 00"),
    ]:
        page = client.get(DASHBOARD + query).text
        assert re.findall(r'<a class="fw-semibold" href="/alliances/\d+/">([^<]+)</a>', page)[0] == first


def test_every_alliance_in_the_table_and_heatmap_links_to_its_page(client, executive, world):
    """Table rows and heatmap rows (chart and table) link to the alliance's page."""
    client.force_login(executive)
    response = client.get(DASHBOARD)
    for alliance in (world.alpha, world.bravo, world.charlie, world.delta, world.echo):
        assert f'<a class="fw-semibold" href="{alliance.get_absolute_url()}">{alliance.name}</a>' in response.text
    result = response.context["board"]
    links = [alliance.get_absolute_url() for alliance in (world.alpha, world.bravo, world.charlie, world.echo)]
    assert result.weakest_links == links
    assert [cells[0][0] for cells in result.charts["heatmap"]["data"][0]["customdata"]] == links
    assert f'<th scope="row"><a href="{links[0]}">Alpha</a></th>' in response.text


def test_alliance_names_are_escaped(client, executive, published):
    """A name typed with markup shows as text in the table and the chart data."""
    alliance = AllianceFactory(name="<b>Bold</b>")
    submitted_assessment(alliance, answers_at(2), on(2025, 10, 1))
    client.force_login(executive)
    page = client.get(DASHBOARD).text
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_query_count_does_not_grow_with_the_portfolio(client, executive, world, django_assert_num_queries):
    """After a change 67 queries, 5 alliances or 15 (labels, figures and the history of the quarters gone by worked
    out and kept, the view remembered for the queue's refresh; the figures' part of the page, the table's rows and
    the action plans' card drawn and kept), another view 58, then 17 (all read back)."""
    client.force_login(executive)
    client.get(DASHBOARD)  # sessions and the like settle on the first request
    with django_assert_num_queries(17):
        client.get(DASHBOARD)
    with django_assert_num_queries(58):
        client.get(DASHBOARD + "?as_of=2025-09-30&region=EMEA")
    for n in range(10):
        alliance = AllianceFactory(name=f"More {n}")
        submitted_assessment(alliance, answers_at(1 + n % 3), on(2025, 8, 1 + n))
        submitted_assessment(alliance, answers_at(1 + (n + 1) % 3), on(2025, 10, 1 + n))
    with django_assert_num_queries(67):
        client.get(DASHBOARD)
    with django_assert_num_queries(17):
        client.get(DASHBOARD)


@pytest.mark.parametrize(
    ("started", "stale", "new"),
    [
        (dt.date(2025, 6, 30), True, False),
        (dt.date(2025, 7, 1), False, True),
        (dt.date(2025, 11, 15), False, True),
    ],
    ids=["day-before-the-two-quarters", "first-day-of-the-two-quarters", "started-today"],
)
def test_an_alliance_is_overdue_only_once_two_quarters_old(client, executive, published, started, stale, new):
    """Not assessed: started before 1 July 2025 (2025 Q3, Q4 being today's) it is overdue, since then it is new."""
    AllianceFactory(name="Fresh", start_date=started)
    client.force_login(executive)
    page = client.get(DASHBOARD)
    [row] = page.context["board"].rows
    assert (row.stale, row.new) == (stale, new)
    # Each badge shows once in the table's explanation, then twice in a flagged row: in its own
    # column on wide screens and under the alliance's name on phones.
    assert page.text.count('<span class="badge text-bg-info">New</span>') == 1 + 2 * new
    assert page.text.count('<span class="badge text-bg-danger">Overdue</span>') == 1 + 2 * stale


def test_alliances_not_started_by_the_day_shown_are_left_out(client, executive, world):
    """Today leaves out an alliance starting tomorrow; at the end of 2025 Q2 Delta (started 1 Sep) is left out too.

    Then Echo (started 15 Jan 2025, first assessed in August) counts as new: it began within 2025 Q1-Q2.
    """
    AllianceFactory(name="Future", start_date=dt.date(2025, 11, 16))
    client.force_login(executive)
    assert [row.name for row in board(client).rows] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    as_of = board(client, "?as_of=2025-06-30")
    assert [row.name for row in as_of.rows] == ["Alpha", "Bravo", "Charlie", "Echo"]
    assert as_of.headline.alliances == 4
    assert [(row.name, row.stale, row.new) for row in as_of.rows] == [
        ("Alpha", False, False),
        ("Bravo", False, False),
        ("Charlie", False, False),
        ("Echo", False, True),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?unit=Healthcare", "(0 alliances are below Stage III)"),
        ("?unit=Industrial", "(1 alliance is below Stage III)"),
        ("?unit=Consumer", "(2 alliances are below Stage III)"),
    ],
)
def test_holding_back_counts_alliances_in_words_that_agree(client, executive, world, query, expected):
    """Healthcare: Echo at III; Industrial: Charlie at I (Delta not assessed); Consumer: Alpha and Bravo at II."""
    client.force_login(executive)
    assert expected in client.get(DASHBOARD + query).text


def test_heatmap_says_what_each_principle_number_stands_for(client, executive, world):
    """Under the heatmap a key names P1 to P10, and the table's headings carry the names for screen readers."""
    client.force_login(executive)
    page = client.get(DASHBOARD).text
    names = dict(Principle.objects.values_list("number", "name"))
    for number, name in names.items():
        assert f'<li class="col pe-2"><span class="fw-semibold">P{number}</span> {name}</li>' in page
        assert f'<abbr title="{name}">P{number}</abbr><span class="visually-hidden"> {name}</span>' in page


NO_DATA = "No data to show for these filters."


def test_charts_without_data_in_the_view_all_say_so_the_same_way(client, executive, world):
    """Among the not assessed (Delta) the timeline, heatmap and holding-back charts show one message; stages draw."""
    client.force_login(executive)
    page = client.get(DASHBOARD + "?stage=none").text
    assert page.count(NO_DATA) == 3
    assert 'data-figure="figure-stages"' in page
    for figure in ("figure-timeline", "figure-heatmap", "figure-holding-back"):
        assert f'data-figure="{figure}"' not in page


def test_charts_with_data_show_no_empty_message(client, executive, world):
    """With assessed alliances in view, all four charts are drawn and none says it has no data."""
    client.force_login(executive)
    page = client.get(DASHBOARD).text
    assert NO_DATA not in page
    for figure in ("figure-stages", "figure-timeline", "figure-heatmap", "figure-holding-back"):
        assert f'data-figure="{figure}"' in page


def test_holding_back_without_any_alliance_held_back_says_no_data(client, executive, world):
    """Healthcare holds only Echo at Stage III, which nothing holds back: that chart alone shows the message."""
    client.force_login(executive)
    page = client.get(DASHBOARD + "?unit=Healthcare").text
    assert page.count(NO_DATA) == 1
    assert 'data-figure="figure-holding-back"' not in page


def test_on_a_phone_the_table_keeps_only_the_main_columns(client, executive, world):
    """Partner, unit, type, region and owner need 1200 px (xl); below it the partner shows under the name.
    Trend and last assessment need 768 px (md); below it they move under the stage and the name."""
    client.force_login(executive)
    page = client.get(DASHBOARD).text
    assert page.count('<th scope="col" class="d-none d-xl-table-cell">') == 5
    assert page.count('<th scope="col" class="d-none d-md-table-cell"') == 2
    assert '<span class="d-block d-xl-none small text-body-secondary">Alpha Partner</span>' in page


def test_apply_filters_leads_to_the_short_address_without_empty_parameters(client, executive, world):
    """The filter form sends every select; the server redirects to the address with the chosen ones only."""
    client.force_login(executive)
    response = client.get(DASHBOARD + "?business_unit=&alliance_type=&region=EMEA&stage=&owner=&as_of=")
    assert (response.status_code, response.url) == (302, DASHBOARD + "?region=EMEA")
    response = client.get(DASHBOARD + "?business_unit=&as_of=")
    assert (response.status_code, response.url) == (302, DASHBOARD)
    assert client.get(DASHBOARD + "?region=EMEA").status_code == 200


def test_an_empty_dashboard_offers_no_downloads(client, executive, published):
    """No alliance: no download links; alliances never assessed: the table's, but no answers to download."""
    client.force_login(executive)
    page = client.get(DASHBOARD).content.decode()
    assert [url for url in EXPORTS if url in page] == []
    AllianceFactory()
    page = client.get(DASHBOARD).content.decode()
    assert [url for url in EXPORTS if url in page] == EXPORTS[:2]
