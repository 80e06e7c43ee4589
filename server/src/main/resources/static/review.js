// The moderators' pages (their times are made relative by pages.js): media reveal and the
// moderator's media setting, one-key shortcuts on the case page, j/k through queue rows.
(function () {
  'use strict';
  function media() {
    document.querySelectorAll('.media-item').forEach(function (item) {
      if (item.classList.contains('locked')) return;
      var button = item.querySelector('button.reveal');
      if (!button) return;
      button.setAttribute('aria-pressed', String(!item.classList.contains('blurred')));
      button.textContent = item.classList.contains('blurred') ? 'Reveal' : 'Blur';
      button.addEventListener('click', function () {
        item.classList.toggle('blurred');
        button.setAttribute('aria-pressed', String(!item.classList.contains('blurred')));
        button.textContent = item.classList.contains('blurred') ? 'Reveal' : 'Blur';
      });
    });
  }


  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('tr[data-href]'));
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = all.findIndex(function (r) { return r.classList.contains('selected'); });
    var next = Math.max(0, Math.min(all.length - 1, at + step));
    if (at >= 0) all[at].classList.remove('selected');
    all[next].classList.add('selected');
    var link = all[next].querySelector('a');
    if (link) link.focus();
  }

  function keys(e) {
    var tag = (e.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'j') { move(1); e.preventDefault(); return; }
    if (e.key === 'k') { move(-1); e.preventDefault(); return; }
    if ((e.key === 'o' || e.key === 'Enter') && tag !== 'a' && tag !== 'button') {
      var sel = document.querySelector('tr.selected[data-href]');
      if (sel) { window.location.href = sel.getAttribute('data-href'); e.preventDefault(); }
      return;
    }
    // Each action the form offers carries its key; an action that does not apply is not offered.
    var box = /^[a-z]$/.test(e.key) && document.querySelector('#decide-form input[name=action][data-key="' + e.key + '"]');
    if (box) { box.checked = !box.checked; e.preventDefault(); return; }
    if (e.key === 'n' && document.getElementById('decide-form')) {
      document.querySelectorAll('input[name=action]').forEach(function (b) { b.checked = false; });
    }
    if (e.key === 'c' && document.getElementById('claim-form')) document.getElementById('claim-form').requestSubmit();
    if (e.key === 'x' && document.getElementById('release-form')) document.getElementById('release-form').requestSubmit();
    if (e.key === 'v') document.querySelectorAll('.media-item:not(.locked) button.reveal').forEach(function (b) { b.click(); });
    if (e.key === 'y') document.querySelectorAll('.media-item:not(.blurred):not(.locked)').forEach(function (t) { t.classList.toggle('grey'); });
    if (e.key === '/' && document.getElementById('ground')) { document.getElementById('ground').focus(); e.preventDefault(); }
  }

  function selectAll() {
    var all = document.getElementById('select-all');
    if (!all) return;
    all.addEventListener('change', function () {
      document.querySelectorAll('input[name=caseId]').forEach(function (b) { b.checked = all.checked; });
    });
  }

  function confirmations() {
    document.querySelectorAll('form[data-confirm]').forEach(function (f) {
      f.addEventListener('submit', function (e) {
        if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  function autosubmit() {
    document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
      s.addEventListener('change', function () { s.form.requestSubmit(); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    media();
    selectAll();
    confirmations();
    autosubmit();
    document.addEventListener('keydown', keys);
  });
})();
