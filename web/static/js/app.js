// Behaviour the pages ask for by data attributes (no inline handlers: the Content Security Policy
// allows scripts only from this site).
//   <select data-autosubmit>  submits its form when changed
//   <select data-navigate>    goes to the chosen option's value (a URL)
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches("[data-autosubmit]") && el.form) {
    el.form.submit();
  } else if (el.matches("[data-navigate]") && el.value) {
    window.location.href = el.value;
  }
});
