// Draws each dashboard chart from the figure JSON the page carries (json_script), and makes
// heatmap cells open the alliance they belong to.
document.querySelectorAll("[data-figure]").forEach((element) => {
  const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  Plotly.newPlot(element, figure.data, figure.layout, {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  });
  if (element.dataset.links) {
    element.on("plotly_click", (event) => {
      const link = event.points[0].customdata[0];
      if (link) window.location.assign(link);
    });
  }
});
