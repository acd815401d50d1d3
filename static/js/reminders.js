// Stand-up reminders: choose the reader's own time zone, as their browser knows it, when the
// form has none yet (without JavaScript the reader picks it from the list), and show the
// reminders it makes.
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.getElementById("id_zone");
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !zone.value && [...zone.options].some((option) => option.value === own)) {
    zone.value = own;
    zone.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
