/* The marking page (supervision/mark/, supervisor edition only: this file is in the
 * supervision folder, which the trainee edition leaves out, and only that page loads it).
 *
 * Opens a trainee's submission file (checked by dit-files.js against the submission schema;
 * a refused file changes nothing), shows each prompt's answer beside the model answer and the
 * rubric, totals the levels chosen, and saves a feedback file or prints a feedback sheet.
 * The rubric and model answers come from the page (#marking-data); nothing is fetched, sent or
 * stored. Runs on each of Material's page loads (document$); the page is set up once.
 */
(function () {
  "use strict";

  var element = window.DitFiles.element; // plain text, never markup

  var LEVEL_NAMES = ["Not yet", "Partly", "Meets"];

  function init() {
    var root = document.getElementById("marking");
    if (!root || root.dataset.markingReady || !window.DitFiles) {
      return;
    }
    root.dataset.markingReady = "1";
    var exercises = window.DitFiles.readJson("marking-data") || {};
    var schemas = window.DitFiles.readJson("dit-file-schemas") || {};
    var input = document.getElementById("mark-file");
    var message = document.getElementById("mark-message");
    var form = document.getElementById("mark-form");
    var saved = form.querySelector(".marking-saved");
    var total = form.querySelector(".marking-total");
    var sheet = root.querySelector(".marking-sheet");
    var current = null; // {submission, exercise}

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) {
        return;
      }
      window.DitFiles.readFile(file, schemas["dit-submission"], "dit-submission", null)
        .then(function (read) {
          if (read.error) {
            refuse(read.error);
            return;
          }
          var exercise = exercises[read.data.exercise_id];
          if (!exercise) {
            refuse("This workbook has no exercise " + read.data.exercise_id + ".");
            return;
          }
          current = { submission: read.data, exercise: exercise };
          show(read.data, exercise);
          say("success", "Submission opened", "Marking " + read.data.exercise_id + ": " +
            exercise.title + (read.data.trainee ? ", from " + read.data.trainee : "") + ".");
        }, function () {
          refuse("The file could not be read.");
        });
    });

    form.addEventListener("change", updateTotal);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      saveFeedback();
    });
    form.querySelector("[data-mark-action='print']").addEventListener("click", function () {
      var data = feedback(false);
      if (!data) {
        return;
      }
      fillSheet(data);
      window.print();
    });

    function refuse(text) {
      say("failure", "Submission not opened", text + " Nothing on this page has changed.");
    }

    function say(kind, title, text) {
      window.DitFiles.say(message, kind, title, text);
    }

    function show(submission, exercise) {
      var id = submission.exercise_id;
      document.getElementById("mark-title").textContent = id + ": " + exercise.title;
      form.querySelector(".marking-about").textContent =
        (submission.trainee ? "Trainee: " + submission.trainee + ". " : "") +
        "Saved " + submission.saved_at.replace("T", " at ").replace("Z", " UTC") + ".";
      var whole = form.querySelector(".marking-whole-model");
      whole.replaceChildren();
      var byPrompt = exercise.model_answer_by_prompt || {};
      if (!Object.keys(byPrompt).length) {
        whole.appendChild(modelBox(exercise.model_answer, "Model answer, for every prompt"));
      }
      var prompts = form.querySelector(".marking-prompts");
      prompts.replaceChildren();
      exercise.prompts.forEach(function (prompt, p) {
        var section = document.createElement("section");
        section.className = "marking-prompt";
        var headingId = "mark-prompt-" + prompt[0];
        section.setAttribute("aria-labelledby", headingId);
        var heading = element("h3", (p + 1) + ". " + prompt[1]);
        heading.id = headingId;
        section.appendChild(heading);
        var columns = document.createElement("div");
        columns.className = "marking-columns";
        var answerBox = document.createElement("div");
        answerBox.className = "marking-answer";
        answerBox.appendChild(element("h4", "Trainee's answer"));
        var answer = submission.answers[prompt[0]] || "";
        var text = element("p", answer.trim() ? answer : "(left blank)");
        text.className = "marking-text";
        answerBox.appendChild(text);
        columns.appendChild(answerBox);
        if (byPrompt[prompt[0]]) {
          columns.appendChild(modelBox(byPrompt[prompt[0]], "Model answer"));
        }
        section.appendChild(columns);
        exercise.rubric.forEach(function (criterion, c) {
          if (criterion.prompt === prompt[0]) {
            section.appendChild(criterionFieldset(criterion, c));
          }
        });
        var commentId = "mark-comment-" + prompt[0];
        var field = document.createElement("p");
        field.className = "marking-field";
        var label = element("label", "Comment on your answer to prompt " + (p + 1));
        label.htmlFor = commentId;
        var area = document.createElement("textarea");
        area.id = commentId;
        area.name = "prompt-comment";
        area.dataset.prompt = prompt[0];
        area.rows = 3;
        field.appendChild(label);
        field.appendChild(area);
        section.appendChild(field);
        prompts.appendChild(section);
      });
      form.elements.namedItem("overall").value = "";
      form.elements.namedItem("include_model").checked = false;
      saved.replaceChildren();
      form.hidden = false;
      updateTotal();
    }

    function modelBox(text, title) {
      var box = document.createElement("div");
      box.className = "admonition example marking-model";
      var head = element("p", title);
      head.className = "admonition-title";
      box.appendChild(head);
      String(text).split(/\n\s*\n/).forEach(function (para) {
        if (para.trim()) {
          box.appendChild(element("p", para.trim()));
        }
      });
      return box;
    }

    // One criterion: a radio group whose legend is the criterion, each level with its rubric.
    function criterionFieldset(criterion, index) {
      var set = document.createElement("fieldset");
      set.className = "marking-criterion";
      set.dataset.criterion = String(index);
      set.appendChild(element("legend", "Criterion: " + criterion.criterion));
      var levels = document.createElement("div");
      levels.className = "marking-levels";
      criterion.levels.forEach(function (description, level) {
        var id = "mark-c" + index + "-l" + level;
        var option = document.createElement("div");
        option.className = "marking-level";
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.name = "criterion-" + index;
        radio.id = id;
        radio.value = String(level);
        var label = document.createElement("label");
        label.htmlFor = id;
        label.appendChild(element("strong", level + " " + LEVEL_NAMES[level] + ": "));
        label.appendChild(document.createTextNode(description));
        option.appendChild(radio);
        option.appendChild(label);
        levels.appendChild(option);
      });
      set.appendChild(levels);
      var commentId = "mark-c" + index + "-comment";
      var field = document.createElement("p");
      field.className = "marking-field";
      var label = element("label", "Comment on this criterion (optional)");
      label.htmlFor = commentId;
      var area = document.createElement("textarea");
      area.id = commentId;
      area.name = "criterion-comment-" + index;
      area.rows = 2;
      field.appendChild(label);
      field.appendChild(area);
      set.appendChild(field);
      return set;
    }

    function chosen(index) {
      var picked = form.querySelector("input[name='criterion-" + index + "']:checked");
      return picked ? Number(picked.value) : null;
    }

    function updateTotal() {
      if (!current) {
        return;
      }
      var rubric = current.exercise.rubric;
      var sum = 0;
      var left = 0;
      rubric.forEach(function (criterion, index) {
        var level = chosen(index);
        if (level === null) {
          left += 1;
        } else {
          sum += level;
        }
      });
      total.textContent = "Total: " + sum + " of " + 2 * rubric.length +
        (left ? " (" + left + " of " + rubric.length + " criteria not marked yet)." : ".");
    }

    // The feedback as data; null (and focus on the first unmarked criterion) if one is missing.
    function feedback(withModel) {
      var exercise = current.exercise;
      var missing = null;
      var criteria = exercise.rubric.map(function (criterion, index) {
        var level = chosen(index);
        if (level === null && missing === null) {
          missing = index;
        }
        return {
          prompt: criterion.prompt,
          criterion: criterion.criterion,
          level: level === null ? 0 : level,
          comment: form.elements.namedItem("criterion-comment-" + index).value,
        };
      });
      if (missing !== null) {
        sayForm("Choose a level for every criterion first: \u201c" +
          exercise.rubric[missing].criterion + "\u201d has none.");
        var first = form.querySelector("input[name='criterion-" + missing + "']");
        first.focus();
        return null;
      }
      var comments = {};
      form.querySelectorAll("textarea[name='prompt-comment']").forEach(function (area) {
        if (area.value.trim()) {
          comments[area.dataset.prompt] = area.value;
        }
      });
      var data = {
        format: "dit-feedback",
        version: window.DitFiles.VERSION,
        exercise_id: current.submission.exercise_id,
        submission_saved_at: current.submission.saved_at,
      };
      var name = form.elements.namedItem("supervisor").value.trim();
      if (name) {
        data.supervisor = name;
      }
      data.saved_at = window.DitFiles.nowStamp();
      data.criteria = criteria;
      data.prompt_comments = comments;
      data.total = criteria.reduce(function (sum, c) { return sum + c.level; }, 0);
      data.maximum = 2 * criteria.length;
      data.overall = form.elements.namedItem("overall").value;
      if (withModel) {
        data.model_answer = exercise.model_answer;
      }
      return data;
    }

    function saveFeedback() {
      var withModel = form.elements.namedItem("include_model").checked;
      var data = feedback(withModel);
      if (!data) {
        return;
      }
      var text = JSON.stringify(data, null, 2) + "\n";
      var checked = window.DitFiles.checkText(
        text, schemas["dit-feedback"], "dit-feedback", data.exercise_id
      );
      if (checked.error) {
        sayForm("The feedback was not saved. " + checked.error +
          " Remove anything that looks like markup (a < right before a letter).");
        return;
      }
      var filename = "feedback-" + data.exercise_id.toLowerCase() + ".json";
      window.DitFiles.download(filename, text);
      sayForm("Saved the feedback to the file " + filename + " (total " + data.total + " of " +
        data.maximum + (withModel ? ", with the model answer" : ", without the model answer") +
        "). Send it to the trainee.");
    }

    function sayForm(text) {
      saved.replaceChildren(element("p", text));
    }

    // The printable feedback sheet: text only, made from the same data as the file.
    function fillSheet(data) {
      var exercise = current.exercise;
      sheet.replaceChildren();
      sheet.appendChild(element("h2", "Feedback: " + data.exercise_id + ", " + exercise.title));
      var about = [];
      if (current.submission.trainee) {
        about.push("Trainee: " + current.submission.trainee + ".");
      }
      if (data.supervisor) {
        about.push("Supervisor: " + data.supervisor + ".");
      }
      about.push("Total: " + data.total + " of " + data.maximum + ".");
      sheet.appendChild(element("p", about.join(" ")));
      exercise.prompts.forEach(function (prompt, p) {
        sheet.appendChild(element("h3", (p + 1) + ". " + prompt[1]));
        var list = document.createElement("ul");
        data.criteria.forEach(function (mark) {
          if (mark.prompt === prompt[0]) {
            list.appendChild(element("li", mark.criterion + ": " + mark.level + " of 2, " +
              LEVEL_NAMES[mark.level].toLowerCase() + "." +
              (mark.comment ? " " + mark.comment : "")));
          }
        });
        sheet.appendChild(list);
        if (data.prompt_comments[prompt[0]]) {
          var note = element("p", data.prompt_comments[prompt[0]]);
          note.className = "marking-text";
          sheet.appendChild(note);
        }
      });
      if (data.overall) {
        sheet.appendChild(element("h3", "Overall"));
        var overall = element("p", data.overall);
        overall.className = "marking-text";
        sheet.appendChild(overall);
      }
    }
  }

  window.DitFiles.onPageLoad(init);
})();
