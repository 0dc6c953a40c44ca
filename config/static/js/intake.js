// Reception form: add signer rows, fill a row from a known petitioner, flag group petitions
// and propose likely duplicates while the officer types. Everything here is optional: the
// form works without JavaScript (the "add rows" link and the server-side checks).
(function () {
  "use strict";

  const form = document.getElementById("intake-form");
  if (!form) return;

  const rows = document.getElementById("signer-rows");
  const template = document.getElementById("signer-template");
  const total = form.querySelector('input[name="signers-TOTAL_FORMS"]');
  const maxRows = parseInt(form.querySelector('input[name="signers-MAX_NUM_FORMS"]').value, 10);
  const groupSize = parseInt(form.dataset.groupSize, 10) || 5;
  const groupFlag = document.getElementById("group-flag");
  const addButton = document.getElementById("add-signer");
  const hiddenOriginal = form.querySelector('input[name="duplicate_of"]');
  const chosen = document.getElementById("duplicate-chosen");
  const chosenCode = document.getElementById("duplicate-chosen-code");
  const aside = document.getElementById("duplicate-aside");
  const list = document.getElementById("duplicate-list");
  const itemTemplate = document.getElementById("duplicate-template");
  const withheldNote = document.getElementById("duplicate-withheld");
  const csrfToken = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  let lookupWithheld = "";
  let duplicatesWithheld = "";

  function debounce(fn, ms) {
    let timer;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  // ID numbers and phones travel in the body of a POST, never in a URL: URLs reach access
  // logs and browser history, and these values may identify a denouncer.
  function postJSON(url, params) {
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(params),
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      credentials: "same-origin",
    }).then((response) => (response.ok ? response.json() : { results: [] }));
  }

  // A lookup that matched a protected case the officer may not see says only that, and the
  // server has told the unit leader.
  function showWithheld() {
    const message = lookupWithheld || duplicatesWithheld;
    withheldNote.textContent = message;
    withheldNote.hidden = !message;
    aside.hidden = !message && list.children.length === 0;
  }

  function signerRows() {
    return Array.from(rows.querySelectorAll("tr.signer-row"));
  }

  function rowIsFilled(row) {
    return Array.from(row.querySelectorAll("input")).some((input) => input.value.trim() !== "");
  }

  function field(row, name) {
    return row.querySelector('input[name$="-' + name + '"]');
  }

  // Group petitions ------------------------------------------------------------------------

  function updateGroupFlag() {
    const filled = signerRows().filter(rowIsFilled).length;
    groupFlag.hidden = filled < groupSize;
  }

  // Adding rows ----------------------------------------------------------------------------

  function addRow() {
    const index = parseInt(total.value, 10);
    if (index >= maxRows) return null;
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = signerRows()[index];
    row.querySelector(".signer-number").textContent = String(index + 1);
    field(row, "full_name").focus();
    return row;
  }

  addButton.addEventListener("click", (event) => {
    event.preventDefault();
    addRow();
  });
  document.getElementById("add-signer-hint").hidden = false;
  document.addEventListener("keydown", (event) => {
    if (event.altKey && (event.key === "n" || event.key === "N")) {
      event.preventDefault();
      addRow();
    }
  });

  // Known petitioners ----------------------------------------------------------------------

  function fillRow(row, person) {
    for (const name of ["full_name", "id_number", "phone", "address", "email"]) {
      const input = field(row, name);
      if (input && !input.value.trim() && person[name]) input.value = person[name];
    }
    row.classList.add("filled-from-lookup");
    updateGroupFlag();
    proposeDuplicates();
  }

  function lookUp(input) {
    const value = input.value.trim();
    if (value.length < 9) return;
    postJSON(form.dataset.petitionerUrl, { q: value }).then((data) => {
      lookupWithheld = data.withheld || "";
      showWithheld();
      if (data.results && data.results.length === 1) fillRow(input.closest("tr"), data.results[0]);
    });
  }

  rows.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name && (input.name.endsWith("-id_number") || input.name.endsWith("-phone"))) {
      lookUp(input);
    }
  });

  // Likely duplicates ----------------------------------------------------------------------

  function chooseOriginal(candidate, item) {
    hiddenOriginal.value = String(candidate.id);
    chosenCode.textContent = candidate.tracking_code;
    chosen.hidden = false;
    list.querySelectorAll(".duplicate-item").forEach((li) => li.classList.remove("chosen"));
    item.classList.add("chosen");
  }

  document.getElementById("duplicate-clear").addEventListener("click", () => {
    hiddenOriginal.value = "";
    chosen.hidden = true;
    list.querySelectorAll(".duplicate-item").forEach((li) => li.classList.remove("chosen"));
  });

  function showCandidates(candidates) {
    list.replaceChildren();
    for (const candidate of candidates) {
      const item = itemTemplate.content.firstElementChild.cloneNode(true);
      const link = item.querySelector(".duplicate-code");
      link.href = candidate.url;
      link.textContent = candidate.tracking_code;
      item.querySelector(".duplicate-title").textContent = candidate.title;
      item.querySelector(".duplicate-meta").textContent =
        candidate.received_on + " · " + candidate.state_display;
      if (String(candidate.id) === hiddenOriginal.value) item.classList.add("chosen");
      item.querySelector(".duplicate-link").addEventListener("click", () =>
        chooseOriginal(candidate, item),
      );
      list.appendChild(item);
    }
    showWithheld();
  }

  const proposeDuplicates = debounce(() => {
    const unit = form.querySelector('[name="unit"]');
    if (!unit || !unit.value) return;
    // form.title is the form's own title attribute, not the subject field.
    const title = form.querySelector('[name="title"]');
    const params = new URLSearchParams({ unit: unit.value, title: title ? title.value : "" });
    for (const row of signerRows()) {
      const id = field(row, "id_number").value.trim();
      const phone = field(row, "phone").value.trim();
      if (id) params.append("id_numbers", id);
      if (phone) params.append("phones", phone);
    }
    postJSON(form.dataset.duplicatesUrl, params).then((data) => {
      duplicatesWithheld = data.withheld || "";
      showCandidates(data.results || []);
    });
  }, 400);

  form.addEventListener("input", (event) => {
    if (event.target.closest("#signer-rows")) updateGroupFlag();
    const name = event.target.name || "";
    if (name === "title" || name.endsWith("-id_number") || name.endsWith("-phone")) {
      proposeDuplicates();
    }
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "unit") proposeDuplicates();
  });

  updateGroupFlag();
  proposeDuplicates();
})();
