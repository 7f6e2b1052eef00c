/**
 * Keyboard focus that a control loses only because it was busy: a button that shows it is working
 * (Mantine's `loading`) is disabled meanwhile, and the browser drops focus to the page's body, so
 * that the next Tab starts again at the top of the page. When such a control is enabled again and
 * nothing else took focus meanwhile, it gets focus back. (A dialog whose step replaced the control
 * keeps focus itself: see Dialog.)
 */
export function keepFocusThroughBusyControls(doc: Document = document): void {
  const lost = () => doc.activeElement === null || doc.activeElement === doc.body;
  let watching: MutationObserver | null = null;
  const stop = () => {
    watching?.disconnect();
    watching = null;
  };
  doc.addEventListener('focusin', stop);
  doc.addEventListener('focusout', (event) => {
    const control = event.target;
    if (event.relatedTarget !== null || !(control instanceof HTMLElement)) return;
    requestAnimationFrame(() => {
      if (!lost()) return;
      if (control.isConnected && control.matches(':disabled')) {
        stop();
        const observer = new MutationObserver(() => {
          if (!control.isConnected) return stop();
          if (!control.matches(':disabled')) {
            stop();
            if (lost()) control.focus();
          }
        });
        observer.observe(control, { attributes: true, attributeFilter: ['disabled', 'data-loading'] });
        watching = observer;
        return;
      }
    });
  });
}
