/* The assignment pack page (supervision/pack/, supervisor edition only: this file is in the
 * supervision folder, which the trainee edition leaves out, and only that page loads it).
 *
 * On "Print the pack": fetches each chosen exercise's assignment sheet from this site (a
 * same-origin GET of the page its checkbox names; nothing is sent), takes the sheet's content,
 * gives every id in it, and every reference to one, a prefix of its own so that no id is
 * repeated on the page, writes the trainee's name and the due date into the sheet's
 * [data-sheet-field] slots (as `ditbook pdf --sheets` does), puts the sheets in #pack-sheets
 * (shown on paper only, each sheet from a new page: supervision.css) and opens the print
 * dialog. With nothing chosen, or when a sheet cannot be read, it says so in the live region
 * and changes nothing else. Runs on each of Material's page loads (document$); the form is set
 * up once.
 */
(function () {
  "use strict";

  // Attributes whose value is a list of ids (space-separated), and those that hold an address.
  var ID_LISTS = [
    "for", "headers", "list", "form", "popovertarget", "aria-activedescendant",
    "aria-controls", "aria-describedby", "aria-details", "aria-errormessage", "aria-flowto",
    "aria-labelledby", "aria-owns",
  ];
  var ADDRESSES = ["href", "xlink:href", "src", "poster", "action", "cite"];
  var URL_REF = /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g;

  function init() {
    var form = document.getElementById("pack-form");
    if (!form || form.dataset.packReady || !window.DitFiles) {
      return;
    }
    form.dataset.packReady = "1";
    var message = document.getElementById("pack-message");
    var pack = document.getElementById("pack-sheets");
    var busy = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name='exercise']"));
      var chosen = boxes.filter(function (box) { return box.checked; });
      if (!chosen.length) {
        window.DitFiles.say(message, "failure", "Nothing to print",
          "Choose at least one exercise first. Nothing was printed.");
        boxes[0].focus();
        return;
      }
      var fields = {
        name: form.elements.namedItem("name").value.trim(),
        due: form.elements.namedItem("due").value.trim(),
      };
      var ids = chosen.map(function (box) { return box.value; });
      busy = true;
      window.DitFiles.say(message, "info", "Preparing the pack",
        "Reading " + ids.length + " sheet" + (ids.length === 1 ? "" : "s") + ": " +
        ids.join(", ") + ".");
      Promise.all(chosen.map(function (box) { return fetchSheet(box.value, box.dataset.sheet); }))
        .then(function (results) {
          busy = false;
          var failed = results.filter(function (r) { return r.error; });
          if (failed.length) {
            window.DitFiles.say(message, "failure", "The pack was not printed",
              failed.map(function (r) { return r.error; }).join(" ") +
              " Nothing was printed, and nothing on this page has changed.");
            return;
          }
          var sheets = results.map(function (r, i) {
            return sheetSection(r, "pack-" + (i + 1) + "-", fields);
          });
          pack.replaceChildren.apply(pack, sheets);
          window.DitFiles.say(message, "success", "The pack is ready",
            "The print dialog shows " + ids.length + " sheet" + (ids.length === 1 ? "" : "s") +
            " (" + ids.join(", ") + ")" + who(fields) +
            (ids.length > 1 ? ", each from a new page" : "") + ". Choose " +
            "\u201cSave as PDF\u201d there to keep the pack as a file.");
          window.print();
        });
    });
  }

  function who(fields) {
    var parts = [];
    if (fields.name) {
      parts.push("for " + fields.name);
    }
    if (fields.due) {
      parts.push("due " + fields.due);
    }
    return parts.length ? ", " + parts.join(", ") : "";
  }

  // {id, url, content} with the sheet's content (a detached element), or {error}.
  function fetchSheet(id, address) {
    var url;
    try {
      url = new URL(address, window.location.href);
    } catch (err) {
      url = null;
    }
    if (!url || url.origin !== window.location.origin || url.protocol === "file:") {
      return Promise.resolve({ error: "The sheet for " + id + " can be read only when the " +
        "handbook is served from a web server (the command line prints the same pack)." });
    }
    return fetch(url.href, { mode: "same-origin", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          return { error: "The sheet for " + id + " could not be read (the server answered " +
            response.status + ")." };
        }
        return response.text().then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var article = doc.querySelector("article.md-content__inner");
          var title = article && article.querySelector("h1");
          if (!title || !article.querySelector("[data-sheet-field]")) {
            return { error: "The page for " + id + " is not an assignment sheet." };
          }
          return { id: id, url: url.href, content: article };
        });
      }, function () {
        return { error: "The sheet for " + id + " could not be read (no answer from the " +
          "server)." };
      });
  }

  // One sheet for the pack: its content, with its ids prefixed and its fields filled in.
  function sheetSection(sheet, prefix, fields) {
    var section = document.createElement("section");
    section.className = "pack-sheet";
    section.dataset.exercise = sheet.id;
    var content = sheet.content;
    content.querySelectorAll("script, noscript, template").forEach(function (el) {
      el.remove();
    });
    while (content.firstChild) {
      section.appendChild(document.adoptNode(content.firstChild));
    }
    prefixIds(section, prefix, sheet.url);
    var title = section.querySelector("h1");
    if (title && title.id) {
      section.setAttribute("aria-labelledby", title.id);
    }
    Object.keys(fields).forEach(function (name) {
      if (!fields[name]) {
        return;
      }
      section.querySelectorAll("[data-sheet-field='" + name + "']").forEach(function (slot) {
        slot.textContent = fields[name];
        slot.classList.add("is-filled");
      });
    });
    return section;
  }

  /* Every id under `root` gets `prefix`; every reference to one of them (an id list such as
   * for= or aria-labelledby=, href="#id", SVG's url(#id) and href/xlink:href) follows it. A
   * reference to an id the sheet does not have is dropped (an id list) or made to point at the
   * sheet's own page (an address), and every other relative address is made absolute from the
   * sheet's page, so that nothing in the pack points at this page by mistake. */
  function prefixIds(root, prefix, base) {
    var elements = [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
    var ids = {};
    elements.forEach(function (el) {
      if (el.id) {
        ids[el.id] = prefix + el.id;
      }
    });
    elements.forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        var name = attr.name.toLowerCase();
        var value = attr.value;
        var next = value;
        if (name === "id") {
          next = ids[value] || value;
        } else if (ID_LISTS.indexOf(name) >= 0) {
          next = value.split(/\s+/).filter(function (token) {
            return Object.prototype.hasOwnProperty.call(ids, token);
          }).map(function (token) { return ids[token]; }).join(" ");
          if (!next) {
            el.removeAttributeNode(attr);
            return;
          }
        } else if (ADDRESSES.indexOf(name) >= 0) {
          next = address(value, ids, base);
        }
        if (next.indexOf("url(") >= 0) {
          next = next.replace(URL_REF, function (whole, quote, id) {
            return ids[id] ? "url(" + quote + "#" + ids[id] + quote + ")" : whole;
          });
        }
        if (next !== value) {
          attr.value = next;
        }
      });
      if (el.tagName.toLowerCase() === "style") {
        el.textContent = el.textContent.replace(URL_REF, function (whole, quote, id) {
          return ids[id] ? "url(" + quote + "#" + ids[id] + quote + ")" : whole;
        });
      }
    });
  }

  function address(value, ids, base) {
    var trimmed = value.trim();
    if (trimmed.charAt(0) === "#") {
      var target = trimmed.slice(1);
      try {
        target = decodeURIComponent(target);
      } catch (err) {
        /* not percent-encoded */
      }
      if (ids[target]) {
        return "#" + ids[target];
      }
    }
    if (/^(data|blob|mailto|tel):/i.test(trimmed)) {
      return value;
    }
    try {
      return new URL(trimmed, base).href;
    } catch (err) {
      return value;
    }
  }

  window.DitFiles.onPageLoad(init);
})();
