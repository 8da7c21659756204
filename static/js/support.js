// Support form: keep the preset amounts in step with the chosen frequency and currency, and
// keep one amount chosen at a time. The form works without this; it only saves a reload.
const form = document.querySelector("form[data-support-data]");
const dataElement = form && document.getElementById(form.dataset.supportData);

if (form && dataElement) {
  const data = JSON.parse(dataElement.textContent);
  const presets = form.querySelector("[data-presets]");
  const other = form.querySelector("#amount-other");
  const minimum = form.querySelector("[data-minimum]");

  const chosen = (name) => form.querySelector(`[name="${name}"]:checked, select[name="${name}"]`)?.value;

  function renderPresets() {
    const frequency = chosen("frequency");
    const currency = chosen("currency");
    const amounts = data.presets[currency]?.[frequency];
    if (!amounts) return;
    const current = form.querySelector('[data-presets] input:checked')?.value;
    const labels = presets.querySelectorAll("label");
    amounts.forEach(([value, label], index) => {
      const item = labels[index];
      if (!item) return;
      const input = item.querySelector("input");
      input.value = value;
      input.checked = current === value && !other.value;
      item.querySelector("[data-preset-label]").textContent = label;
    });
    minimum.textContent = data.minimums[currency][frequency];
  }

  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === "frequency" || target.name === "currency") renderPresets();
    if (target.name === "amount" && target.type === "radio") other.value = "";
  });
  other.addEventListener("input", () => {
    if (other.value.trim()) {
      presets.querySelectorAll("input").forEach((input) => { input.checked = false; });
    }
  });
}
