/*
 * Agent inbox: the queue of hand-offs, one conversation with what the assistant knew,
 * claim / reply / return / close. Text only ever reaches the DOM through textContent.
 * It polls (queue every 2 s, the open conversation every 1.5 s): state lives in the
 * database, so any backend instance answers and a restart loses nothing.
 */
(function () {
  "use strict";

  // Labels come from the one catalogue (bot/i18n/catalog/agent.yml), served by the
  // backend as /agent/i18n.js before this script.
  var STRINGS = window.AgentStrings;

  var state = { lang: "vi", agent: null, selected: null, detail: null, shown: 0, timers: [] };
  var $ = function (id) { return document.getElementById(id); };

  function s(key) { return STRINGS[state.lang][key]; }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }

  function api(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(path, options).then(function (resp) {
      return resp.json().catch(function () { return { ok: false }; }).then(function (d) { d.status = resp.status; return d; });
    });
  }

  function announce(text) { $("status").textContent = text; }

  function applyStrings() {
    document.documentElement.lang = state.lang;
    document.title = s("title");
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = s(node.getAttribute("data-i18n"));
    });
    $("who").textContent = state.agent ? fill(s("signedInAs"), { name: state.agent.display_name }) : "";
    if (state.detail) { renderDetail(state.detail, true); }
  }

  function waited(seconds) {
    return seconds >= 60 ? fill(s("minutes"), { n: Math.floor(seconds / 60) }) : fill(s("seconds"), { n: seconds });
  }

  function summary(h) {
    var who = h.customer_id ? s("customer") + " " + h.customer_id : s("anonymous");
    var parts = [s("reasons")[h.reason] || h.reason, s("languages")[h.language] || h.language, who,
      s("waited") + " " + waited(h.waiting_s), s("statuses")[h.status] || h.status];
    if (h.agent) { parts.push(fill(s("heldBy"), { name: h.agent })); }
    return parts.join(" · ");
  }

  function renderQueue(items) {
    var list = $("queue");
    list.textContent = "";
    items.forEach(function (h) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = h.id + " · " + summary(h);
      btn.setAttribute("aria-current", h.id === state.selected ? "true" : "false");
      btn.addEventListener("click", function () { select(h.id); });
      var li = document.createElement("li");
      li.appendChild(btn);
      list.appendChild(li);
    });
    $("queue-empty").hidden = items.length > 0;
  }

  function row(dl, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var dt = document.createElement("dt"); dt.textContent = label;
    var dd = document.createElement("dd"); dd.textContent = String(value);
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function renderDetail(data, relabel) {
    var h = data.handoff;
    var ctx = h.context || {};
    $("conv-title").textContent = h.id + " – " + (h.customer_id || s("anonymous"));
    var dl = $("context");
    dl.textContent = "";
    row(dl, s("reasonLabel"), s("reasons")[h.reason] || h.reason);
    row(dl, s("statusLabel"), s("statuses")[h.status] || h.status);
    row(dl, s("languageLabel"), s("languages")[h.language] || h.language);
    row(dl, s("customer"), h.customer_id || s("anonymous"));
    row(dl, s("intents"), (ctx.intents || []).map(function (i) { return i.name + " (" + i.confidence + ")"; }).join(", "));
    var slots = ctx.slots || {};
    row(dl, s("task"), Object.keys(slots).map(function (k) { return k + " = " + JSON.stringify(slots[k]); }).join("; "));
    var decided = ctx.decisions || {};
    if (decided.order) {
      row(dl, s("orderDecision"), decided.order.order_id + ": " + decided.order.items.map(function (i) {
        return i.product + " – " + (i.cancellable ? s("cancellable") : (s("states")[i.reason] || i.reason));
      }).join("; "));
    }
    if (decided.purchase) {
      var p = decided.purchase;
      row(dl, s("refundDecision"), p.purchase_id + ": " + (p.refund_eligible ? s("eligible") : s("notEligible")) + " (" +
        Object.keys(p.criteria).map(function (c) { return (p.criteria[c] ? "✓ " : "✗ ") + c; }).join(", ") + ")" +
        (p.tax_refund_offered ? "; " + s("taxOffered") : ""));
    }
    if (h.contact_email) { row(dl, s("contact"), h.contact_email + ": " + (h.contact_message || "")); }
    var log = $("transcript");
    if (relabel || data.transcript.length < state.shown) { log.textContent = ""; state.shown = 0; }
    data.transcript.slice(state.shown).forEach(function (m) {
      var p = document.createElement("p");
      p.className = "msg " + m.role;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = (m.role === "user" ? s("user") : m.role === "agent" ? (m.agent || s("you")) : s("bot")) + ":";
      p.appendChild(who);
      p.appendChild(document.createTextNode(m.text));
      log.appendChild(p);
    });
    if (data.transcript.length > state.shown) { log.scrollTop = log.scrollHeight; }
    state.shown = data.transcript.length;
    var mine = h.status === "claimed" && h.agent === state.agent.name;
    $("claim").disabled = !(h.status === "waiting" || h.status === "message");
    $("return").disabled = !mine;
    $("close").disabled = !(mine || h.status === "message");
    $("send").disabled = !mine;
    $("reply").disabled = !mine;
  }

  function refreshDetail() {
    if (!state.selected) { return Promise.resolve(); }
    return api("GET", "/agent/api/handoffs/" + encodeURIComponent(state.selected)).then(function (data) {
      if (data.status === 401) { return showLogin(); }
      if (!data.ok) { return; }
      state.detail = data;
      $("conversation").hidden = false;
      renderDetail(data, false);
    });
  }

  function select(id) {
    state.selected = id;
    state.shown = 0;
    $("transcript").textContent = "";
    refreshDetail().then(function () { $("conv-title").focus(); });
    refreshQueue();
  }

  function refreshQueue() {
    return api("GET", "/agent/api/queue").then(function (data) {
      if (data.status === 401) { return showLogin(); }
      if (data.ok) { renderQueue(data.queue); }
    });
  }

  function act(action, doneKey) {
    api("POST", "/agent/api/handoffs/" + encodeURIComponent(state.selected) + "/" + action, {}).then(function (data) {
      announce(data.ok ? s(doneKey) : s("conflict"));
      refreshDetail();
      refreshQueue();
    });
  }

  function stopPolling() { state.timers.forEach(clearInterval); state.timers = []; }

  function showLogin() {
    stopPolling();
    state.agent = null;
    $("inbox").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    applyStrings();
    $("name").focus();
  }

  function showInbox(agent) {
    state.agent = agent;
    $("login").hidden = true;
    $("inbox").hidden = false;
    $("logout").hidden = false;
    applyStrings();
    refreshQueue();
    stopPolling();
    state.timers.push(setInterval(refreshQueue, 2000));
    state.timers.push(setInterval(refreshDetail, 1500));
  }

  function bind() {
    $("lang").addEventListener("change", function () {
      state.lang = $("lang").value;
      try { window.localStorage.setItem("agent-lang", state.lang); } catch (e) { /* storage off */ }
      applyStrings();
    });
    $("login-form").addEventListener("submit", function (e) {
      e.preventDefault();
      api("POST", "/agent/api/login", { name: $("name").value, password: $("password").value }).then(function (data) {
        $("password").value = "";
        if (data.ok) { $("login-error").textContent = ""; showInbox(data); return; }
        $("login-error").textContent = data.status === 423 ? s("locked") : data.status === 429 ? s("limited") : s("bad");
      });
    });
    $("logout").addEventListener("click", function () { api("POST", "/agent/api/logout", {}).then(showLogin); });
    $("claim").addEventListener("click", function () { act("claim", "claimed"); $("reply").focus(); });
    $("return").addEventListener("click", function () { act("return", "returned"); });
    $("close").addEventListener("click", function () { act("close", "closedDone"); });
    $("reply-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var text = $("reply").value;
      if (!text.trim()) { return; }
      api("POST", "/agent/api/handoffs/" + encodeURIComponent(state.selected) + "/reply", { text: text }).then(function (data) {
        if (data.ok) { $("reply").value = ""; announce(s("sent")); refreshDetail(); } else { announce(s("conflict")); }
      });
    });
    $("reply").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("reply-form").requestSubmit(); }
    });
  }

  function start() {
    try { state.lang = window.localStorage.getItem("agent-lang") || state.lang; } catch (e) { /* default */ }
    if (!STRINGS[state.lang]) { state.lang = "vi"; }
    $("lang").value = state.lang;
    bind();
    api("GET", "/agent/api/me").then(function (data) { if (data.ok) { showInbox(data); } else { showLogin(); } });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
