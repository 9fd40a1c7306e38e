// The Plan Timeline panel's page script: shows a bar's hover text (on hover
// and on keyboard focus), asks the extension to reveal a bar's log line (click,
// Enter or Space), tells it the panel's width (the drawing fits it), and takes
// new content as the plan changes, keeping the keyboard focus and the hover
// where they were. Text from the plan arrives
// escaped in the markup and is only ever set as text here.
'use strict';
(function () {
  // Provided by the webview, once per page.
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('content');
  const tip = document.getElementById('tip');
  let hovered; // the data-key under the mouse, and where the mouse was
  let mouse = { x: 0, y: 0 };

  const target = (el) => (el && el.closest ? el.closest('[data-line]') : null);

  function show(el, x, y) {
    tip.textContent = el.getAttribute('data-tip') || '';
    tip.hidden = false;
    const room = document.documentElement.clientWidth - tip.offsetWidth - 8;
    tip.style.left = `${Math.max(4, Math.min(x + 12, room))}px`;
    tip.style.top = `${y + 16}px`;
  }

  function hide() {
    tip.hidden = true;
  }

  function reveal(el) {
    vscode.postMessage({ type: 'reveal', line: Number(el.getAttribute('data-line')) });
  }

  content.addEventListener('mousemove', (e) => {
    mouse = { x: e.clientX, y: e.clientY };
    const el = target(e.target);
    hovered = el ? el.getAttribute('data-key') || el.getAttribute('data-tip') : undefined;
    if (el) show(el, e.clientX, e.clientY);
    else hide();
  });
  content.addEventListener('mouseleave', () => {
    hovered = undefined;
    hide();
  });
  content.addEventListener('focusin', (e) => {
    const el = target(e.target);
    if (!el) return;
    const box = el.getBoundingClientRect();
    show(el, box.left, box.bottom - 8);
  });
  content.addEventListener('focusout', hide);
  content.addEventListener('click', (e) => {
    const el = target(e.target);
    if (el) reveal(el);
  });
  content.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const el = target(e.target);
    if (!el) return;
    e.preventDefault();
    reveal(el);
  });

  const byKey = (key) => [...content.querySelectorAll('[data-line]')].find((el) => (el.getAttribute('data-key') || el.getAttribute('data-tip')) === key);

  window.addEventListener('message', (e) => {
    const message = e.data;
    if (!message || message.type !== 'render' || typeof message.html !== 'string') return;
    const active = document.activeElement;
    const focused = active && content.contains(active) && active.getAttribute ? active.getAttribute('data-key') : undefined;
    const scroll = content.querySelector('.bwp-chart')?.scrollLeft ?? 0;
    content.innerHTML = message.html;
    const chart = content.querySelector('.bwp-chart');
    if (chart) chart.scrollLeft = scroll;
    hide();
    const again = focused && byKey(focused);
    if (again) again.focus();
    const under = hovered && byKey(hovered);
    if (under) show(under, mouse.x, mouse.y);
  });

  // The drawing is made for the panel's width: say it on load and when it changes.
  let sent = 0;
  let frame = 0;
  const width = () => Math.floor(content.clientWidth);
  new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (Math.abs(width() - sent) < 8) return;
      sent = width();
      vscode.postMessage({ type: 'resize', width: sent });
    });
  }).observe(content);

  sent = width();
  vscode.postMessage({ type: 'ready', width: sent });
})();
