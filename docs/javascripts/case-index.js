// Filters for the case index. Without JavaScript the table is complete; this only hides rows.
(function () {
  "use strict";

  function setUp(container) {
    var table = container.querySelector("table");
    if (!table || container.dataset.filterReady) return;
    container.dataset.filterReady = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var columns = ["Role", "Presentation", "Difficulty", "Outcome"];
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) {
      return c.textContent.trim();
    });

    // Not a <form>: the rows are filtered as you type, and there is nothing to submit.
    var form = document.createElement("div");
    form.className = "case-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter cases");

    var text = field(form, "Search", "input");
    text.type = "search";
    text.placeholder = "title or theme";

    var selects = columns.map(function (name) {
      var index = heads.indexOf(name);
      var select = field(form, name, "select");
      var values = {};
      rows.forEach(function (row) {
        row.cells[index].textContent.split(" and ").forEach(function (v) {
          values[v.trim()] = true;
        });
      });
      option(select, "", "Any");
      Object.keys(values).sort().forEach(function (v) { option(select, v, v); });
      return { select: select, index: index };
    });

    var status = document.createElement("p");
    status.className = "case-filter__status";
    status.setAttribute("aria-live", "polite");
    container.insertBefore(form, container.firstChild);
    container.insertBefore(status, form.nextSibling);

    function apply() {
      var query = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
        selects.forEach(function (s) {
          var want = s.select.value;
          if (want && row.cells[s.index].textContent.split(" and ").map(function (v) {
            return v.trim();
          }).indexOf(want) === -1) ok = false;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " cases shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    apply();
  }

  function field(form, label, tag) {
    var id = "case-filter-" + label.toLowerCase();
    var wrap = document.createElement("span");
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    var control = document.createElement(tag);
    control.id = id;
    wrap.appendChild(l);
    wrap.appendChild(control);
    form.appendChild(wrap);
    return control;
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function init() {
    document.querySelectorAll(".case-index").forEach(setUp);
  }
  if (window.document$) {
    window.document$.subscribe(init); // Material's page-load observable
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
