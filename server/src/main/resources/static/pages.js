// Small behaviours shared by the pages, kept out of the markup so that the content security policy
// can forbid inline script: a <select data-autosubmit> submits its form when it changes, and every
// <time datetime> reads as a relative time ("3 h 5 min ago") with the absolute time in the viewer's
// own time zone on hover.
(function () {
  'use strict';
  function relative(ms) {
    var s = Math.round(Math.abs(ms) / 1000), past = ms < 0, text;
    if (s < 60) text = 'moments';
    else if (s < 3600) text = Math.round(s / 60) + ' min';
    else if (s < 86400) text = Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    else text = Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
    return past ? text + ' ago' : 'in ' + text;
  }

  function times() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll('time[datetime]').forEach(function (t) {
      var at = new Date(t.getAttribute('datetime'));
      if (isNaN(at)) return;
      t.title = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) + ' (' + zone + ')';
      t.textContent = relative(at.getTime() - Date.now());
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', times);
  } else {
    times();
  }
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute('data-autosubmit') && t.form) {
      t.form.requestSubmit ? t.form.requestSubmit() : t.form.submit();
    }
  });
})();
