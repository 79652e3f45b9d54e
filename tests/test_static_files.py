"""Static files: plotly.min.js alone from plotly's package, compressed and hashed on the local run too."""

from django.contrib.staticfiles import finders
from django.utils import timezone

from assessments import answering
from assessments.static_files import PlotlyFinder

from .factories import AllianceFactory
from .test_deploy_settings import manage


def test_only_plotly_min_js_is_collected_from_the_plotly_package():
    """The finder lists the one file and finds it under plotly/; any other path of the package is not found."""
    finder = PlotlyFinder()
    assert [(path, storage.prefix) for path, storage in finder.list([])] == [("plotly.min.js", "plotly")]
    assert finders.find("plotly/plotly.min.js").endswith("plotly/package_data/plotly.min.js")
    assert finder.find("plotly/package_data/plotly.min.js") is None
    assert finder.find("plotly/plotly.min.js", find_all=True) == [finder.storage.path("plotly.min.js")]


def test_the_local_run_serves_what_collectstatic_compressed():
    """With DEBUG on, as `make run` has it, static files come from the compressed manifest storage, not the finders."""
    done = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.STORAGES['staticfiles']['BACKEND'], s.WHITENOISE_USE_FINDERS)",
        DEBUG="on",
    )
    assert done.stdout.split() == ["whitenoise.storage.CompressedManifestStaticFilesStorage", "False"], done.stderr


def test_pages_without_charts_load_no_chart_code(client, manager, published):
    """My alliances, a new alliance's form and a section page load neither plotly.js nor the charts' script."""
    alliance = AllianceFactory(owner=manager)
    draft = answering.start_assessment(alliance=alliance, respondent=manager, now=timezone.now())
    client.force_login(manager)
    pages = ["/alliances/", "/alliances/new/", f"/assessments/{draft.pk}/section/s1-p1/"]
    bodies = {page: client.get(page).content.decode() for page in pages}
    assert [page for page, body in bodies.items() if "plotly" in body or "charts.js" in body] == []
