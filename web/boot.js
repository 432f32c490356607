// The playground page's start-up guard: a classic script outside the bundle (it runs where the
// modules cannot), so the page never stays on "Loading…" without saying why. Opened from file://,
// it says to serve the folder; a module that fails to load or throws while the page starts shows
// its error in the #boot banner. hosts/page.js marks the page started (data-started on <html>)
// and hides the banner; after that, errors are the app's own to report.
// Not here: anything after start-up; the <descent-playground> element (it reports its own).
(function boot() {
  'use strict';
  var FILE = 'Descent cannot start from a file:// address: browsers do not run its engine (a Web Worker with WebAssembly) from local files. Serve the folder with any static web server, for example "python3 -m http.server" or "npx serve" in the folder that holds it, and open the http://localhost address it prints.';
  var root = document.documentElement;
  var shown = false;

  function started() { return root.hasAttribute('data-started'); }

  function show(title, detail) {
    if (shown || started()) return;
    shown = true;
    var put = function () {
      var box = document.getElementById('boot');
      var text = document.getElementById('boot-text');
      if (!box || !text) return;
      text.textContent = detail ? title + ': ' + detail : title;
      box.className = 'banner danger boot';
      box.setAttribute('role', 'alert');
      box.hidden = false;
      root.setAttribute('data-boot-error', '');
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', put); else put();
  }

  if (location.protocol === 'file:') {
    show(FILE);
    return;
  }
  // A script or module that failed to load: its error event (which does not bubble) is caught on
  // the way down. An exception while a module runs arrives as an ErrorEvent.
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && (t.tagName === 'SCRIPT' || t.tagName === 'LINK')) {
      show('The playground could not load its code', (t.src || t.href || '') + ' did not load; check that the whole folder was copied and is served');
    } else {
      show('The playground failed to start', String(e.message || (e.error && e.error.message) || 'an unknown error'));
    }
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    show('The playground failed to start', String((r && r.message) || r || 'an unknown error'));
  });
}());
