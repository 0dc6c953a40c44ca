// Live notifications: keeps the unread badge current and shows a toast for each new notification.
// On every (re)connect it asks for everything after the last id this browser saw, so nothing
// pushed while it was offline, or while the server restarted, is lost.
(function () {
  "use strict";
  var badge = document.querySelector('[data-testid="unread-count"]');
  if (!badge || !("WebSocket" in window)) return;

  var storageKey = "dn.notifications.lastId." + badge.dataset.user;
  var seen = new Set();
  var delay = 1000;
  var baseline = 0;
  var toasts = null;

  function lastId() {
    var stored = null;
    try { stored = window.localStorage.getItem(storageKey); } catch (e) { /* private mode */ }
    // A browser that has seen nothing yet starts from the newest row the page was rendered with.
    var id = parseInt(stored === null ? badge.dataset.lastId : stored, 10);
    return isNaN(id) ? 0 : id;
  }

  function remember(id) {
    if (id <= lastId()) return;
    try { window.localStorage.setItem(storageKey, String(id)); } catch (e) { /* private mode */ }
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

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    socket.onopen = function () {
      delay = 1000;
      baseline = lastId();
      socket.send(JSON.stringify({ type: "since", last_id: baseline }));
    };
    socket.onmessage = function (event) {
      var payload;
      try { payload = JSON.parse(event.data); } catch (e) { return; }
      // Unit-wide events carry no notification id; a row may come both live and replayed; and
      // rows from transactions that committed out of order may arrive out of order.
      if (typeof payload.id !== "number" || seen.has(payload.id) || payload.id <= baseline) return;
      seen.add(payload.id);
      remember(payload.id);
      badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1);
      toast(payload);
    };
    socket.onclose = function (event) {
      if (event.code === 4401) return; // signed out: the next page load asks for a login
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }

  connect();
})();
