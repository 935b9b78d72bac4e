// MFA Portal progressive enhancement. Every page works without this file; it only adds comfort:
// local times, copy buttons, code inputs that accept paste and advance, tabs, countdowns, busy buttons.
// Loaded with `defer` from /static (the CSP allows no inline script), so the DOM is ready when it runs.
(function () {
  'use strict';

  var CODE_LENGTH = 6;

  /** One polite live region per page: screen readers hear "Copied" and similar short confirmations. */
  function announce(message) {
    var region = document.getElementById('live-status');
    if (!region) {
      region = document.createElement('p');
      region.id = 'live-status';
      region.className = 'visually-hidden';
      region.setAttribute('role', 'status');
      document.body.appendChild(region);
    }
    region.textContent = '';
    // A new text node each time, so the same message is announced twice in a row too.
    window.requestAnimationFrame(function () { region.textContent = message; });
  }

  /** <time datetime="…Z"> shows UTC from the server; show it in the viewer's zone, UTC on hover. */
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d)) {
        el.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
        el.title = d.toISOString();
      }
    });
  }

  function copyButtons(root) {
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    root.querySelectorAll('[data-copy-target]').forEach(function (button) {
      var label = button.textContent;
      var timer;
      button.hidden = false;
      button.addEventListener('click', function () {
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        // Snippets are copied exactly; a secret shown in groups of four is copied without the spaces.
        var text = target.tagName === 'PRE' ? target.textContent : target.textContent.replace(/\s+/g, '');
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = 'Copied';
          button.classList.add('is-done');
          announce('Copied to the clipboard.');
          clearTimeout(timer);
          timer = setTimeout(function () { button.textContent = label; button.classList.remove('is-done'); }, 2000);
        }, function () {
          announce('Copying failed: select the text and copy it yourself.');
        });
      });
    });
  }

  function downloadButtons(root) {
    root.querySelectorAll('[data-download-target]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-download-target'));
        var blob = new Blob([source.textContent], { type: source.getAttribute('data-media-type') || 'text/plain' });
        var link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = source.getAttribute('data-file-name');
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      });
    });
  }

  /**
   * Code fields of one form: digits only, six per field; a full field moves the cursor to the next one; pasting
   * "123456 654321" (or "123456654321") fills both fields of a two-code form at once.
   */
  function codeInputs(root) {
    root.querySelectorAll('form').forEach(function (form) {
      var inputs = Array.prototype.slice.call(form.querySelectorAll('.code-input'));
      function spread(from, digits) {
        var i = from;
        while (digits.length > 0 && i < inputs.length) {
          inputs[i].value = digits.slice(0, CODE_LENGTH);
          digits = digits.slice(CODE_LENGTH);
          i++;
        }
        var next = inputs.slice(from).filter(function (input) { return input.value.length < CODE_LENGTH; })[0];
        (next || inputs[Math.min(i, inputs.length) - 1]).focus();
      }
      inputs.forEach(function (input, i) {
        input.addEventListener('paste', function (event) {
          var text = (event.clipboardData || window.clipboardData).getData('text') || '';
          var digits = text.replace(/\D/g, '');
          if (digits.length < CODE_LENGTH) { return; } // let the browser paste a partial code as usual
          event.preventDefault();
          spread(i, digits);
        });
        input.addEventListener('input', function () {
          var digits = input.value.replace(/\D/g, '');
          if (digits.length > CODE_LENGTH) { spread(i, digits); return; } // autofill of several codes
          if (digits !== input.value) { input.value = digits; }
          if (digits.length === CODE_LENGTH && inputs[i + 1] && !inputs[i + 1].value) { inputs[i + 1].focus(); }
        });
      });
    });
  }

  /** WAI-ARIA tabs: click, arrow keys, Home and End; without script every panel is shown one after another. */
  function tabs(root) {
    root.querySelectorAll('.tabs').forEach(function (container) {
      var tabList = Array.prototype.slice.call(container.querySelectorAll('[role=tab]'));
      container.classList.add('is-enhanced');
      function select(tab) {
        tabList.forEach(function (t) {
          var on = t === tab;
          t.setAttribute('aria-selected', on ? 'true' : 'false');
          t.tabIndex = on ? 0 : -1;
          document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
        });
      }
      container.querySelector('[role=tablist]').hidden = false;
      select(tabList.filter(function (t) { return t.getAttribute('aria-selected') === 'true'; })[0] || tabList[0]);
      tabList.forEach(function (tab, i) {
        tab.addEventListener('click', function () { select(tab); });
        tab.addEventListener('keydown', function (e) {
          var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabList.length - 1 }[e.key];
          if (next === undefined) { return; }
          var t = tabList[(next + tabList.length) % tabList.length];
          select(t);
          t.focus();
          e.preventDefault();
        });
      });
    });
  }

  /** "3 h 59 min left", ticking; warns in the last ten minutes and says when the credentials have expired. */
  function countdowns(root) {
    root.querySelectorAll('[data-expires]').forEach(function (el) {
      var end = new Date(el.getAttribute('data-expires')).getTime();
      if (isNaN(end)) { return; }
      function tick() {
        var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
        var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
        el.textContent = left === 0 ? 'expired'
          : (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + (h ? '' : s + ' s ') + 'left';
        el.classList.toggle('is-ending', left > 0 && left < 600);
        el.classList.toggle('is-expired', left === 0);
        if (left > 0) { setTimeout(tick, h ? 1000 * (s + 1) : 1000); }
      }
      el.hidden = false;
      tick();
    });
  }

  /** The button that sent a form shows it is working, so nobody sends a single-use code twice. */
  function busyForms(root) {
    root.querySelectorAll('form[method=post]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        var button = event.submitter;
        // A download leaves the page as it is: its button must stay usable.
        if (!button || button.hasAttribute('data-keeps-page') || !form.checkValidity()) { return; }
        // Disabled after the form data is taken, so the button's own name and value still go along.
        setTimeout(function () {
          button.disabled = true;
          button.setAttribute('aria-busy', 'true');
          if (button.getAttribute('data-busy-label')) { button.textContent = button.getAttribute('data-busy-label'); }
        }, 0);
      });
    });
    // Coming back with the browser's back button must not leave buttons disabled.
    window.addEventListener('pageshow', function (event) {
      if (!event.persisted) { return; }
      root.querySelectorAll('button[aria-busy=true]').forEach(function (button) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
    });
  }

  /** A form that came back with an error: start keyboard and screen-reader users at the explanation. */
  function focusFormError() {
    var error = document.getElementById('form-error');
    if (error) { error.focus(); }
  }

  function start() {
    document.documentElement.classList.add('js');
    focusFormError();
    localTimes(document);
    copyButtons(document);
    downloadButtons(document);
    codeInputs(document);
    tabs(document);
    countdowns(document);
    busyForms(document);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
