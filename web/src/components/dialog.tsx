import { useEffect, useId, useState } from 'react';
// eslint-disable-next-line no-restricted-imports -- the one place that wraps Modal
import { Modal, type ModalProps } from '@mantine/core';

const FIRST_CONTROL = 'button:not(:disabled), input:not(:disabled), textarea:not(:disabled), select:not(:disabled), [tabindex="0"]';

/** Where focus goes when a dialog closes: its opener, or the element that took the opener's place. */
function returnTarget(opener: Element | null): HTMLElement | null {
  const usable = (element: Element | null): element is HTMLElement =>
    element instanceof HTMLElement && element.isConnected && !element.matches(':disabled');
  if (usable(opener)) return opener;
  // The action redrew the list or removed its row: the same control in the redrawn list, or the next row's.
  const testId = opener?.getAttribute('data-testid');
  const twin = testId ? document.querySelector(`[data-testid="${CSS.escape(testId)}"]`) : null;
  if (usable(twin)) return twin;
  // Otherwise the page's content, so that Tab goes on from there rather than from the top of the page.
  return document.getElementById('main');
}

/**
 * Mantine's Modal as every dialog here uses it: mounted while it is open. When it goes, focus goes
 * back to what opened it, as keyboard users expect of a dialog; Modal's own `returnFocus` acts only
 * when `opened` turns false, never when the dialog is unmounted, which left focus on the page body.
 */
export function Dialog(props: ModalProps) {
  // Read while rendering, before the dialog's focus trap moves focus into it.
  const [opener] = useState(() => document.activeElement);
  const generatedId = useId();
  const id = props.id ?? generatedId;
  // A step that replaces the dialog's content (a review before sending) takes the focused control
  // with it, and focus falls to the page's body behind the dialog: it goes to the new step's first control.
  useEffect(() => {
    let observer: MutationObserver | null = null;
    let frame = 0;
    const attach = () => {
      const body = document.getElementById(`${id}-body`);
      if (!body) {
        frame = requestAnimationFrame(attach);
        return;
      }
      observer = new MutationObserver(() => requestAnimationFrame(() => {
        if (body.isConnected && (document.activeElement === null || document.activeElement === document.body)) {
          (body.querySelector<HTMLElement>('[data-autofocus]') ?? body.querySelector<HTMLElement>(FIRST_CONTROL))?.focus();
        }
      }));
      observer.observe(body, { childList: true, subtree: true });
    };
    attach();
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
    };
  }, [id]);
  useEffect(() => () => {
    // Once the dialog's focus trap has let go, and only if nothing else took focus meanwhile.
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (now === null || now === document.body) returnTarget(opener)?.focus({ preventScroll: opener?.isConnected !== true });
    });
  }, [opener]);
  return <Modal {...props} id={id} />;
}
