/* The IPAF worksheet (workbook/worksheet/).
 *
 * Keeps the answers in this browser only (localStorage, one key per exercise), restores them
 * on load, and clears, downloads (as a Markdown file made in the page) or prints them. For an
 * exercise it also asks each of the exercise's prompts, saves the answers as a submission file
 * for the supervisor, and opens the feedback file that comes back (both checked by
 * dit-files.js against the formats' schemas; a refused file changes nothing on the page).
 * No libraries and no network: it also works when the site is opened from file://. It uses
 * dit-files.js, loaded before it on every page.
 * The script is loaded on every page and does nothing where there is no worksheet form. Like
 * the site's other scripts it runs on each of Material's page loads (document$), so it also
 * works with instant navigation; each form is set up once.
 */
(function () {
  "use strict";

  var element = window.DitFiles.element; // plain text, never markup

  var FORM_ID = "worksheet-form";
  var KEY_PREFIX = "dit-worksheet:";
  var FREE_KEY = KEY_PREFIX + "free";
  var SAVE_DELAY_MS = 400;
  var PROMPT_PREFIX = "prompt:";
  var WORKSHEET_FIELDS = [
    "self", "other", "affect_felt", "affect_less_conscious", "defensive_function",
    "recurrence", "symptoms", "wording", "notes",
  ];
  var LEVEL_NAMES = ["not yet", "partly", "meets"];

  // The worksheet on the current page: {form, flush, mirrorAll}, or null.
  var active = null;

  window.addEventListener("pagehide", function () {
    if (active) {
      active.flush();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (active && document.visibilityState === "hidden") {
      active.flush();
    }
  });
  window.addEventListener("beforeprint", function () {
    if (active) {
      active.mirrorAll();
    }
  });

  function init() {
    // Instant navigation replaced the page: keep what was typed on the one left behind.
    if (active && !document.body.contains(active.form)) {
      active.flush();
      active = null;
    }
    var form = document.getElementById(FORM_ID);
    if (!form || form.dataset.worksheetReady) {
      return;
    }
    form.dataset.worksheetReady = "1";
    // The print page of the whole handbook repeats the form: there it is a blank sheet.
    if (form.closest(".print-page")) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
      });
      return;
    }
    start(form);
  }

  function start(form) {
    var exercise = showExercise(document.getElementById("worksheet-exercise"));
    if (exercise) {
      addPromptFields(document.getElementById("worksheet-prompts"), exercise);
    }
    var fields = Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") &&
        el.type !== "file";
    });
    var notice = form.querySelector(".worksheet-notice");
    var noticeText = form.querySelector(".worksheet-notice__text") || notice;
    var saved = form.querySelector(".worksheet-saved");
    var exerciseField = form.elements.namedItem("exercise");
    var storage = openStorage();
    var fileMessage = form.querySelector(".worksheet-file-message");
    var schemas = window.DitFiles.readJson("dit-file-schemas");
    var key = exercise ? KEY_PREFIX + exercise.id : FREE_KEY;
    var timer = null;

    if (!storage) {
      showNotice(
        "This browser is not letting the page store anything here, so your answers " +
          "will not be kept. You can still type, download and print them."
      );
    }

    restore();
    if (exercise && exerciseField) {
      exerciseField.value = exercise.id;
      exerciseField.readOnly = true;
      var hint = document.getElementById("ws-exercise-hint");
      if (hint) {
        hint.textContent = "Set by the exercise link you opened.";
      }
    }
    fields.forEach(mirror);

    form.addEventListener("input", function (event) {
      mirror(event.target);
      scheduleSave();
    });
    form.addEventListener("change", function (event) {
      mirror(event.target);
      saveNow();
    });
    // "Save now", or Enter in a one-line field: answers are saved as you type anyway.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fields.forEach(mirror);
      saveNow();
      if (storage && isEmpty(values())) {
        setSaved("Nothing typed yet, so nothing to save.");
      }
    });
    active = {
      form: form,
      flush: flush,
      mirrorAll: function () {
        fields.forEach(mirror);
      },
    };

    var actions = form.querySelector(".worksheet-actions");
    actions.hidden = false;
    if (exercise && schemas && window.DitFiles) {
      actions.querySelector("[data-worksheet-action='submission']").hidden = false;
      startFeedback(document.getElementById("worksheet-feedback"));
    }
    actions.addEventListener("click", function (event) {
      var button = event.target.closest("[data-worksheet-action]");
      if (!button) {
        return;
      }
      var action = button.getAttribute("data-worksheet-action");
      if (action === "clear") {
        clearAll();
      } else if (action === "download") {
        download();
      } else if (action === "submission") {
        fields.forEach(mirror);
        saveSubmission();
      } else if (action === "print") {
        fields.forEach(mirror);
        window.print();
      }
    });

    // -----------------------------------------------------------------------------------------

    function values() {
      var data = {};
      fields.forEach(function (field) {
        data[field.name] = field.value;
      });
      return data;
    }

    function isEmpty(data) {
      return fields.every(function (field) {
        return field === exerciseField && exercise ? true : !data[field.name];
      });
    }

    function restore() {
      if (!storage) {
        return;
      }
      var stored = null;
      try {
        stored = JSON.parse(storage.getItem(key) || "null");
      } catch (err) {
        stored = null;
      }
      var answers = stored && typeof stored === "object" ? stored.fields : null;
      if (!answers || typeof answers !== "object") {
        return;
      }
      fields.forEach(function (field) {
        var value = answers[field.name];
        if (typeof value === "string") {
          field.value = value;
        }
      });
      if (stored.saved) {
        setSaved("Restored your answers, last saved " + when(stored.saved) + ".");
      }
    }

    function scheduleSave() {
      window.clearTimeout(timer);
      timer = window.setTimeout(saveNow, SAVE_DELAY_MS);
    }

    function flush() {
      if (timer !== null) {
        saveNow();
      }
    }

    function saveNow() {
      window.clearTimeout(timer);
      timer = null;
      if (!storage) {
        return;
      }
      var data = values();
      try {
        if (isEmpty(data)) {
          storage.removeItem(key);
          setSaved("");
        } else {
          var now = new Date().toISOString();
          storage.setItem(key, JSON.stringify({ version: 1, saved: now, fields: data }));
          setSaved("Saved in this browser " + when(now) + ".");
        }
      } catch (err) {
        showNotice(
          "Your latest changes could not be stored in this browser (it may be full or " +
            "blocking storage). Download your answers to keep them."
        );
      }
    }

    function clearAll() {
      var ok = window.confirm(
        "Clear every answer on this worksheet? They are deleted from this browser and " +
          "cannot be brought back."
      );
      if (!ok) {
        return;
      }
      window.clearTimeout(timer);
      timer = null;
      fields.forEach(function (field) {
        if (!field.readOnly) {
          field.value = "";
        }
        mirror(field);
      });
      if (storage) {
        try {
          storage.removeItem(key);
        } catch (err) {
          /* nothing stored, nothing to remove */
        }
      }
      setSaved("Cleared.");
      var first = fields.filter(function (field) {
        return !field.readOnly;
      })[0];
      if (first) {
        first.focus();
      }
    }

    function download() {
      var lines = ["# IPAF worksheet", ""];
      if (exercise) {
        lines.push("Exercise " + exercise.id + ": " + exercise.title, "");
      }
      fields.forEach(function (field) {
        var value = field.value.replace(/\s+$/, "");
        lines.push("## " + labelOf(field), "", value || "*(left blank)*", "");
      });
      var blob = new Blob([lines.join("\n")], { type: "text/markdown;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = exercise
        ? "ipaf-worksheet-" + exercise.id.toLowerCase() + ".md"
        : "ipaf-worksheet.md";
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 10000);
    }

    // The answers as a submission file (dit-submission), checked before it is offered.
    function saveSubmission() {
      var answers = {};
      exercise.prompts.forEach(function (prompt) {
        answers[prompt[0]] = form.elements.namedItem(PROMPT_PREFIX + prompt[0]).value;
      });
      var data = {
        format: "dit-submission",
        version: window.DitFiles.VERSION,
        exercise_id: exercise.id,
        exercise_title: exercise.title,
      };
      var trainee = form.elements.namedItem("trainee");
      if (trainee && trainee.value.trim()) {
        data.trainee = trainee.value.trim();
      }
      data.saved_at = window.DitFiles.nowStamp();
      data.answers = answers;
      var sheet = {};
      WORKSHEET_FIELDS.forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value.trim()) {
          sheet[name] = field.value;
        }
      });
      if (Object.keys(sheet).length) {
        data.worksheet = sheet;
      }
      var text = JSON.stringify(data, null, 2) + "\n";
      var checked = window.DitFiles.checkText(
        text, schemas["dit-submission"], "dit-submission", exercise.id
      );
      if (checked.error) {
        fileMessage.textContent = "Your answers were not saved to a file. " + checked.error +
          " Remove anything that looks like markup (a < right before a letter) and try again.";
        return;
      }
      window.DitFiles.download("submission-" + exercise.id.toLowerCase() + ".json", text);
      fileMessage.textContent = "Saved your answers to the file submission-" +
        exercise.id.toLowerCase() + ".json. Send it to your supervisor.";
    }

    // "Open feedback": check the file, and only then show it beside the answers.
    function startFeedback(section) {
      if (!section) {
        return;
      }
      section.hidden = false;
      var input = section.querySelector("input[type=file]");
      var message = section.querySelector(".worksheet-feedback__message");
      var result = section.querySelector(".worksheet-feedback__result");
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) {
          return;
        }
        window.DitFiles.readFile(file, schemas["dit-feedback"], "dit-feedback", exercise.id)
          .then(function (read) {
            if (read.error) {
              window.DitFiles.say(message, "failure", "Feedback not opened",
                read.error + " Nothing on this page has changed.");
              return;
            }
            fields.forEach(mirror);
            var shown = feedbackView(read.data);
            result.replaceChildren(shown);
            window.DitFiles.say(message, "success", "Feedback opened",
              "Feedback on " + exercise.id + ": " + read.data.total + " of " +
              read.data.maximum + ". It is shown below, beside your answers.");
          }, function () {
            window.DitFiles.say(message, "failure", "Feedback not opened",
              "The file could not be read. Nothing on this page has changed.");
          });
      });
    }

    function feedbackView(data) {
      var box = document.createElement("div");
      var summary = element("p", "Total: " + data.total + " of " + data.maximum + ". " +
        (data.supervisor ? "Marked by " + data.supervisor + ". " : "") +
        "Levels: 0 not yet, 1 partly, 2 meets.");
      summary.className = "worksheet-feedback__total";
      box.appendChild(summary);
      exercise.prompts.forEach(function (prompt, index) {
        var marks = data.criteria.filter(function (c) { return c.prompt === prompt[0]; });
        var comment = data.prompt_comments[prompt[0]];
        var article = document.createElement("article");
        article.className = "worksheet-feedback__prompt";
        article.appendChild(element("h3", (index + 1) + ". " + prompt[1]));
        var pair = document.createElement("div");
        pair.className = "worksheet-feedback__pair";
        var mine = document.createElement("div");
        mine.appendChild(element("h4", "Your answer"));
        var answer = form.elements.namedItem(PROMPT_PREFIX + prompt[0]).value;
        var answerText = element("p", answer.trim() ? answer : "(left blank)");
        answerText.className = "worksheet-feedback__text";
        mine.appendChild(answerText);
        var theirs = document.createElement("div");
        theirs.appendChild(element("h4", "Supervisor's feedback"));
        if (marks.length) {
          var list = document.createElement("ul");
          marks.forEach(function (mark) {
            var item = document.createElement("li");
            var strong = element("strong", mark.criterion + ": ");
            item.appendChild(strong);
            item.appendChild(document.createTextNode(
              "level " + mark.level + " of 2, " + LEVEL_NAMES[mark.level] + "."));
            if (mark.comment) {
              item.appendChild(document.createTextNode(" " + mark.comment));
            }
            list.appendChild(item);
          });
          theirs.appendChild(list);
        }
        if (comment) {
          var note = element("p", comment);
          note.className = "worksheet-feedback__text";
          theirs.appendChild(note);
        }
        if (!marks.length && !comment) {
          theirs.appendChild(element("p", "No marks or comments on this prompt."));
        }
        pair.appendChild(mine);
        pair.appendChild(theirs);
        article.appendChild(pair);
        box.appendChild(article);
      });
      if (data.overall) {
        box.appendChild(element("h3", "Overall"));
        var overall = element("p", data.overall);
        overall.className = "worksheet-feedback__text";
        box.appendChild(overall);
      }
      if (data.model_answer) {
        var model = document.createElement("div");
        model.className = "admonition example";
        var title = element("p", "Model answer");
        title.className = "admonition-title";
        model.appendChild(title);
        data.model_answer.split(/\n\s*\n/).forEach(function (para) {
          if (para.trim()) {
            model.appendChild(element("p", para.trim()));
          }
        });
        box.appendChild(model);
      }
      return box;
    }

    function labelOf(field) {
      var label = field.labels && field.labels[0];
      return label ? label.textContent.replace(/\s+/g, " ").trim() : field.name;
    }

    function mirror(field) {
      if (!field || !field.name) {
        return;
      }
      var box = field.closest(".worksheet-field");
      var out = box && box.querySelector(".print-value");
      var filled = field.value.trim() !== "";
      if (out) {
        // Empty means no child nodes at all: then the ruled lines are printed instead.
        out.textContent = filled ? field.value : "";
      }
      if (box) {
        box.classList.toggle("is-filled", filled);
      }
    }

    function setSaved(text) {
      if (saved) {
        saved.textContent = text;
      }
    }

    function showNotice(text) {
      if (notice) {
        noticeText.textContent = text;
        notice.hidden = false;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  function openStorage() {
    try {
      var storage = window.localStorage;
      var probe = KEY_PREFIX + "probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (err) {
      return null;
    }
  }

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return "earlier";
    }
    var time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return date.toDateString() === new Date().toDateString()
      ? "at " + time
      : "on " + date.toLocaleDateString() + " at " + time;
  }

  /* The exercise named in ?exercise=EX-01, shown above the form; null when there is none. */
  function showExercise(panel) {
    var wanted = new URLSearchParams(window.location.search).get("exercise");
    var all = window.DitFiles.readJson("exercise-data") || {};
    if (!panel) {
      return null;
    }
    if (wanted === null || !wanted.trim()) {
      if (Object.keys(all).length) {
        panel.appendChild(exerciseMenu(all, false));
        panel.classList.add("worksheet-exercise--menu", "worksheet-screen-only");
        panel.setAttribute("aria-label", "Workbook exercises");
        panel.hidden = false;
      }
      return null;
    }
    var id = wanted.trim().toUpperCase();
    var found = Object.prototype.hasOwnProperty.call(all, id) ? all[id] : null;
    if (!found) {
      var heading = element("h2", "Exercise not found");
      heading.id = "worksheet-exercise-title";
      panel.appendChild(heading);
      panel.appendChild(
        element(
          "p",
          "Sorry, there is no exercise “" +
            wanted.trim().slice(0, 40) +
            "” in this workbook. Check the id you were given. You can still use the " +
            "worksheet below: your answers are kept as a practice worksheet."
        )
      );
      panel.appendChild(exerciseMenu(all, true));
      panel.classList.add("worksheet-exercise--missing", "worksheet-screen-only");
      panel.setAttribute("aria-labelledby", heading.id);
      panel.hidden = false;
      return null;
    }
    var kind = element("p", "Exercise " + id + (found.kind ? " · " + found.kind : ""));
    kind.className = "worksheet-exercise__kind";
    var title = element("h2", found.title || id);
    title.id = "worksheet-exercise-title";
    panel.appendChild(kind);
    panel.appendChild(title);
    panel.setAttribute("aria-labelledby", title.id);
    String(found.vignette || "")
      .split(/\n\s*\n/)
      .forEach(function (para) {
        if (para.trim()) {
          panel.appendChild(element("p", para.trim()));
        }
      });
    var back = exercisePageHref(found.case);
    if (back) {
      var more = document.createElement("p");
      var link = element("a", "The whole exercise: sessions, scores and prompts");
      link.href = back;
      more.className = "worksheet-screen-only";
      more.appendChild(link);
      panel.appendChild(more);
    }
    panel.hidden = false;
    return { id: id, title: found.title || id, prompts: found.prompts || [] };
  }

  /* A labelled answer box for each of the exercise's prompts, in its fieldset. */
  function addPromptFields(fieldset, exercise) {
    if (!fieldset || !exercise.prompts.length) {
      return;
    }
    exercise.prompts.forEach(function (prompt, index) {
      var id = "ws-prompt-" + prompt[0];
      var box = document.createElement("div");
      box.className = "worksheet-field worksheet-field--long";
      var label = element("label", (index + 1) + ". " + prompt[1]);
      label.htmlFor = id;
      var area = document.createElement("textarea");
      area.id = id;
      area.name = PROMPT_PREFIX + prompt[0];
      area.rows = 4;
      var value = document.createElement("div");
      value.className = "print-value";
      value.setAttribute("aria-hidden", "true");
      var lines = document.createElement("div");
      lines.className = "print-lines";
      lines.setAttribute("aria-hidden", "true");
      for (var i = 0; i < 4; i++) {
        lines.appendChild(document.createElement("span"));
      }
      box.appendChild(label);
      box.appendChild(area);
      box.appendChild(value);
      box.appendChild(lines);
      fieldset.appendChild(box);
    });
    fieldset.hidden = false;
  }

  function exerciseMenu(all, open) {
    var box = document.createElement("details");
    box.className = "worksheet-exercise__menu worksheet-screen-only";
    box.open = Boolean(open);
    box.appendChild(element("summary", "Write the IPAF for a workbook exercise"));
    var list = document.createElement("ul");
    Object.keys(all)
      .sort()
      .forEach(function (id) {
        var item = document.createElement("li");
        var link = element("a", id + ": " + (all[id].title || ""));
        link.href = "?exercise=" + encodeURIComponent(id);
        item.appendChild(link);
        list.appendChild(item);
      });
    box.appendChild(list);
    return box;
  }

  /* The exercise's own page, relative to this one, for directory URLs or not. */
  function exercisePageHref(caseId) {
    if (!caseId || !/^[a-z0-9-]+$/.test(caseId)) {
      return null;
    }
    var path = window.location.pathname;
    var local = window.location.protocol === "file:";
    if (/\/worksheet\/(index\.html)?$/.test(path)) {
      return "../exercises/" + caseId + (local ? "/index.html" : "/");
    }
    if (/\/worksheet\.html$/.test(path)) {
      return "exercises/" + caseId + ".html";
    }
    return null;
  }

  window.DitFiles.onPageLoad(init);
})();
