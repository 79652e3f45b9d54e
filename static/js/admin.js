// The admin's small repairs, once its own scripts have built their widgets (they do it on "load").
"use strict";
window.addEventListener("load", () => {
  // The search icons of Django's two-list selector carry an aria-label, which a plain span may not have:
  // as an image, the label is its name.
  for (const icon of document.querySelectorAll(".search-label-icon[aria-label]")) {
    icon.setAttribute("role", "img");
  }
});
