/* jixiao: the little the pages do in the browser. No inline script anywhere (a strict CSP holds):
   behaviour is attached here by data- attributes. */
(function () {
  "use strict";

  // <form data-confirm="…">: ask before an action that cannot be taken back by the same person.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  // <select data-autosubmit>: a filter that applies on change.
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
})();

// <select data-navigate>: go to the chosen option's URL (the department menu of the dashboard).
document.addEventListener("change", function (ev) {
  var el = ev.target;
  if (el.hasAttribute && el.hasAttribute("data-navigate") && el.value) window.location.href = el.value;
});

// <button data-print>: the browser's print dialog (print.css lays the scorecard out for paper).
document.addEventListener("click", function (ev) {
  if (ev.target.closest && ev.target.closest("[data-print]")) window.print();
});
