// Save each answer the moment it is given, so closing the tab loses nothing.
// Without this script the page still works: its buttons post the whole section.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const url = form.dataset.autosave;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("save-status");
  const pending = new Map(); // item code -> timer of a comment still being typed
  const COMMENT_PAUSE_MS = 800;
  // Every sentence comes translated with the page, as data-text-* attributes of the form.
  const text = form.dataset;
  const SIGNED_OUT = text.textSignedOut;
  const SAVED_AS_GIVEN = text.textSavedAsGiven;
  // Texts that are new come translated from the page.
  const RETRYING = text.textRetrying;
  const SERVER_FAILED = text.textServerFailed;
  const RETRY_FIRST_MS = 1000;
  const RETRY_LONGEST_MS = 30000;
  const COMMENT_WAITS = text.textCommentWaits;

  // Only now is it true: the page says the buttons save until this script runs.
  status.textContent = SAVED_AS_GIVEN;

  // One statement's saves go one after another, each sent once the one before has come back,
  // with what the statement holds then and the revision the last reply gave: two quick changes
  // never arrive in the wrong order. Different statements still save side by side.
  const queues = new Map(); // item code -> the promise of its last save
  function save(code) {
    clearTimeout(pending.get(code));
    pending.delete(code);
    const queued = (queues.get(code) || Promise.resolve()).then(function () {
      return send(code, 0);
    });
    queues.set(code, queued);
    return queued;
  }

  // A refusal worth trying again by itself (the database is restarting).
  class Unavailable extends Error {}

  // Send the statement's answer as it stands now; `attempt` counts the retries before this one.
  function send(code, attempt) {
    const checked = form.querySelector('input[type=radio][data-item="' + CSS.escape(code) + '"]:checked');
    const comment = form.querySelector('textarea[data-item="' + CSS.escape(code) + '"]');
    const revision = form.querySelector('input[data-revision="' + CSS.escape(code) + '"]');
    const shared = form.querySelector('input[type=checkbox][data-item="' + CSS.escape(code) + '"]');
    // A comment may come first: it waits, with a word beside it, and goes with the answer.
    showHint(comment, !checked && comment && comment.value.trim() ? COMMENT_WAITS : "");
    if (!checked) return Promise.resolve();
    const body = new URLSearchParams({
      item: code,
      value: checked.value,
      comment: comment ? comment.value : "",
      revision: revision.value,
      shared: shared && shared.checked ? "on" : "",
    });
    status.textContent = text.textSaving;
    // keepalive lets the request finish even when the page is being left. A lapsed session is
    // told by its redirect to the sign-in page, which "manual" keeps from being followed.
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      credentials: "same-origin",
      keepalive: true,
      redirect: "manual",
    })
      .then(function (response) {
        if (response.type === "opaqueredirect") throw new Error(SIGNED_OUT);
        if (response.status === 503) throw new Unavailable(RETRYING);
        if (!(response.headers.get("Content-Type") || "").includes("application/json")) {
          throw new Error(SERVER_FAILED);
        }
        return response.json().then(function (data) {
          if (response.status === 409 && data.details) showStored(data.details.answers);
          if (!response.ok) throw new Error(data.error || text.textNotSaved);
          return data;
        });
      })
      .then(function (data) {
        showProblem(code, "");
        if (data.saved) {
          revision.value = data.revision;
          status.textContent = text.textSaved;
        }
        showProgress(data);
      })
      .catch(function (error) {
        const message = error instanceof TypeError ? text.textNoConnection : error.message;
        status.textContent = text.textStatement.replace("{number}", numberOf(code)).replace("{message}", message);
        showProblem(code, message);
        if (!(error instanceof Unavailable)) return;
        // Wait longer each time (1 s, 2 s, 4 s … at most 30 s), then send what the statement holds then.
        const delay = Math.min(RETRY_FIRST_MS * 2 ** attempt, RETRY_LONGEST_MS);
        return new Promise(function (resolve) {
          setTimeout(resolve, delay);
        }).then(function () {
          return send(code, attempt + 1);
        });
      });
  }

  // Another tab saved these statements since this page was loaded: show what it stored, and keep
  // its revision, so that the next change replaces it knowingly.
  function showStored(answers) {
    Object.entries(answers).forEach(function ([code, stored]) {
      const value = stored.value === null ? "dk" : String(stored.value);
      form.querySelectorAll('input[type=radio][data-item="' + CSS.escape(code) + '"]').forEach(function (radio) {
        radio.checked = stored.answered && radio.value === value;
      });
      const comment = form.querySelector('textarea[data-item="' + CSS.escape(code) + '"]');
      if (comment) comment.value = stored.comment;
      const shared = form.querySelector('input[type=checkbox][data-item="' + CSS.escape(code) + '"]');
      if (shared) shared.checked = stored.shared;
      form.querySelector('input[data-revision="' + CSS.escape(code) + '"]').value = stored.revision;
    });
  }

  // Statements are counted from 1 down the page, as the manager sees them.
  function numberOf(code) {
    const blocks = Array.from(form.querySelectorAll(".statement"));
    return blocks.indexOf(document.getElementById("item-" + code)) + 1;
  }

  function showHint(comment, message) {
    if (!comment) return;
    let hint = comment.parentElement.querySelector(".comment-hint");
    if (!hint && message) {
      hint = document.createElement("p");
      hint.className = "comment-hint form-text mb-0";
      hint.id = comment.id + "_hint";
      comment.insertAdjacentElement("afterend", hint);
      comment.setAttribute("aria-describedby", hint.id);
    }
    if (hint) {
      hint.textContent = message;
      hint.hidden = !message;
    }
  }

  function showProblem(code, message) {
    const block = document.getElementById("item-" + code);
    if (!block) return;
    let note = block.querySelector(".autosave-problem");
    if (!note && message) {
      note = document.createElement("p");
      note.className = "autosave-problem text-danger small mt-2 mb-0";
      block.appendChild(note);
    }
    if (note) note.textContent = message;
  }

  // Answers are never taken back, so counts only grow: replies that overtake each other on the
  // way back must not show an older, lower count.
  function raise(element, count) {
    const shown = Number(element.textContent);
    if (count <= shown) return shown;
    element.textContent = count;
    return count;
  }

  function showProgress(data) {
    document.querySelectorAll("[data-progress-answered]").forEach(function (element) {
      const answered = raise(element, data.answered);
      const bar = document.querySelector("[data-progress]");
      if (!bar) return;
      bar.setAttribute("aria-valuenow", answered);
      bar.firstElementChild.style.width = Math.round((100 * answered) / data.total) + "%";
    });
    Object.entries(data.sections).forEach(function ([slug, counts]) {
      const entry = document.querySelector('[data-section="' + CSS.escape(slug) + '"]');
      if (!entry) return;
      const complete = raise(entry.querySelector("[data-section-answered]"), counts.answered) === counts.total;
      entry.classList.toggle("complete", complete);
      entry.querySelector(".done-text").textContent = complete ? ", complete" : "";
    });
  }

  form.addEventListener("change", function (event) {
    const code = event.target.dataset.item;
    if (code) save(code);
  });
  form.addEventListener("input", function (event) {
    const code = event.target.dataset.item;
    if (!code || event.target.tagName !== "TEXTAREA") return;
    clearTimeout(pending.get(code));
    pending.set(code, setTimeout(save, COMMENT_PAUSE_MS, code));
  });
  // Answers and comments given while the page was still loading, before this script ran, differ
  // from what the server rendered: send them now.
  const early = new Set();
  form.querySelectorAll("input[type=radio][data-item]:checked, textarea[data-item]").forEach(function (field) {
    const changed = field.tagName === "TEXTAREA" ? field.value !== field.defaultValue : !field.defaultChecked;
    if (changed) early.add(field.dataset.item);
  });
  // One after another, as clicks would have come, rather than all at once.
  Array.from(early).reduce(function (previous, code) {
    return previous.then(function () {
      return save(code);
    });
  }, Promise.resolve());
  // A comment typed just before leaving: send it on the way out.
  window.addEventListener("pagehide", function () {
    Array.from(pending.keys()).forEach(save);
  });
})();
