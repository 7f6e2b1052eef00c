import type { App, SubProfile } from '@mandate/domain/profiles';
import type { GrantableAction } from './subjects.ts';

/**
 * ROLE-1, ROLE-6: the SPU sub-profiles are presets of rights, not rights themselves.
 * Applying a preset writes these rights as ordinary grants (editable before saving); the server
 * offers only the apps the customer subscribed to, and canGrant decides every write as usual.
 */
export const GRANT_PRESETS: Record<SubProfile, ReadonlyArray<{ app: App; actions: readonly GrantableAction[] }>> = {
  financial_manager: [
    { app: 'invoices', actions: ['read', 'export'] },
    { app: 'insights', actions: ['read', 'export'] },
    { app: 'invoice-delivery', actions: ['read', 'update'] },
  ],
  fleet_manager: [
    { app: 'fleet-manager', actions: ['read', 'update', 'export'] },
    { app: 'mobile', actions: ['read', 'update'] },
  ],
  purchaser: [{ app: 'orders', actions: ['read', 'create', 'order'] }],
  incident_manager: [{ app: 'mobile', actions: ['read'] }],
};
