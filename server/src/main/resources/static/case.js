// Keyboard shortcuts and media reveal on the case page.
(function () {
  var keys = { r: 'remove', d: 'disable', g: 'geo_restrict', l: 'label', m: 'demote', s: 'suspend_author',
               t: 'terminate_author', b: 'block_container', p: 'preserve' };
  document.querySelectorAll('.media-tile').forEach(function (t) {
    t.addEventListener('click', function () { if (!t.classList.contains('locked')) t.classList.toggle('revealed'); });
  });
  document.addEventListener('keydown', function (e) {
    var tag = (e.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || e.ctrlKey || e.metaKey || e.altKey) return;
    var box = keys[e.key] && document.getElementById('action-' + keys[e.key]);
    if (box) { box.checked = !box.checked; e.preventDefault(); return; }
    if (e.key === 'n') { document.querySelectorAll('input[name=action]').forEach(function (b) { b.checked = false; }); }
    if (e.key === 'c' && document.getElementById('claim-form')) document.getElementById('claim-form').submit();
    if (e.key === 'x' && document.getElementById('release-form')) document.getElementById('release-form').submit();
    if (e.key === 'v') document.querySelectorAll('.media-tile:not(.locked)').forEach(function (t) { t.classList.toggle('revealed'); });
    if (e.key === 'y') document.querySelectorAll('.media-tile.revealed').forEach(function (t) { t.classList.toggle('colour'); });
    if (e.key === '/') { document.getElementById('ground').focus(); e.preventDefault(); }
  });
})();
