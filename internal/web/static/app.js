// Small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A form sent back with errors: focus its summary (autofocus does this
  // too where the browser honours it), and let each link in it put the
  // cursor in its field, not only scroll there.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.querySelectorAll('a[href^="#"]').forEach(function (a) {
      a.addEventListener("click", function (e) {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (!target) return;
        var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        if (field) {
          e.preventDefault();
          field.focus();
          target.scrollIntoView({ block: "center" });
        }
      });
    });
  }
  // Ask before destructive actions: <form data-confirm="Delete this member?">.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        e.preventDefault();
      }
    });
  });
  // "Select all" checkbox for bulk actions: <input type=checkbox data-select-all="name">.
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var name = box.getAttribute("data-select-all");
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (c) {
        c.checked = box.checked;
      });
    });
  });
});
