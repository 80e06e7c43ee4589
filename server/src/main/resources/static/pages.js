// Small behaviours shared by the pages, kept out of the markup so that the content security policy
// can forbid inline script: a <select data-autosubmit> submits its form when it changes.
(function () {
  'use strict';
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute('data-autosubmit') && t.form) {
      t.form.requestSubmit ? t.form.requestSubmit() : t.form.submit();
    }
  });
})();
