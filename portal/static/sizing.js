// The limit-sizing helper on the request form: turnover × credit days / 365, rounded up to the
// next thousand, as underwriting.limits.sizing computes it. Without JavaScript the "Compute"
// button asks the server, which answers with the same figure.
(function () {
  "use strict";
  var form = document.querySelector("form[data-sizing]");
  if (!form) {
    return;
  }
  var turnover = form.querySelector("[name=annual_turnover]");
  var days = form.querySelector("[name=credit_days]");
  var amount = form.querySelector("[name=amount]");
  var output = form.querySelector("[data-sizing-output]");
  var compute = form.querySelector("button[name=compute]");

  function number(text) {
    var clean = (text || "").replace(/[\s,\u00a0]/g, "");
    return /^\d+(\.\d+)?$/.test(clean) ? parseFloat(clean) : null;
  }

  function suggestion() {
    var yearly = number(turnover.value);
    var credit = number(days.value);
    if (yearly === null || credit === null || credit < 1 || credit !== Math.floor(credit)) {
      return null;
    }
    // The small epsilon keeps an exact multiple of a thousand from rounding up by float noise.
    return Math.ceil(yearly * credit / 365 / 1000 - 1e-9) * 1000;
  }

  function show() {
    var value = suggestion();
    output.textContent = value === null ? "" : output.getAttribute("data-label").replace(
      "%s", value.toLocaleString(document.documentElement.lang));
  }

  turnover.addEventListener("input", show);
  days.addEventListener("input", show);
  compute.addEventListener("click", function (event) {
    var value = suggestion();
    if (value === null) {
      return; // the server explains what is missing
    }
    event.preventDefault();
    amount.value = String(value);
    show();
    amount.focus();
  });
}());
