// Small screens: the header's menu and the filter panels that hold no active filter start
// folded, so the page's own content comes first. The server sends them open, so without
// JavaScript, and in browsers that cannot lay out a closed <details> as a row (Firefox ESR,
// older Safari), everything stays visible. From 48rem on they are open and show as a row.
(function () {
  "use strict";
  var small = window.matchMedia("(max-width: 47.99rem)");
  function fit() {
    var panels = document.querySelectorAll("details[data-fold-small]");
    for (var i = 0; i < panels.length; i++) {
      panels[i].open = !small.matches;
      // From now on the panel shows as its open state says (site.css shows it folded until then).
      panels[i].setAttribute("data-fitted", "");
    }
  }
  fit();
  if (small.addEventListener) {
    small.addEventListener("change", fit);
  }
})();
