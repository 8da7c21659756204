// Prompt actions in place: "Remind me later", Undo, closing the banner, "I already support you".
// Every action is a form that works without JavaScript (POST, then back to the page); here the
// same endpoints answer with JSON, the page changes without a reload, focus stays somewhere
// sensible and the result is announced politely.
const live = document.querySelector("[data-support-live]");
const banner = () => document.querySelector("[data-support-banner]");
const appeal = () => document.querySelector("[data-support-appeal]");
let hidden = [];

function announce(message) {
  if (!live) return;
  live.textContent = "";
  window.setTimeout(() => { live.textContent = message; }, 50);
}

async function send(form) {
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

function hide(element) {
  if (!element) return;
  const marker = document.createComment("support prompt");
  element.replaceWith(marker);
  hidden.push([marker, element]);
}

function restore() {
  for (const [marker, element] of hidden) marker.replaceWith(element);
  hidden = [];
}

function snoozedNotice(message, anchor) {
  const notice = document.createElement("div");
  notice.className = "support-notice";
  notice.tabIndex = -1;
  notice.dataset.supportNotice = "";
  const text = document.createElement("p");
  text.textContent = message;
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/support/remind-me-later/undo/";
  form.dataset.promptAction = "undo";
  const button = document.createElement("button");
  button.className = "link-button";
  button.type = "submit";
  button.textContent = "Undo";
  form.append(button);
  notice.append(text, form);
  anchor.before(notice);
  return notice;
}

const actions = {
  async snooze(form) {
    const { message } = await send(form);
    const place = appeal() || banner();
    const marker = document.createComment("notice");
    place?.before(marker);
    hide(banner());
    hide(appeal());
    const notice = snoozedNotice(message, marker);
    marker.remove();
    notice.focus();
    announce(message);
  },
  async undo(form) {
    const { message } = await send(form);
    const notice = form.closest("[data-support-notice]");
    restore();
    const target = appeal()?.querySelector("button") || banner()?.querySelector("a");
    notice?.remove();
    if (target) target.focus();
    announce(message);
  },
  async close(form) {
    const { message } = await send(form);
    banner()?.remove();
    document.getElementById("main")?.focus();
    announce(message);
  },
  async already(form) {
    const { message } = await send(form);
    banner()?.remove();
    const place = appeal();
    if (place) {
      const thanks = document.createElement("p");
      thanks.className = "support-notice";
      thanks.tabIndex = -1;
      thanks.textContent = message;
      place.replaceWith(thanks);
      thanks.focus();
    }
    announce(message);
  },
};

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-prompt-action]");
  if (!form || !actions[form.dataset.promptAction]) return;
  event.preventDefault();
  try {
    await actions[form.dataset.promptAction](form);
  } catch {
    form.submit(); // fall back to the plain form post
  }
});

document.addEventListener("keydown", (event) => {
  const element = banner();
  if (event.key !== "Escape" || !element || !element.contains(document.activeElement)) return;
  const form = element.querySelector('form[data-prompt-action="close"]');
  if (form) form.requestSubmit();
});

// A page the browser kept from before the reader acted: restored from the back/forward cache
// (the page as it was, scripts and all: "pageshow" with `persisted`), or read again from the
// browser's HTTP cache by the back button without asking the server (this script runs anew).
// Either way it may hold asks the reader has since dismissed, or gave to stop. The server
// writes the dates with its (httponly) support cookie into a readable one, "<asks>-<banner>"
// in Unix seconds; the asks it says are hidden come off. Nothing is added back: a page the
// server rendered for this reader already shows what it should.
function hideDismissedAsks() {
  const hint = document.cookie.match(/(?:^|;\s*)support_hint=(\d+)-(\d+)/);
  if (!hint) return;
  const now = Date.now() / 1000;
  if (now < Number(hint[1])) appeal()?.remove();
  if (now < Number(hint[2])) banner()?.remove();
}

hideDismissedAsks();
window.addEventListener("pageshow", (event) => {
  if (event.persisted) hideDismissedAsks();
});

// Impressions: count a prompt once it is at least half visible. Nothing about the reader is sent.
if ("IntersectionObserver" in window && navigator.sendBeacon) {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      navigator.sendBeacon(entry.target.dataset.promptSeen);
      observer.unobserve(entry.target);
    }
  }, { threshold: 0.5 });
  document.querySelectorAll("[data-prompt-seen]").forEach((element) => observer.observe(element));
}
