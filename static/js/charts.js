// Draws the Plotly figures a page hands over with json_script: <div data-figure="ID of the json_script">.
// A figure's "narrow" layout (charts/style.py) is for a chart narrower than a phone's screen.
{
  const NARROW_PX = 576;
  const CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };
  const charts = Array.from(document.querySelectorAll("[data-figure]"));
  const isNarrow = (element) => element.clientWidth < NARROW_PX;
  const draw = (element) => {
    const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
    const narrow = isNarrow(element);
    element.dataset.narrow = narrow;
    // On a phone, each trace with its phone changes (figure.narrow_traces, in trace order).
    const data = narrow && figure.narrow_traces
      ? figure.data.map((trace, i) => ({ ...trace, ...figure.narrow_traces[i] }))
      : figure.data;
    return Plotly.react(element, data, narrow ? figure.narrow : figure.layout, CONFIG);
  };
  charts.forEach(draw);
  // A chart marked data-links opens the page a clicked point names first in its customdata.
  charts
    .filter((element) => element.dataset.links)
    .forEach((element) =>
      element.on("plotly_click", (event) => {
        const link = event.points[0].customdata?.[0];
        if (link) window.location.assign(link);
      }),
    );
  // Turning a phone or resizing a window across the phone width swaps the layout.
  window.addEventListener("resize", () =>
    charts.filter((element) => element.dataset.narrow !== String(isNarrow(element))).forEach(draw),
  );
  // Paper is narrower than most screens: fit the charts to the page while printing, then back.
  const PRINT_WIDTH = 640;
  window.addEventListener("beforeprint", () => charts.forEach((element) => Plotly.relayout(element, { width: PRINT_WIDTH })));
  window.addEventListener("afterprint", () =>
    charts.forEach((element) => Plotly.relayout(element, { width: null }).then(() => Plotly.Plots.resize(element))),
  );
}
