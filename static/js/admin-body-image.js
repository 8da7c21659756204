// The body editor's photo picker: hand the uploaded photo (address, alt text, caption) back to
// the figure dialog that opened this window, through the CKEditor-style callback
// django-prose-editor listens on, then close. Opened on its own, the page shows the address.
const uploaded = document.getElementById("body-image-uploaded");
const editor = window.opener && window.opener.CKEDITOR;

if (uploaded && uploaded.dataset.callback && editor) {
  const { callback, url, alt, caption } = uploaded.dataset;
  editor.tools.callFunction(Number(callback), url, { alternative_text: alt, caption });
  window.close();
}
