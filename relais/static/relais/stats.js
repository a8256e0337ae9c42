// Infos et statistiques: draw each chart from the JSON beside its canvas. The
// same figures are in the data table under each chart, so nothing depends on this.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) return;
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    config.options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 300 },
      ...config.options,
    };
    new window.Chart(canvas, config);
  });
});
