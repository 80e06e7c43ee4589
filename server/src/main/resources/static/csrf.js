// Adds the page's anti-forgery token to every form submission (hidden field) and every htmx
// request (header), so that no form needs to carry it by hand. The server refuses cookie-borne
// unsafe requests without it.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) return;
  var token = meta.getAttribute('content');

  function stamp(form) {
    if (!form || form.tagName !== 'FORM') return;
    if ((form.getAttribute('method') || 'get').toLowerCase() === 'get') return;
    var field = form.querySelector('input[name="_csrf"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = '_csrf';
      // first in the form, so a multipart body carries it before any file
      form.insertBefore(field, form.firstChild);
    }
    field.value = token;
  }

  function stampAll(root) {
    if (root.tagName === 'FORM') stamp(root);
    if (root.querySelectorAll) root.querySelectorAll('form').forEach(stamp);
  }

  document.addEventListener('submit', function (e) { stamp(e.target); }, true);
  document.addEventListener('htmx:configRequest', function (e) { e.detail.headers['X-CSRF-Token'] = token; });
  document.addEventListener('htmx:load', function (e) { stampAll(e.target); });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { stampAll(document); });
  } else {
    stampAll(document);
  }
})();
