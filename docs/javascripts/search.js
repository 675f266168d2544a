// The search form's submit button opens the best match, as Enter does in the search field.
// Material answers Enter itself and never submits the form; without this, the button would
// reload the page.
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.md-search__form");
    if (!form || form.dataset.submitReady) return;
    form.dataset.submitReady = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var best = document.querySelector(".md-search-result__item [href]");
      if (best) {
        best.click();
      } else {
        form.querySelector(".md-search__input").focus();
      }
    });
  }
  if (window.document$) {
    window.document$.subscribe(init); // Material's page-load observable
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
