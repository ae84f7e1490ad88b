/*
 * Support chat widget: dependency-free, talks only to its own backend.
 *
 * Safety rule: bot and user text only ever reach the DOM through textContent
 * (see appendText); links are rebuilt as elements and only for allow-listed
 * hosts. The page's CSP forbids inline script and style as a second lock.
 */
(function () {
  "use strict";

  var STRINGS = window.SupportWidgetStrings;
  /* Where the backend is. On our own page that is this origin (cookie session).
     Embedded on a host site (one <script src=".../embed.js"> tag) it is the
     script's origin: calls are cross-origin, allowed by the backend's CORS
     allow-list, and carry the session id as a bearer value instead of a cookie. */
  var SCRIPT = document.currentScript;
  var BASE = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src, location.href).origin : location.origin;
  var EMBEDDED = BASE !== location.origin;
  var HOST = window.SupportWidgetSettings || {};
  var SESSION_KEY = "sw-session:" + BASE;
  var LINK_HOSTS = ["support.microsoft.com", "learn.microsoft.com", "account.microsoft.com", "partner.microsoft.com"];
  var LINK_RE = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"')\]]+)/g;

  var state = { lang: "vi", busy: false, pending: null, failedBubble: null, customers: [], demo: true, turns: 0,
    handoff: null, lastId: null, polling: false };
  var ui = {};

  /* Material Design icon paths (Apache-2.0), drawn as SVG: no emoji font needed. */
  var ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    up: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    down: "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z"
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "sw-svg");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function s(key) { return STRINGS[state.lang][key]; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; }
      else if (name === "className") { node.className = attrs[name]; }
      else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  /* The language chosen in this widget on this page (selector or a switch in the
     chat) survives a reload of the same page; another page opens in its own
     language, so the English page never inherits Vietnamese from the other one. */
  var LANG_KEY = "sw-lang:" + location.pathname;

  function rememberLanguage(lang) {
    try { window.sessionStorage.setItem(LANG_KEY, lang); } catch (e) { /* storage off: page language */ }
  }

  function defaultLanguage() {
    var chosen = null;
    try { chosen = window.sessionStorage.getItem(LANG_KEY); } catch (e) { chosen = null; }
    if (chosen && STRINGS[chosen]) { return chosen; }
    var page = (document.documentElement.lang || navigator.language || "vi").slice(0, 2).toLowerCase();
    return STRINGS[page] ? page : "vi";
  }

  function allowedUrl(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === "https:" && LINK_HOSTS.indexOf(url.hostname) !== -1 ? url : null;
    } catch (e) { return null; }
  }

  /* Text -> text nodes and allow-listed <a> elements. Never HTML. */
  function appendText(parent, text) {
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      var url = allowedUrl(match[2] || match[3]);
      if (!url) { continue; }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", { href: url.href, target: "_blank", rel: "noopener noreferrer", text: match[1] || match[3] });
      link.appendChild(el("span", { className: "sw-sr sw-newtab", text: " " + s("newTab") }));
      parent.appendChild(link);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function storedSession() {
    try { return window.localStorage.getItem(SESSION_KEY); } catch (e) { return null; }
  }

  function keepSession(token) {
    try { window.localStorage.setItem(SESSION_KEY, token); } catch (e) { /* storage off: one page view */ }
  }

  function api(method, path, body, timeoutMs) {
    var options = { method: method, credentials: EMBEDDED ? "omit" : "same-origin", headers: { "Accept": "application/json" } };
    if (EMBEDDED && storedSession()) { options.headers["Authorization"] = "Bearer " + storedSession(); }
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (timeoutMs && window.AbortController) {
      var abort = new AbortController();
      options.signal = abort.signal;
      setTimeout(function () { abort.abort(); }, timeoutMs);  // a connection that went quiet
    }
    return fetch(BASE + path, options).then(function (resp) {
      return resp.json().catch(function () { return { ok: false, error: "unavailable" }; })
        .then(function (data) {
          if (data.session_token) { keepSession(data.session_token); }
          data.status = resp.status;
          return data;
        });
    });
  }

  /* The host site's signed statement of who its signed-in customer is (a JWT its
     server made), or null for a visitor who is not signed in. */
  function hostIdentity() {
    var token = HOST.userJwt || (SCRIPT && SCRIPT.getAttribute("data-user-jwt")) || null;
    return api("POST", "/api/identify", { user_jwt: token });
  }

  function addStylesheet() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = BASE + "/static/widget.css";
    document.head.appendChild(link);
  }

  function scrollToEnd() { ui.log.scrollTop = ui.log.scrollHeight; }

  function speaker(role, agent) {
    if (role === "user") { return s("you") + " "; }
    if (role === "agent") { return s("agentLabel").replace("{name}", agent || "") + " "; }
    return s("bot") + " ";
  }

  function addBubble(role, text, extraClass, agent) {
    var bubble = el("div", { className: "sw-msg sw-" + role + (extraClass ? " " + extraClass : "") });
    var label = el("span", { className: role === "agent" ? "sw-speaker sw-agent-name" : "sw-sr sw-speaker", text: speaker(role, agent) });
    if (role === "agent") { label.setAttribute("data-agent", agent || ""); }
    bubble.appendChild(label);
    var body = el("p", { className: "sw-text" });
    appendText(body, text || "");
    bubble.appendChild(body);
    ui.log.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  function addNotice(text) {
    ui.log.appendChild(el("p", { className: "sw-notice", text: text }));
    scrollToEnd();
  }

  function addQuickReplies(bubble, buttons, used, onPick) {
    var group = el("div", { className: "sw-quick", role: "group" });
    buttons.forEach(function (b) {
      var btn = el("button", { type: "button", className: "sw-chip", text: b.title });
      btn.disabled = !!used;
      btn.addEventListener("click", function () {
        if (state.busy) { return; }  // one message at a time; the chip stays usable
        Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
        btn.classList.add("sw-chosen");
        onPick(b);
      });
      group.appendChild(btn);
    });
    bubble.appendChild(group);
  }

  function addThumbs(bubble, message) {
    var row = el("div", { className: "sw-thumbs", role: "group" });
    ["up", "down"].forEach(function (rating) {
      var btn = el("button", { type: "button", className: "sw-thumb sw-thumb-" + rating, "aria-label": s(rating),
        "aria-pressed": message.rating === rating ? "true" : "false", title: s(rating) }, [icon(rating)]);
      btn.addEventListener("click", function () { rate(message, rating, row); });
      row.appendChild(btn);
    });
    bubble.appendChild(row);
  }

  function rate(message, rating, row) {
    api("POST", "/api/feedback", { message_id: message.id, rating: rating }).then(function (data) {
      if (!data.ok) { return; }
      message.rating = rating;
      Array.prototype.forEach.call(row.querySelectorAll("button"), function (b) {
        b.setAttribute("aria-pressed", b.classList.contains("sw-thumb-" + rating) ? "true" : "false");
      });
      ui.status.textContent = s("thanks");
    });
  }

  function renderMessage(message) {
    if (message.id) { state.lastId = message.id; }
    if (message.role === "user") { return addBubble("user", message.text); }
    if (message.role === "agent") { return addBubble("agent", message.text, null, message.agent); }
    return renderBot(message);
  }

  function renderBot(message) {
    if (message.id) { state.lastId = message.id; }
    var bubble = addBubble("bot", message.text);
    bubble.setAttribute("data-id", message.id);
    if (message.buttons && message.buttons.length) {
      addQuickReplies(bubble, message.buttons, message.used, function (b) { send(b.payload, b.title, message.id); });
    }
    addThumbs(bubble, message);
    scrollToEnd();
    if (message.set_language) { setLanguage(message.set_language); }
    return bubble;
  }

  function renderGreeting() {
    var bubble = addBubble("bot", s("greeting"), "sw-greeting");
    addQuickReplies(bubble, s("topics"), false, function (topic) { send(topic.message, topic.title, null); });
  }

  function renderTranscript(transcript) {
    ui.log.textContent = "";
    renderGreeting();
    state.lastId = null;
    transcript.forEach(renderMessage);
  }

  function setBusy(busy) {
    state.busy = busy;
    if (!busy) { state.turns += 1; ui.root.setAttribute("data-turns", String(state.turns)); }
    ui.typing.hidden = !busy;
    ui.send.disabled = busy;
    ui.status.textContent = busy ? s("typing") : "";
    if (busy) { scrollToEnd(); }
  }

  function showError(pending) {
    state.pending = pending;
    ui.error.hidden = false;
    ui.errorText.textContent = s("error");
    scrollToEnd();
  }

  function clearError() {
    state.pending = null;
    ui.error.hidden = true;
    if (state.failedBubble) { state.failedBubble.remove(); state.failedBubble = null; }
  }

  /* Send one message. The user bubble is shown at once and kept on failure. */
  function send(message, display, replyTo) {
    if (state.busy) { return; }
    clearError();
    var typed = display ? null : message;
    var bubble = addBubble("user", display || message);
    setBusy(true);
    var body = { message: message, language: state.lang };
    if (display) { body.display = display; }
    if (replyTo) { body.reply_to = replyTo; }
    api("POST", "/api/chat", body).then(function (data) {
      setBusy(false);
      if (data.ok) {
        if (data.user && data.user.id) { state.lastId = data.user.id; }
        (data.messages || []).forEach(renderBot);
        if (data.handoff !== undefined) { setHandoff(data.handoff); }
        // Long answers: show the question and the start of the answer, not its end.
        ui.log.scrollTop = Math.max(0, bubble.offsetTop - ui.log.offsetTop - 8);
        return;
      }
      if (data.error === "unavailable") {
        bubble.classList.add("sw-failed");
        state.failedBubble = bubble;
        showError({ message: message, display: display, reply_to: replyTo });
        return;
      }
      bubble.remove();
      if (typed && !ui.input.value) { ui.input.value = typed; }
      (data.messages || []).forEach(function (m) { addNotice(m.text); });
    }).catch(function () {
      setBusy(false);
      bubble.classList.add("sw-failed");
      state.failedBubble = bubble;
      showError({ message: message, display: display, reply_to: replyTo });
    });
  }

  function retry() {
    var p = state.pending;
    if (!p) { return; }
    send(p.message, p.display, p.reply_to);
  }

  function applyStrings() {
    ui.launcher.setAttribute("aria-label", s("launcher"));
    ui.launcherText.textContent = s("launcherText");
    ui.panel.setAttribute("aria-label", s("dialog"));
    ui.title.textContent = s("title");
    ui.subtitle.textContent = s("subtitle");
    ui.close.setAttribute("aria-label", s("close"));
    ui.close.title = s("close");
    ui.langLabel.textContent = s("language");
    ui.restart.textContent = s("restart");
    ui.human.textContent = s("human");
    ui.inputLabel.textContent = s("inputLabel");
    ui.input.placeholder = s("placeholder");
    ui.send.textContent = s("send");
    ui.typingText.textContent = s("typing");
    ui.retry.textContent = s("retry");
    ui.contactTitle.textContent = s("contactTitle");
    ui.contactEmailLabel.textContent = s("contactEmail");
    ui.contactTextLabel.textContent = s("contactMessage");
    ui.contactSend.textContent = s("contactSend");
    if (state.handoff) { setHandoff(state.handoff); }
    if (!ui.error.hidden) { ui.errorText.textContent = s("error"); }
    ui.signinLabel.textContent = s("signin");
    renderCustomers();
    relabel();
    var greeting = ui.log.querySelector(".sw-greeting .sw-text");
    if (greeting) { greeting.textContent = s("greeting"); }
    var chips = ui.log.querySelectorAll(".sw-greeting .sw-chip");
    s("topics").forEach(function (topic, i) { if (chips[i]) { chips[i].textContent = topic.title; } });
  }

  /* Screen-reader labels already in the log follow the language too. */
  function relabel() {
    var each = function (selector, fn) { Array.prototype.forEach.call(ui.log.querySelectorAll(selector), fn); };
    each(".sw-user > .sw-speaker", function (n) { n.textContent = s("you") + " "; });
    each(".sw-bot > .sw-speaker", function (n) { n.textContent = s("bot") + " "; });
    each(".sw-agent > .sw-speaker", function (n) { n.textContent = speaker("agent", n.getAttribute("data-agent")); });
    each(".sw-newtab", function (n) { n.textContent = " " + s("newTab"); });
    each(".sw-thumb-up", function (n) { n.setAttribute("aria-label", s("up")); n.title = s("up"); });
    each(".sw-thumb-down", function (n) { n.setAttribute("aria-label", s("down")); n.title = s("down"); });
  }

  function setLanguage(lang) {
    if (!STRINGS[lang] || lang === state.lang) { return; }
    rememberLanguage(lang);
    state.lang = lang;
    ui.lang.value = lang;
    ui.panel.setAttribute("lang", lang);
    applyStrings();
  }

  function renderCustomers() {
    var current = ui.signin.value;
    ui.signin.textContent = "";
    ui.signin.appendChild(el("option", { value: "", text: s("anonymous") }));
    state.customers.forEach(function (c) { ui.signin.appendChild(el("option", { value: c.id, text: c.name })); });
    ui.signin.value = current;
    ui.signinLabel.hidden = !state.demo;  // "Start over" in the same row stays
    ui.signin.hidden = !state.demo;
  }

  /* Hand-off: while a person holds (or is about to take) the conversation, the widget
     long-polls the backend for their replies; when nobody is there it offers a form
     to leave an email and a message. */
  function setHandoff(handoff) {
    var before = state.handoff ? state.handoff.status : null;
    state.handoff = handoff || null;
    var status = state.handoff ? state.handoff.status : null;
    var active = status === "waiting" || status === "claimed";
    ui.handoffNote.hidden = !active;
    ui.human.hidden = active;  // a person is already on the way
    if (active) {
      ui.handoffNote.textContent = status === "claimed"
        ? s("agentJoined").replace("{name}", state.handoff.agent || "") : s("agentWaiting");
    }
    ui.contact.hidden = status !== "unattended";
    if (active && !state.polling) { poll(); }
    if (status === "unattended" && before !== "unattended" && ui.panel && !ui.panel.hidden) { ui.contactEmail.focus(); }
  }

  function poll() {
    if (!state.handoff || (state.handoff.status !== "waiting" && state.handoff.status !== "claimed")) {
      state.polling = false;
      return;
    }
    state.polling = true;
    var query = "?status=" + encodeURIComponent(state.handoff.status) + (state.lastId ? "&after=" + encodeURIComponent(state.lastId) : "");
    api("GET", "/api/updates" + query, undefined, 30000).then(function (data) {
      if (!data.ok) { throw new Error("updates"); }
      (data.messages || []).forEach(function (m) {
        // The customer's own messages are already on screen (send() drew them).
        if (m.role === "user") { state.lastId = m.id; return; }
        if (!ui.log.querySelector('[data-id="' + m.id + '"]')) { renderMessage(m).setAttribute("data-id", m.id); }
      });
      state.polling = false;
      setHandoff(data.handoff);
      var after = data.handoff ? data.handoff.status : null;
      if (after !== "waiting" && after !== "claimed") {
        // The agent handed back or closed: the closing note is written just after the
        // status changes, so read the whole conversation once more to be sure of it.
        setTimeout(resync, 400);
      }
    }).catch(function () {
      setTimeout(function () { state.polling = false; poll(); }, 2000);  // reconnect after a pause
    });
  }

  function resync() {
    api("GET", "/api/session").then(function (data) {
      if (data.ok) { renderTranscript(data.transcript || []); setHandoff(data.handoff); }
    });
  }

  function sendContact(e) {
    e.preventDefault();
    var body = { email: ui.contactEmail.value, message: ui.contactText.value };
    api("POST", "/api/contact", body).then(function (data) {
      (data.messages || []).forEach(data.ok ? renderBot : function (m) { addNotice(m.text); });
      if (data.ok) { ui.contactText.value = ""; setHandoff(data.handoff); ui.input.focus(); }
    });
  }

  function applySession(data, notice) {
    clearError();
    renderTranscript(data.transcript || []);
    setHandoff(data.handoff);
    ui.signin.value = data.customer ? data.customer.id : "";
    if (notice) { addNotice(notice); }
  }

  function signIn() {
    var id = ui.signin.value || null;
    api("POST", "/api/signin", { customer_id: id }).then(function (data) {
      if (!data.ok) { (data.messages || []).forEach(function (m) { addNotice(m.text); }); return; }
      var name = data.customer ? data.customer.name : null;
      applySession(data, name ? s("signedIn").replace("{name}", name) : s("signedOut"));
    });
  }

  function restart() {
    api("POST", "/api/restart", {}).then(function (data) {
      if (data.ok) { applySession(data, s("restarted")); ui.input.focus(); }
    });
  }

  function open() {
    ui.panel.hidden = false;
    ui.root.classList.add("sw-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    scrollToEnd();
    ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.root.classList.remove("sw-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function build() {
    ui.launcherText = el("span", { className: "sw-launcher-text" });
    ui.launcher = el("button", { type: "button", className: "sw-launcher", "aria-expanded": "false", "aria-controls": "sw-panel" },
      [icon("chat"), ui.launcherText]);
    ui.title = el("h2", { className: "sw-title", id: "sw-title" });
    ui.subtitle = el("p", { className: "sw-subtitle" });
    ui.close = el("button", { type: "button", className: "sw-icon-btn sw-close", text: "\u00D7" });
    ui.langLabel = el("label", { for: "sw-lang", className: "sw-sr" });
    ui.lang = el("select", { id: "sw-lang", className: "sw-lang" },
      [el("option", { value: "vi", lang: "vi", text: "Tiếng Việt" }), el("option", { value: "en", lang: "en", text: "English" })]);
    ui.restart = el("button", { type: "button", className: "sw-link-btn sw-restart" });
    var header = el("div", { className: "sw-header" }, [
      el("div", { className: "sw-heading" }, [ui.title, ui.subtitle]),
      el("div", { className: "sw-tools" }, [ui.langLabel, ui.lang, ui.close])
    ]);
    ui.signinLabel = el("label", { for: "sw-signin" });
    ui.signin = el("select", { id: "sw-signin", className: "sw-signin" });
    ui.signinRow = el("div", { className: "sw-signin-row" }, [ui.signinLabel, ui.signin, ui.restart]);
    ui.log = el("div", { className: "sw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0", "aria-labelledby": "sw-title" });
    ui.typingText = el("span", { className: "sw-sr" });
    ui.typing = el("div", { className: "sw-typing", "aria-hidden": "true" },
      [el("span", { className: "sw-dot" }), el("span", { className: "sw-dot" }), el("span", { className: "sw-dot" }), ui.typingText]);
    ui.status = el("p", { className: "sw-sr", role: "status" });
    ui.errorText = el("span", { className: "sw-error-text" });
    ui.retry = el("button", { type: "button", className: "sw-retry" });
    ui.error = el("div", { className: "sw-error", role: "alert" }, [ui.errorText, ui.retry]);
    ui.human = el("button", { type: "button", className: "sw-human" });
    ui.handoffNote = el("p", { className: "sw-handoff", role: "status" });
    ui.contactTitle = el("p", { className: "sw-contact-title", id: "sw-contact-title" });
    ui.contactEmailLabel = el("label", { for: "sw-contact-email" });
    ui.contactEmail = el("input", { id: "sw-contact-email", type: "email", autocomplete: "email", required: "required", maxlength: "254" });
    ui.contactTextLabel = el("label", { for: "sw-contact-text" });
    ui.contactText = el("textarea", { id: "sw-contact-text", rows: "2", required: "required", maxlength: "1000" });
    ui.contactSend = el("button", { type: "submit", className: "sw-send sw-contact-send" });
    ui.contact = el("form", { className: "sw-contact", "aria-labelledby": "sw-contact-title" },
      [ui.contactTitle, ui.contactEmailLabel, ui.contactEmail, ui.contactTextLabel, ui.contactText, ui.contactSend]);
    ui.inputLabel = el("label", { for: "sw-input", className: "sw-sr" });
    ui.input = el("textarea", { id: "sw-input", className: "sw-input", rows: "1", autocomplete: "off" });
    ui.send = el("button", { type: "submit", className: "sw-send" });
    ui.form = el("form", { className: "sw-form" }, [ui.inputLabel, ui.input, ui.send]);
    ui.panel = el("section", { id: "sw-panel", className: "sw-panel", role: "dialog", "aria-labelledby": "sw-title" },
      [header, ui.signinRow, ui.log, ui.typing, ui.status, ui.error, ui.handoffNote, ui.contact,
        el("div", { className: "sw-actions" }, [ui.human]), ui.form]);
    ui.root = el("div", { className: "sw-root" }, [ui.panel, ui.launcher]);
    ui.typing.hidden = true;
    ui.error.hidden = true;
    ui.panel.hidden = true;
    ui.handoffNote.hidden = true;
    ui.contact.hidden = true;
    document.body.appendChild(ui.root);
  }

  function bind() {
    ui.launcher.addEventListener("click", function () { if (ui.panel.hidden) { open(); } else { close(); } });
    ui.close.addEventListener("click", close);
    ui.root.addEventListener("keydown", function (e) { if (e.key === "Escape" && !ui.panel.hidden) { e.preventDefault(); close(); } });
    ui.lang.addEventListener("change", function () { setLanguage(ui.lang.value); });
    ui.signin.addEventListener("change", signIn);
    ui.restart.addEventListener("click", restart);
    ui.retry.addEventListener("click", retry);
    ui.contact.addEventListener("submit", sendContact);
    ui.human.addEventListener("click", function () { send("/human_handoff", s("human"), null); });
    ui.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = ui.input.value;
      if (!text.trim() || state.busy) { return; }
      ui.input.value = "";
      send(text, null, null);
    });
    ui.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ui.form.requestSubmit(); }
    });
  }

  function start() {
    if (EMBEDDED) { addStylesheet(); }
    build();
    bind();
    state.lang = defaultLanguage();
    ui.lang.value = state.lang;
    ui.panel.setAttribute("lang", state.lang);
    applyStrings();
    renderGreeting();
    ui.root.setAttribute("data-ready", "loading");
    ui.root.setAttribute("data-turns", "0");
    var ready = EMBEDDED ? hostIdentity().catch(function () { return null; }) : Promise.resolve(null);
    ready.then(function () {
      return Promise.all([api("GET", "/api/session"), api("GET", "/api/demo-customers")]);
    }).then(function (res) {
      var session = res[0];
      var demo = res[1];
      state.demo = !!demo.enabled;
      state.customers = demo.customers || [];
      // The page's own language wins when the widget is opened on it, even if
      // this session chatted in the other language on the other page.
      applyStrings();
      if (session.ok) {
        applySession(session, null);
        if (session.pending) {
          var p = session.pending;
          state.failedBubble = addBubble("user", p.display || p.message, "sw-failed");
          showError(p);
        }
      }
      ui.root.setAttribute("data-ready", "true");
    }).catch(function () { ui.root.setAttribute("data-ready", "true"); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
