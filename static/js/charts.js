// Draws the Plotly figures a page hands over with json_script: <div data-figure="ID of the json_script">.
{
  const charts = Array.from(document.querySelectorAll("[data-figure]"));
  charts.forEach((element) => {
    const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false, displayModeBar: false });
  });
  // Paper is narrower than most screens: fit the charts to the page while printing, then back.
  const PRINT_WIDTH = 640;
  window.addEventListener("beforeprint", () => charts.forEach((element) => Plotly.relayout(element, { width: PRINT_WIDTH })));
  window.addEventListener("afterprint", () =>
    charts.forEach((element) => Plotly.relayout(element, { width: null }).then(() => Plotly.Plots.resize(element))),
  );
}
