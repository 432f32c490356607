// Whether a card is on screen, for the panels that draw live while training (the network view, the
// explain card, the data plot): out of view they skip their drawing and catch up once, when they
// come back (issue 21: no main-thread task over 50 ms with every card mounted). One
// IntersectionObserver per node; a card counts from its first pixel in the viewport (a margin
// below it kept the explain card typesetting while the loss charts were in view).
// Not here: what is drawn, or when data arrive (each panel keeps its latest numbers either way).

/** How far outside the viewport a card still counts as on screen. */
export const MARGIN = '0px';

export class Onscreen {
  #visible = true;   // until the observer's first report: draw (a card never starts blank)
  #observer = null;

  /** node: the element to watch; onShow(): called each time it comes (back) on screen. */
  constructor(node, onShow = () => {}) {
    if (typeof IntersectionObserver !== 'function') return;   // no observer: always drawn
    this.#observer = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      const was = this.#visible;
      this.#visible = e.isIntersecting;
      if (this.#visible && !was) onShow();
    }, { rootMargin: MARGIN });
    this.#observer.observe(node);
  }

  /** On screen (any pixel of it), and not display:none. */
  get visible() { return this.#visible; }

  disconnect() { this.#observer?.disconnect(); this.#observer = null; }
}
