// Self-check questions (ditbook/render/selfchecks.py). Without JavaScript each question shows a
// "Show the answer" box. With it, the box gives way to a Check button, and the feedback on the
// chosen options is written into the question's aria-live region. Nothing is fetched or stored.
(function () {
  "use strict";

  // The answer box lists the feedback on every option, in the options' order.
  function optionFeedback(answer, index) {
    var item = answer.querySelectorAll(":scope > ul > li")[index];
    return item ? item.cloneNode(true) : null;
  }

  function check(question) {
    var inputs = Array.prototype.slice.call(question.querySelectorAll("input"));
    var live = question.querySelector(".selfcheck__feedback");
    var answer = question.querySelector(".selfcheck__answer");
    var chosen = inputs.filter(function (input) { return input.checked; });
    live.textContent = "";
    var verdict = document.createElement("p");
    verdict.className = "selfcheck__verdict";
    if (!chosen.length) {
      verdict.textContent = question.dataset.kind === "single"
        ? "Choose an answer first."
        : "Choose at least one answer first.";
      live.appendChild(verdict);
      return;
    }
    var right = inputs.every(function (input) {
      return input.checked === input.hasAttribute("data-correct");
    });
    question.classList.toggle("selfcheck__question--right", right);
    question.classList.toggle("selfcheck__question--wrong", !right);
    var strong = document.createElement("strong");
    strong.textContent = right ? "Correct." : "Not quite.";
    verdict.appendChild(strong);
    if (!right && question.dataset.kind === "multiple") {
      verdict.appendChild(document.createTextNode(
        " Choose every right option and no other."));
    }
    live.appendChild(verdict);
    var list = document.createElement("ul");
    inputs.forEach(function (input, index) {
      if (!input.checked) return;
      var item = optionFeedback(answer, index);
      if (item) list.appendChild(item);
    });
    live.appendChild(list);
    var explanation = answer.querySelector(".selfcheck__explanation");
    if (explanation) live.appendChild(explanation.cloneNode(true));
  }

  function init() {
    document.querySelectorAll("fieldset.selfcheck__question").forEach(function (question) {
      if (question.dataset.ready) return;
      question.dataset.ready = "true";
      var button = question.querySelector(".selfcheck__check");
      var answer = question.querySelector(".selfcheck__answer");
      if (!button || !answer) return;
      answer.hidden = true;
      button.hidden = false;
      button.addEventListener("click", function () { check(question); });
    });
  }

  if (window.document$) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
