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
