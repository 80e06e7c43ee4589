// Small behaviours shared by the pages, kept out of the markup so that the content security policy
// can forbid inline script: a <select data-autosubmit> submits its form when it changes, and every
// <time datetime> reads as a relative time ("3 h 5 min ago"), read again every 30 seconds, with the
// absolute time in the viewer's own time zone on hover.
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
  // A page left open keeps its clocks true: "due in 12 min" counts down as the deadline nears.
  setInterval(times, 30000);
  // A lawful request's entry form follows the instrument chosen: "What is asked" offers only the kinds
  // it may carry, the elements it requires are marked "needed" and listed with its clock, and the
  // emergency elements show only for an emergency request (or when they already hold something).
  // Without script the whole form stays as rendered and the server checks everything anyway.
  function instrumentForm(select) {
    var form = select.form, option = select.options[select.selectedIndex];
    if (!form || !option) return;
    var kinds = (option.getAttribute('data-kinds') || '').split(' ');
    var needs = (option.getAttribute('data-needs') || '').split(' ');
    var kind = form.querySelector('select[name=kind]');
    if (kind) {
      Array.prototype.forEach.call(kind.options, function (o) {
        o.disabled = kinds.indexOf(o.value) < 0;
        o.hidden = o.disabled;
      });
      if (kind.options[kind.selectedIndex] && kind.options[kind.selectedIndex].disabled) {
        var first = Array.prototype.find.call(kind.options, function (o) { return !o.disabled; });
        if (first) kind.value = first.value;
      }
    }
    form.querySelectorAll('[data-element]').forEach(function (el) {
      var needed = needs.indexOf(el.getAttribute('data-element')) >= 0;
      el.classList.toggle('needed', needed);
      var mark = el.querySelector('.needed-mark');
      if (needed && !mark) {
        mark = document.createElement('span');
        mark.className = 'needed-mark';
        mark.textContent = ' needed';
        el.insertBefore(mark, el.firstChild.nextSibling);
      } else if (!needed && mark) {
        mark.remove();
      }
    });
    form.querySelectorAll('[data-only-for]').forEach(function (box) {
      var filled = Array.prototype.some.call(box.querySelectorAll('input, textarea'), function (i) { return i.value; });
      box.hidden = box.getAttribute('data-only-for') !== select.value && !filled;
    });
    var summary = form.querySelector('#instrument-needs');
    if (summary) {
      summary.textContent = option.textContent + ' needs: ' + option.getAttribute('data-needs-words')
        + '. Clock: ' + option.getAttribute('data-clock') + '.';
      summary.hidden = false;
    }
  }

  function instrumentForms() {
    document.querySelectorAll('select[name=instrument]').forEach(instrumentForm);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', instrumentForms);
  } else {
    instrumentForms();
  }
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('select[name=instrument]')) instrumentForm(t);
    if (t && t.hasAttribute && t.hasAttribute('data-autosubmit') && t.form) {
      t.form.requestSubmit ? t.form.requestSubmit() : t.form.submit();
    }
  });
  // The navigation's counts (what waits on each page, red when a clock is out or nearly out) stay
  // current while a page is open: they are asked for again every 30 seconds, and the window's title
  // starts with the total so that a tab in the background shows it too.
  function attention(nav) {
    var url = nav.getAttribute('data-attention'), title = document.title;
    function show(answer) {
      var seen = {};
      answer.pages.forEach(function (p) {
        seen[p.href] = true;
        var link = nav.querySelector('a[href="' + p.href + '"]');
        if (!link) return;
        var badge = link.querySelector('.badge');
        if (!badge) {
          badge = document.createElement('span');
          link.appendChild(document.createTextNode(' '));
          link.appendChild(badge);
        }
        badge.className = 'badge' + (p.urgent ? ' urgent' : '');
        badge.textContent = String(p.count);
        badge.title = p.words;
      });
      nav.querySelectorAll('.badge').forEach(function (b) {
        var link = b.parentNode;
        if (!seen[link.getAttribute('href')]) b.remove();
      });
      document.title = (answer.urgent ? '(' + answer.total + ') ' : '') + title;
    }
    function ask() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) { if (answer) show(answer); })
        .catch(function () {});
    }
    var total = 0, urgent = false;
    nav.querySelectorAll('.badge').forEach(function (b) {
      total += parseInt(b.textContent, 10) || 0;
      urgent = urgent || b.classList.contains('urgent');
    });
    if (urgent) document.title = '(' + total + ') ' + title;
    setInterval(ask, 30000);
  }
  document.addEventListener('DOMContentLoaded', function () {
    var nav = document.querySelector('nav[data-attention]');
    if (nav && nav.getAttribute('data-attention')) attention(nav);
  });
})();
