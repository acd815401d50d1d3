// After htmx swaps a new step into the wizard, move focus to its heading (or to the error
// summary) and announce it, as a full page load would for a screen reader user.
document.addEventListener("htmx:afterSettle", (event) => {
  const wizard = document.getElementById("wizard");
  if (!wizard || event.detail.target !== wizard) {
    return;
  }
  const focusTarget = wizard.querySelector("[data-focus-after-swap]");
  if (focusTarget) {
    focusTarget.focus();
  }
  const step = wizard.querySelector("[data-announce]");
  const announcer = document.getElementById("wizard-announcer");
  if (step && announcer) {
    announcer.textContent = step.dataset.announce;
  }
});

// As GOV.UK does: a link in the error summary focuses its field without adding a history
// entry, so the browser's back button still returns to the previous step.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".error-summary a[href^='#']");
  const field = link && document.getElementById(link.hash.slice(1));
  if (!field) {
    return;
  }
  event.preventDefault();
  field.closest("fieldset")?.scrollIntoView();
  field.focus({ preventScroll: true });
});
