// A row added with "Add another" is a copy of a template htmx has never seen: show it to htmx, so
// its markdown fields get the live preview too. Django sends `formset:added` for each new row.
document.addEventListener("formset:added", (event) => htmx.process(event.target));
