// Draws every chart of a page (the course site, built by scripts/site.mjs): each `div.lr2nn-chart` has its figure
// beside it as JSON (`script.lr2nn-figure`, the notebook's application/vnd.plotly.v1+json output: data, layout,
// config and, for animations, frames). plotly.js comes from assets/plotly.min.js, loaded once per page before this
// file. When done, <body data-charts-drawn="N" data-charts-failed="M"> tells a test (and a curious reader) so.
(function () {
  "use strict";
  function message(div, text) {
    var p = document.createElement("p");
    p.className = "chart-message";
    p.textContent = text;
    div.innerHTML = "";
    div.appendChild(p);
  }
  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("script.lr2nn-figure"));
    var drawn = 0;
    var failed = 0;
    function done() {
      document.body.setAttribute("data-charts-drawn", String(drawn));
      document.body.setAttribute("data-charts-failed", String(failed));
    }
    function next(k) {
      if (k >= figures.length) return done();
      var script = figures[k];
      var div = document.getElementById(script.getAttribute("data-for"));
      if (!div) {
        failed++;
        return next(k + 1);
      }
      if (!window.Plotly) {
        message(div, "This chart could not be drawn: assets/plotly.min.js did not load.");
        failed++;
        return next(k + 1);
      }
      var fig;
      try {
        fig = JSON.parse(script.textContent);
        div.innerHTML = "";
      } catch (e) {
        message(div, "This chart could not be drawn: " + e);
        failed++;
        return next(k + 1);
      }
      // One chart at a time, each after the page had a chance to paint: a long chapter stays responsive.
      window.Plotly.newPlot(div, fig).then(
        function () {
          drawn++;
          setTimeout(function () { next(k + 1); }, 0);
        },
        function (e) {
          console.error(e);
          message(div, "This chart could not be drawn: " + e);
          failed++;
          setTimeout(function () { next(k + 1); }, 0);
        }
      );
    }
    next(0);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
