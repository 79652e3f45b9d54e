// Draws each dashboard chart from the figure JSON the page carries (json_script), in its phone
// layout when narrow (charts/style.py), and makes heatmap cells open the alliance they belong to.
const CONFIG = { displaylogo: false, displayModeBar: false, responsive: true };
document.querySelectorAll("[data-figure]").forEach((element) => {
  const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  const layout = () => (element.clientWidth < 576 ? figure.narrow : figure.layout);
  let drawn = layout();
  Plotly.newPlot(element, figure.data, drawn, CONFIG);
  window.addEventListener("resize", () => {
    if (layout() !== drawn) Plotly.react(element, figure.data, (drawn = layout()), CONFIG);
  });
  if (element.dataset.links) {
    element.on("plotly_click", (event) => {
      const link = event.points[0].customdata[0];
      if (link) window.location.assign(link);
    });
  }
});
