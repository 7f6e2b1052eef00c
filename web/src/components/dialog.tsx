import { useEffect, useState } from 'react';
// eslint-disable-next-line no-restricted-imports -- the one place that wraps Modal
import { Modal, type ModalProps } from '@mantine/core';

/**
 * Mantine's Modal as every dialog here uses it: mounted while it is open. When it goes, focus goes
 * back to what opened it, as keyboard users expect of a dialog; Modal's own `returnFocus` acts only
 * when `opened` turns false, never when the dialog is unmounted, which left focus on the page body.
 */
export function Dialog(props: ModalProps) {
  // Read while rendering, before the dialog's focus trap moves focus into it.
  const [opener] = useState(() => document.activeElement);
  useEffect(() => () => {
    // Once the dialog's focus trap has let go; an opener gone meanwhile (a menu's item) is left alone.
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (opener instanceof HTMLElement && opener.isConnected && (now === null || now === document.body)) opener.focus();
    });
  }, [opener]);
  return <Modal {...props} />;
}
