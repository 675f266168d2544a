/*
 * Submission and feedback files, checked in the browser before anything in them is used.
 *
 * The rules are the JSON Schemas generated from ditbook/models/submission.py, embedded in the
 * page that opens a file. `check` interprets exactly the schema keywords those schemas use (a
 * test fails if a schema starts using another), plus the two rules a schema cannot say (the
 * total and the maximum of a feedback file add up). The same hostile files are run through this
 * and through the Python model in the tests, and both must refuse them.
 *
 * Nothing is sent anywhere: a file is read with FileReader and saved with a download link.
 * The pages that use files (the worksheet, and the supervisor edition's marking and assignment
 * pack pages) also share the two helpers at the end: the JSON a page embeds for its script,
 * and the message box that says what happened.
 */
(function () {
  "use strict";

  var MAX_BYTES = 1000000;
  var VERSION = 1;
  var KNOWN = [
    "$comment", "$defs", "$ref", "$schema", "additionalProperties", "anyOf", "const", "default",
    "description", "enum", "items", "maxItems", "maxLength", "maxProperties", "maximum",
    "minItems", "minLength", "minimum", "pattern", "properties", "propertyNames", "required",
    "title", "type", "x-plain-text",
  ];

  function typeOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
  }

  function codePoints(text) {
    return Array.from(text).length;
  }

  // The first problem with `value` against `node`, as "field: message", or null.
  function problem(node, value, path, root) {
    var where = path.length ? path.join(".") : "(file)";
    var keys = Object.keys(node);
    for (var k = 0; k < keys.length; k++) {
      if (KNOWN.indexOf(keys[k]) < 0) return where + ": the schema uses " + keys[k];
    }
    if (node.$ref) {
      return problem(root.$defs[node.$ref.split("/").pop()], value, path, root);
    }
    if (node.anyOf) {
      var first = null;
      for (var a = 0; a < node.anyOf.length; a++) {
        var found = problem(node.anyOf[a], value, path, root);
        if (!found) return null;
        if (first === null && node.anyOf[a].type !== "null") first = found;
      }
      return first || where + ": not a valid value";
    }
    var type = typeOf(value);
    if (node.type && node.type !== type) {
      return where + ": " + type + " found where " + node.type + " belongs";
    }
    if ("const" in node && value !== node.const) {
      return where + ": must be " + JSON.stringify(node.const);
    }
    if (node.enum && node.enum.indexOf(value) < 0) {
      return where + ": " + JSON.stringify(value) + " is not one of " + node.enum.join(", ");
    }
    if (type === "string") {
      var n = codePoints(value);
      if ("minLength" in node && n < node.minLength) return where + ": too short";
      if ("maxLength" in node && n > node.maxLength) {
        return where + ": at most " + node.maxLength + " characters (" + n + " found)";
      }
      if (node.pattern && !new RegExp(node.pattern, "u").test(value)) {
        return where + ": " + (node["x-plain-text"]
          ? "plain text only (no markup, no control characters)"
          : "does not match " + node.pattern);
      }
    }
    if (type === "integer" || type === "number") {
      if ("minimum" in node && value < node.minimum) return where + ": below " + node.minimum;
      if ("maximum" in node && value > node.maximum) return where + ": above " + node.maximum;
    }
    if (type === "array") {
      if ("minItems" in node && value.length < node.minItems) return where + ": too few items";
      if ("maxItems" in node && value.length > node.maxItems) return where + ": too many items";
      for (var i = 0; i < value.length && node.items; i++) {
        var item = problem(node.items, value[i], path.concat(String(i)), root);
        if (item) return item;
      }
    }
    if (type === "object") {
      var names = Object.keys(value);
      if ("maxProperties" in node && names.length > node.maxProperties) {
        return where + ": too many entries";
      }
      var required = node.required || [];
      for (var r = 0; r < required.length; r++) {
        if (!Object.prototype.hasOwnProperty.call(value, required[r])) {
          return path.concat(required[r]).join(".") + ": missing";
        }
      }
      for (var p = 0; p < names.length; p++) {
        var name = names[p];
        var here = path.concat(name);
        if (node.propertyNames) {
          var bad = problem(node.propertyNames, name, here, root);
          if (bad) return bad;
        }
        var sub = node.properties && Object.prototype.hasOwnProperty.call(node.properties, name)
          ? node.properties[name]
          : node.additionalProperties;
        if (sub === false) return here.join(".") + ": not a field of this file";
        if (sub && typeof sub === "object") {
          var inner = problem(sub, value[name], here, root);
          if (inner) return inner;
        }
      }
    }
    return null;
  }

  // The rules beyond the schema, as in the model's validator.
  function crossRules(data) {
    if (data.format !== "dit-feedback") return null;
    var sum = 0;
    data.criteria.forEach(function (c) { sum += c.level; });
    if (data.total !== sum) {
      return "total: total is " + data.total + ", but the levels add up to " + sum;
    }
    if (data.maximum !== 2 * data.criteria.length) {
      return "maximum: maximum is " + data.maximum + ", but " + data.criteria.length +
        " criteria make " + 2 * data.criteria.length;
    }
    return null;
  }

  // Check the text of a file; returns {data} or {error}. `expected` is the format wanted.
  function checkText(text, schema, expected, exerciseId) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { error: "This file is not a " + expected + " file: it is not JSON." };
    }
    if (typeOf(data) !== "object") {
      return { error: "This file is not a " + expected + " file (not a JSON object)." };
    }
    if (data.format !== expected) {
      return { error: "This is not a " + expected + " file (its format is " +
        JSON.stringify(data.format === undefined ? null : data.format) + ")." };
    }
    if (data.version !== VERSION) {
      return { error: "This file is version " + JSON.stringify(data.version === undefined ?
        null : data.version) + "; this handbook reads version " + VERSION + "." };
    }
    var found = problem(schema, data, [], schema) || crossRules(data);
    if (found) return { error: "This file cannot be used: " + found + "." };
    if (exerciseId && data.exercise_id !== exerciseId) {
      return { error: "This file is for " + data.exercise_id + ", not " + exerciseId + "." };
    }
    return { data: data };
  }

  // Check the bytes of a file (an ArrayBuffer or Uint8Array): size, then UTF-8, then the rest.
  function checkBytes(bytes, schema, expected, exerciseId) {
    var view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (view.length > MAX_BYTES) {
      return { error: "This file is too large (" + view.length + " bytes; at most " + MAX_BYTES +
        " are accepted). Nothing was read." };
    }
    var text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(view);
    } catch (err) {
      return { error: "This file is not UTF-8 text." };
    }
    return checkText(text, schema, expected, exerciseId);
  }

  // Read a File from an input, refusing a large one before reading it.
  function readFile(file, schema, expected, exerciseId) {
    if (file.size > MAX_BYTES) {
      return Promise.resolve({ error: "This file is too large (" + file.size +
        " bytes; at most " + MAX_BYTES + " are accepted). Nothing was read." });
    }
    return file.arrayBuffer().then(function (buffer) {
      return checkBytes(buffer, schema, expected, exerciseId);
    });
  }

  // Offer `text` as a file to save; nothing leaves the device.
  function download(filename, text) {
    var blob = new Blob([text], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  // The JSON object a page embeds in <script type="application/json" id="...">; null if the
  // page has none or it cannot be read.
  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      var data = JSON.parse(node.textContent);
      return data && typeof data === "object" ? data : null;
    } catch (err) {
      return null;
    }
  }

  // A message in `region` (a live region), in one of Material's admonitions: kind "success",
  // "failure" or "warning"; it replaces the message before it.
  function say(region, kind, title, text) {
    var box = document.createElement("div");
    box.className = "admonition " + kind;
    var head = document.createElement("p");
    head.className = "admonition-title";
    head.textContent = title;
    var body = document.createElement("p");
    body.textContent = text;
    box.appendChild(head);
    box.appendChild(body);
    region.replaceChildren(box);
  }

  // An element holding `text` as plain text, never as markup.
  function element(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  // Run `init` on every page Material shows (its document$ observable also fires after an
  // instant-loading navigation), or once the page is parsed where Material is absent.
  function onPageLoad(init) {
    if (window.document$) {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  function nowStamp() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  var api = {
    MAX_BYTES: MAX_BYTES, VERSION: VERSION, checkText: checkText, checkBytes: checkBytes,
    readFile: readFile, download: download, nowStamp: nowStamp, readJson: readJson, say: say,
    element: element, onPageLoad: onPageLoad,
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    window.DitFiles = api;
  }
})();
