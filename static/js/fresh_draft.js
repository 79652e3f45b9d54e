// A draft's page shown again by Back comes from the browser's back/forward cache, as it was: after a
// submit its Submit button would still show. The server sends these pages "no-store", which some
// browsers cache all the same, so a page restored from that cache loads again, as the draft now is.
"use strict";
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});
