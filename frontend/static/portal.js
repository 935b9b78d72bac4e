// MFA Portal progressive enhancement. Every page works without this file; it only adds comfort:
// local times, copy buttons, code inputs that accept paste and advance, tabs, countdowns.
(function () {
  'use strict';

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
    root.querySelectorAll('[data-copy-target]').forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener('click', function () {
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        var text = target.getAttribute('data-copy-text') || target.textContent.replace(/\s+/g, target.tagName === 'PRE' ? ' ' : '');
        if (target.tagName === 'PRE') { text = target.textContent; }
        navigator.clipboard.writeText(text).then(function () {
          var label = button.textContent;
          button.textContent = 'Copied';
          setTimeout(function () { button.textContent = label; }, 1500);
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

  function codeInputs(root) {
    var inputs = Array.prototype.slice.call(root.querySelectorAll('.code-input'));
    inputs.forEach(function (input, i) {
      input.addEventListener('input', function () {
        var digits = input.value.replace(/\D/g, '');
        if (digits.length === 12 && inputs[i + 1]) { // pasted both codes at once
          input.value = digits.slice(0, 6);
          inputs[i + 1].value = digits.slice(6);
          inputs[i + 1].focus();
          return;
        }
        input.value = digits.slice(0, 6);
        if (input.value.length === 6 && inputs[i + 1] && !inputs[i + 1].value) { inputs[i + 1].focus(); }
      });
    });
  }

  function tabs(root) {
    root.querySelectorAll('.tabs').forEach(function (container) {
      var tabList = container.querySelectorAll('[role=tab]');
      function select(tab) {
        tabList.forEach(function (t) {
          var on = t === tab;
          t.setAttribute('aria-selected', on ? 'true' : 'false');
          t.tabIndex = on ? 0 : -1;
          document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
        });
      }
      tabList.forEach(function (tab, i) {
        tab.addEventListener('click', function () { select(tab); });
        tab.addEventListener('keydown', function (e) {
          var next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
          if (next === null) { return; }
          var t = tabList[(next + tabList.length) % tabList.length];
          select(t); t.focus(); e.preventDefault();
        });
      });
    });
  }

  function countdowns(root) {
    root.querySelectorAll('[data-expires]').forEach(function (el) {
      var end = new Date(el.getAttribute('data-expires')).getTime();
      function tick() {
        var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
        var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
        el.textContent = left === 0 ? 'expired' : (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s left';
        if (left > 0) { setTimeout(tick, 1000); }
      }
      tick();
    });
  }

  function busyForms(root) {
    root.querySelectorAll('form').forEach(function (form) {
      form.addEventListener('submit', function () {
        var button = form.querySelector('button[type=submit]');
        if (button && form.checkValidity()) {
          button.disabled = true;
          if (button.getAttribute('data-busy-label')) { button.textContent = button.getAttribute('data-busy-label'); }
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    copyButtons(document);
    downloadButtons(document);
    codeInputs(document);
    tabs(document);
    countdowns(document);
    busyForms(document);
  });
}());
