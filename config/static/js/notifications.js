// Live notifications: keeps the unread badge current, shows a toast for each new notification
// and, on the notifications page, puts it at the top of the list, all without a reload.
// On every (re)connect it asks for everything after the last id this page knows, so nothing
// pushed while it was offline, or while the server restarted, is lost.
(function () {
  "use strict";
  var badge = document.querySelector('[data-testid="unread-count"]');
  if (!badge || !("WebSocket" in window)) return;

  // The page was rendered with every row up to this id already counted in the badge (and
  // listed, on the notifications page): only newer ones may count. Kept per page, not per
  // browser: another tab having seen a row does not put it in this page's badge.
  var highest = parseInt(badge.dataset.lastId, 10) || 0;
  var seen = new Set();
  var delay = 1000;
  var baseline = 0;
  var toasts = null;
  var list = document.querySelector('table[data-testid="notifications"][data-live-list="on"]');
  var rowTemplate = document.getElementById("notification-row");
  var kindLabels = {};
  var kindsScript = document.getElementById("notification-kinds");
  if (kindsScript) {
    try { kindLabels = JSON.parse(kindsScript.textContent); } catch (e) { /* keep the codes */ }
  }

  function toast(payload) {
    if (!toasts) {
      toasts = document.createElement("div");
      toasts.setAttribute("aria-live", "polite");
      toasts.style.cssText = "position:fixed;right:16px;bottom:16px;display:flex;" +
        "flex-direction:column;gap:8px;z-index:20;max-width:360px";
      document.body.appendChild(toasts);
    }
    var box = document.createElement("div");
    box.className = "toast";
    box.setAttribute("role", "status");
    box.style.cssText = "background:#fff;border:1px solid #d9d4dc;border-left:4px solid #b3261e;" +
      "border-radius:6px;padding:10px 14px;box-shadow:0 2px 8px rgba(0,0,0,.15)";
    var link = document.createElement("a");
    link.href = payload.url;
    link.textContent = payload.message;
    box.appendChild(link);
    toasts.appendChild(box);
    setTimeout(function () { box.remove(); }, 8000);
  }

  // "dd/mm/yyyy HH:MM" in the site's time zone, as the server renders the rows above it.
  function formatTime(iso, timeZone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timeZone || undefined, day: "2-digit", month: "2-digit", year: "numeric",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(new Date(iso)).forEach(function (part) { parts[part.type] = part.value; });
    } catch (e) {
      return iso;
    }
    return parts.day + "/" + parts.month + "/" + parts.year + " " + parts.hour + ":" + parts.minute;
  }

  function prependRow(payload) {
    if (!list || !rowTemplate) return;
    if (list.dataset.kind && list.dataset.kind !== payload.kind) return; // filtered out
    var body = list.tBodies[0];
    if (body.querySelector('tr[data-notification="' + payload.id + '"]')) return;
    var row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.dataset.notification = String(payload.id);
    row.classList.add("kind-" + payload.kind);
    var link = row.querySelector("a");
    link.href = payload.url;
    link.textContent = payload.message;
    row.querySelector('[data-field="kind"]').textContent = kindLabels[payload.kind] || payload.kind;
    var time = row.querySelector("time");
    time.setAttribute("datetime", payload.created_at);
    time.textContent = formatTime(payload.created_at, list.dataset.timeZone);
    var form = row.querySelector("form");
    form.setAttribute("action", form.getAttribute("action").replace(/\/0\/read\/$/, "/" + payload.id + "/read/"));
    var empty = body.querySelector("tr[data-empty]");
    if (empty) empty.remove();
    body.insertBefore(row, body.firstChild);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    socket.onopen = function () {
      delay = 1000;
      baseline = highest;
      socket.send(JSON.stringify({ type: "since", last_id: baseline }));
      badge.dataset.live = "on";
    };
    socket.onmessage = function (event) {
      var payload;
      try { payload = JSON.parse(event.data); } catch (e) { return; }
      // Unit-wide events carry no notification id; a row may come both live and replayed; and
      // rows from transactions that committed out of order may arrive out of order.
      if (typeof payload.id !== "number" || seen.has(payload.id) || payload.id <= baseline) return;
      seen.add(payload.id);
      highest = Math.max(highest, payload.id);
      badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1);
      toast(payload);
      prependRow(payload);
    };
    socket.onclose = function (event) {
      badge.dataset.live = "off";
      if (event.code === 4401) return; // signed out: the next page load asks for a login
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }

  connect();
})();
