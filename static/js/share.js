// Progressive enhancement for the share control: the browser's own share sheet where it has
// one, and a copy-link button where the clipboard is available. No third-party code. Its messages
// come from the page (data-share-copied, data-share-failed), in the page's language.
document.addEventListener("DOMContentLoaded", () => {
  for (const share of document.querySelectorAll(".share")) {
    const data = { title: share.dataset.shareTitle, url: share.dataset.shareUrl };
    const native = share.querySelector(".share__native");
    const copy = share.querySelector(".share__copy");
    const status = share.querySelector(".share__status");
    if (navigator.share) {
      native.hidden = false;
      native.addEventListener("click", () => navigator.share(data).catch(() => {}));
    }
    if (navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(data.url);
          status.textContent = share.dataset.shareCopied || "Link copied.";
        } catch {
          status.textContent =
            share.dataset.shareFailed || "Could not copy: select the address bar and copy it instead.";
        }
      });
    }
  }
});
