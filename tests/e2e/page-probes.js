// Measurements taken inside the page for the layout and contrast specs (tests/e2e/layout.spec.ts,
// tests/e2e/contrast.spec.ts). Plain browser JavaScript, loaded with page.addInitScript({ path }): the e2e specs are
// type-checked for Node without the DOM library, and these functions are all DOM.
/* global window, document, getComputedStyle */
(() => {
  const TOLERANCE = 1; // px: sub-pixel rounding of layout, never a clipped letter

  const visible = (el) => {
    if (!el.isConnected || el.closest('[hidden], .visually-hidden')) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };

  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim();
    return `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} «${text.slice(0, 60)}»`;
  };

  const clips = (style) => style.overflowX !== 'visible' || style.overflowY !== 'visible';

  /** A container that scrolls sideways right now: what it holds is partly out of sight without the person scrolling. */
  const scrollsSideways = (el) => {
    const style = getComputedStyle(el);
    return style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + TOLERANCE;
  };

  /**
   * Every problem with one control: inside a sideways-scrolling container, text cut inside the control itself, or
   * (after scrolling the page vertically to it, which a person does too) any part outside the window or outside a
   * clipping ancestor.
   */
  const controlProblems = (el) => {
    const problems = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (scrollsSideways(a)) problems.push(`${describe(el)} sits in a sideways-scrolling ${describe(a).split(' ')[0]} (${a.scrollWidth} > ${a.clientWidth})`);
    }
    if (el.scrollWidth > el.clientWidth + TOLERANCE) problems.push(`${describe(el)} cuts its own text (${el.scrollWidth} > ${el.clientWidth})`);
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const inside = (box) =>
      r.left >= box.left - TOLERANCE && r.right <= box.right + TOLERANCE && r.top >= box.top - TOLERANCE && r.bottom <= box.bottom + TOLERANCE;
    if (!inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight })) {
      problems.push(`${describe(el)} is outside the window: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!clips(getComputedStyle(a))) continue;
      const box = a.getBoundingClientRect();
      const inner = { left: box.left + a.clientLeft, top: box.top + a.clientTop, right: box.left + a.clientLeft + a.clientWidth, bottom: box.top + a.clientTop + a.clientHeight };
      if (!inside(inner)) problems.push(`${describe(el)} is clipped by ${describe(a).split(' ')[0]}`);
    }
    return problems;
  };

  /**
   * The screen fits: no table and no page area scrolls sideways, and every button and the given extra elements
   * (`readable`: alarms, the lock form) are whole and reachable by vertical scrolling alone.
   */
  const fit = (readableSelector) => {
    const problems = [];
    const root = document.scrollingElement;
    if (root.scrollWidth > window.innerWidth + TOLERANCE) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${window.innerWidth})`);
    for (const area of document.querySelectorAll('main, .table-wrap, .nav, header, .signin__scroll')) {
      if (visible(area) && area.scrollWidth > area.clientWidth + TOLERANCE) {
        problems.push(`${describe(area).split(' ')[0]} overflows sideways (${area.scrollWidth} > ${area.clientWidth})`);
      }
    }
    // Any box whose content sticks out sideways (a tag past a panel's border, a long word past a column).
    for (const box of document.querySelectorAll('main *, header *')) {
      if (box.clientWidth === 0 || getComputedStyle(box).display === 'inline' || !visible(box)) continue;
      if (box.scrollWidth > box.clientWidth + TOLERANCE) {
        problems.push(`${describe(box)} has content sticking out sideways (${box.scrollWidth} > ${box.clientWidth})`);
      }
    }
    const controls = [...document.querySelectorAll('.button, button, select')].filter(visible);
    const readable = readableSelector ? [...document.querySelectorAll(readableSelector)].filter(visible) : [];
    for (const el of [...controls, ...readable]) problems.push(...controlProblems(el));
    // Scrolling to each control moved the page: back to the top for the screenshot.
    for (const area of document.querySelectorAll('main')) area.scrollTop = 0;
    return { problems: [...new Set(problems)], controls: controls.length };
  };

  // --- Contrast (WCAG 2.x relative luminance) ---------------------------------------------------------------------

  const parseColor = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text);
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const lin = (v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = ({ r, g, b }) => '#' + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  /** The colour behind an element: its own and its ancestors' backgrounds laid over white; null over a gradient. */
  const backgroundOf = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.backgroundImage !== 'none') return null;
      const bg = parseColor(style.backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a >= 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  };

  /** Contrast of every piece of text in the element (itself and descendants with text of their own). */
  const contrastOf = (el) => {
    const out = [];
    const holders = [el, ...el.querySelectorAll('*')].filter(
      (n) => visible(n) && [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim() !== ''),
    );
    for (const n of holders) {
      const bg = backgroundOf(n);
      const fg = parseColor(getComputedStyle(n).color);
      if (!bg || !fg) continue;
      const text = over(fg, bg);
      out.push({ what: describe(n), fg: hex(text), bg: hex(bg), ratio: Math.round(ratio(text, bg) * 100) / 100 });
    }
    return out;
  };

  /** Whether the element shows a focus ring now (an outline or a ring drawn with box-shadow). */
  const focusRing = (el) => {
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  };

  const focused = () => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return { what: describe(el), ring: focusRing(el), contrast: contrastOf(el), disabled: el.disabled === true };
  };

  /** Controls that look alike: the same tag, classes and pressed/current state (one of each is hovered). */
  const look = (el) => `${el.tagName} ${String(el.className)} ${el.getAttribute('aria-pressed')} ${el.getAttribute('aria-current')}`;

  window.ppeProbes = { fit, contrastOf, focused, describe, look };
})();
