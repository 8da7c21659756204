// The impression budget (donations.budget): at most `data-ask-budget` asks, banner and appeal
// alike, in `data-ask-budget-days` days, and the full banner `data-full-banner-views` times
// before the compact one. Counted here, in the reader's own browser: the times of the asks shown
// are kept in local storage, pruned to the window, and never sent anywhere; the server sends
// every reader the same page. Without JavaScript, or without a usable local storage (private
// modes, a full or unreadable record), every ask shows as the prompts say.
//
// A classic script in <head>, not deferred: it sets classes on <html> before the body is painted,
// so an ask the budget leaves out is never drawn and then taken away (static/css/prompts.css).
(() => {
  const root = document.documentElement;
  const KEY = "newsroom.asks";
  const DAY = 24 * 60 * 60 * 1000;
  const whole = (value) => (/^\d+$/.test(value ?? "") ? Number(value) : null);
  const budget = whole(root.dataset.askBudget); // 0: no limit
  const days = whole(root.dataset.askBudgetDays);
  const fullViews = whole(root.dataset.fullBannerViews);
  if (budget === null || !days || fullViews === null) return;
  const span = days * DAY;

  function store() {
    try {
      return window.localStorage; // throws where the reader's settings forbid it
    } catch {
      return null;
    }
  }

  // The record, {asks: [times], full: [times]} in milliseconds, without what fell out of the
  // window (or lies in the future: a clock put back); null where it cannot be read.
  function read() {
    const storage = store();
    if (!storage) return null;
    let record;
    try {
      record = JSON.parse(storage.getItem(KEY) ?? '{"asks": [], "full": []}');
    } catch {
      return null;
    }
    if (!record || !Array.isArray(record.asks) || !Array.isArray(record.full)) return null;
    const now = Date.now();
    const recent = (times) => times.filter((t) => Number.isFinite(t) && t > now - span && t <= now);
    return { asks: recent(record.asks), full: recent(record.full) };
  }

  function write(record) {
    try {
      store()?.setItem(KEY, JSON.stringify(record));
    } catch {
      // Full, or refused: this ask goes uncounted, as without JavaScript.
    }
  }

  // What this page shows, decided once as it loads (and again when the back/forward cache
  // brings it back): none when the budget is spent; only the first ask, the banner, when one is
  // left; the compact banner once the full one was shown enough times.
  function decide() {
    root.classList.remove("asks-spent", "asks-last", "asks-compact");
    const record = read();
    if (!record) return;
    if (budget && record.asks.length >= budget) root.classList.add("asks-spent");
    else if (budget && record.asks.length === budget - 1) root.classList.add("asks-last");
    if (record.full.length >= fullViews) root.classList.add("asks-compact");
  }

  // An ask counts once at least half of it is on screen, as the prompts' impression counter.
  function seen(element) {
    const record = read() ?? { asks: [], full: [] };
    const now = Date.now();
    record.asks.push(now);
    const body = element.querySelector(".support-banner__body");
    if (body && getComputedStyle(body).display !== "none") record.full.push(now);
    write(record);
  }

  function watch() {
    if (!("IntersectionObserver" in window)) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          seen(entry.target);
          observer.unobserve(entry.target);
        }
      },
      { threshold: 0.5 },
    );
    document
      .querySelectorAll("[data-support-banner], [data-support-appeal]")
      .forEach((element) => observer.observe(element));
  }

  decide();
  document.addEventListener("DOMContentLoaded", watch);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) decide();
  });
})();
