// Export progress: each export row that is not finished polls its status (JSON) and moves its
// <progress> bar; a finished export gets its download link without reloading the page.
(function () {
  "use strict";
  const table = document.querySelector("[data-testid=exports]");
  if (!table) return;
  const FINISHED = new Set(["done", "failed"]);
  const INTERVAL = 1500;

  function update(row, data) {
    const bar = row.querySelector("progress");
    const total = data.rows_total || 1;
    bar.max = total;
    bar.value = data.status === "done" ? total : data.rows_done;
    row.querySelector(".audit-rows").textContent = data.rows_done + " / " + data.rows_total;
    row.querySelector(".audit-status").textContent = data.status_label;
    row.dataset.status = data.status;
    if (data.download && !row.querySelector(".audit-download a")) {
      const link = document.createElement("a");
      link.className = "button";
      link.href = data.download;
      link.textContent = table.dataset.downloadLabel;
      row.querySelector(".audit-download").append(link);
    }
  }

  function poll(row) {
    fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        update(row, data);
        if (!FINISHED.has(data.status)) setTimeout(() => poll(row), INTERVAL);
      })
      .catch(() => setTimeout(() => poll(row), INTERVAL * 4));
  }

  table.querySelectorAll("tr[data-status-url]").forEach((row) => {
    if (!FINISHED.has(row.dataset.status)) poll(row);
  });
})();
