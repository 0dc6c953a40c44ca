// Import progress: while the job runs, poll its status (JSON) and move the <progress> bar; when
// it finishes, reload once so the page shows the outcome (counts, bad rows) as the server wrote it.
(function () {
  "use strict";
  const job = document.querySelector("[data-testid=import-job]");
  if (!job || job.hasAttribute("data-finished")) return;
  const INTERVAL = 1000;
  const bar = job.querySelector("progress");

  function update(data) {
    bar.max = data.total || 1;
    bar.value = data.done;
    job.querySelector(".import-rows").textContent = data.done + " / " + data.total;
    job.querySelector(".import-status").textContent = data.status_label;
    job.querySelector(".import-created").textContent = data.created;
    job.querySelector(".import-skipped").textContent = data.skipped;
    job.dataset.status = data.status;
  }

  function poll() {
    fetch(job.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        update(data);
        if (data.finished) window.location.reload();
        else setTimeout(poll, INTERVAL);
      })
      .catch(() => setTimeout(poll, INTERVAL * 4));
  }

  poll();
})();
