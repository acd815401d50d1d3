// Forms, as GOV.UK's do: an error summary shown with a page receives focus, and a link in it
// focuses its field (rather than only scrolling to it) without adding a history entry, so the
// browser's back button still returns to the page before.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelector(".error-summary[data-focus-on-load]")?.focus();
});

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
