// A frame added with "Add another" is a copy of the inline's hidden blank form, made after
// htmx read the page, so htmx does not know its pose field yet: show it the new row, and
// the drawing beside the pose follows the typing as it does for saved frames.
document.addEventListener("formset:added", (event) => {
  window.htmx.process(event.target);
});
