// Support form: show the preset amounts of the chosen frequency and currency, and keep one
// amount chosen at a time. The form works without this; it only saves a reload.
const form = document.querySelector("form[data-support-data]");
const dataElement = form && document.getElementById(form.dataset.supportData);

if (form && dataElement) {
  const data = JSON.parse(dataElement.textContent);
  const presets = form.querySelector("[data-presets]");
  const other = form.querySelector("#amount-other");
  const minimum = form.querySelector("[data-minimum]");
  // The currency the amounts are in, which the server checks against the one chosen.
  const amountsIn = form.querySelector("[data-amounts-in]");
  // One preset as the server rendered it, so its markup stays in the template.
  const model = presets.querySelector("label")?.cloneNode(true);

  const chosen = (name) =>
    form.querySelector(`[name="${name}"]:checked, select[name="${name}"]`)?.value;

  function presetChoice([value, label, recommended]) {
    const item = model ? model.cloneNode(true) : newChoice();
    const input = item.querySelector("input");
    input.value = value;
    input.checked = input.defaultChecked = false;
    item.querySelector("[data-preset-label]").textContent = label;
    const tag = item.querySelector("[data-preset-tag]");
    if (tag) tag.hidden = !recommended;
    return item;
  }

  function newChoice() {
    const item = document.createElement("label");
    const input = document.createElement("input");
    const label = document.createElement("span");
    item.className = "choice choice--amount";
    Object.assign(input, { type: "radio", name: "amount" });
    label.dataset.presetLabel = "";
    item.append(input, " ", label);
    return item;
  }

  // Each currency may offer its own number of amounts: the list is rebuilt, not relabelled.
  function renderPresets() {
    const frequency = chosen("frequency");
    const currency = chosen("currency");
    const amounts = data.presets[currency]?.[frequency];
    if (!amounts) return;
    const previous = presets.querySelector("input:checked")?.value;
    const hadFocus = presets.contains(document.activeElement);
    presets.replaceChildren(...amounts.map(presetChoice));
    const inputs = [...presets.querySelectorAll("input")];
    if (!other.value.trim() && inputs.length) {
      // The same amount if it is offered again, else the recommended one, as the page marks it.
      const same = inputs.find((input) => input.value === previous);
      const recommended = inputs[amounts.findIndex((amount) => amount[2])] ?? inputs[0];
      (same ?? recommended).checked = true;
    }
    if (hadFocus) (presets.querySelector("input:checked") ?? inputs[0] ?? other).focus();
    minimum.textContent = data.minimums[currency][frequency];
    if (amountsIn) amountsIn.value = currency;
  }

  // The fee cover's figure follows the amount and currency. The server makes it (and makes it
  // again from the amount when the form is sent); this only asks for the words to show.
  const feeCover = form.querySelector("[data-fee-cover]");
  let feeTimer;
  let feeAsked = 0;

  async function renderFeeCover() {
    if (!feeCover) return;
    const asked = ++feeAsked;
    const amount = other.value.trim() || presets.querySelector("input:checked")?.value || "";
    const query = new URLSearchParams({
      amount,
      currency: chosen("currency"),
      frequency: chosen("frequency"),
    });
    try {
      const response = await fetch(`${feeCover.dataset.feeCover}?${query}`);
      if (!response.ok || asked !== feeAsked) return;
      const { label, give } = await response.json();
      if (asked !== feeAsked) return;
      feeCover.querySelector("[data-fee-cover-label]").textContent = label;
      feeCover.hidden = !label;
      if (!label) feeCover.querySelector("input").checked = false;
      showGift(give);
    } catch {
      // Offline or slow: the words stay as they were; the charge is worked out on sending.
      showGift(null);
    }
  }

  // The button states the gift as it now stands, in the server's words ("Give $5 a month"),
  // and the plain words meanwhile, or if they cannot come. From here on this script keeps the
  // button's words, not giving.css's rule for a form changed without JavaScript.
  const giftWords = form.querySelector("[data-gift-words]");
  const plainWords = form.querySelector("[data-plain-words]")?.textContent ?? "";
  form.dataset.giftLive = "";

  function showGift(words) {
    if (giftWords) giftWords.textContent = words || plainWords;
  }

  function renderFeeCoverSoon() {
    clearTimeout(feeTimer);
    feeTimer = setTimeout(renderFeeCover, 250);
  }

  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name !== "cover_fee") showGift(null);
    if (target.name === "frequency" || target.name === "currency") renderPresets();
    if (target.name === "amount" && target.type === "radio") other.value = "";
    if (target.name !== "cover_fee") renderFeeCover();
  });
  other.addEventListener("input", () => {
    showGift(null);
    if (other.value.trim()) {
      presets.querySelectorAll("input").forEach((input) => {
        input.checked = false;
      });
    }
    renderFeeCoverSoon();
  });
}
