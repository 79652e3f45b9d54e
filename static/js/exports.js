// Follows the exports being prepared (templates/dashboard/_export.html): each line marked
// data-export-poll is fetched again every second and replaced, until it is ready or has failed.
{
  const POLL_MS = 1000;
  const follow = (line) => {
    window.setTimeout(async () => {
      let fresh = line;
      try {
        const response = await fetch(line.dataset.exportPoll, { credentials: "same-origin" });
        if (response.ok) {
          const holder = document.createElement("template");
          holder.innerHTML = (await response.text()).trim();
          fresh = holder.content.firstElementChild;
          line.replaceWith(fresh);
        }
      } catch {
        // The server did not answer (a restart): ask again at the next beat.
      }
      if (fresh.dataset.exportPoll) follow(fresh);
    }, POLL_MS);
  };
  document.querySelectorAll("[data-export-poll]").forEach(follow);
}
