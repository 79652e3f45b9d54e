// Draws the Plotly figures a page hands over with json_script: <div data-figure="ID of the json_script">.
document.querySelectorAll("[data-figure]").forEach((element) => {
  const figure = JSON.parse(document.getElementById(element.dataset.figure).textContent);
  Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false, displayModeBar: false });
});
