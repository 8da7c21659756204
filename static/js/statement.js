// The statement's "Print or save as PDF" button: the browser's print dialogue, whose "Save as
// PDF" printer makes the PDF (the print stylesheet leaves only the statement on the page).
// Without JavaScript the button stays hidden and the page says how to print it.
const button = document.querySelector("[data-print]");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
