// Glossary tooltips for keyboard users: Material shows an abbreviation's tooltip on hover and
// on focus, but <abbr> cannot take focus. Make the first use of each term on a page focusable
// (one tab stop per term, not one per occurrence).
(function () {
  "use strict";
  function init() {
    var seen = {};
    document.querySelectorAll("article abbr").forEach(function (abbr) {
      var term = abbr.textContent.trim();
      if (seen[term]) return;
      seen[term] = true;
      abbr.tabIndex = 0;
    });
  }
  if (window.document$) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
