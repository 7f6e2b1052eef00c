import { createContext, useContext } from 'react';
import type { MeCustomer, MeResponse } from '@mandate/contracts/me';
import type { App } from '@mandate/domain/profiles';
import type { AppAbility } from './ability.ts';

/**
 * What the signed-in layout knows: the user (/me), the customer he is acting for (from the
 * URL, else the last one he chose, else his first), the ability for that customer and the
 * apps he may use there.
 */
export interface CustomerContextValue {
  me: MeResponse;
  /** null when the user acts for no customer, or when the URL names one he cannot act for. */
  customer: MeCustomer | null;
  ability: AppAbility;
  apps: App[];
  /** Remembers the customer chosen outside the customer routes (e.g. on My profile). */
  rememberCustomer: (customerId: string) => void;
}

export const CustomerContext = createContext<CustomerContextValue | null>(null);

export function useCustomerContext(): CustomerContextValue {
  const value = useContext(CustomerContext);
  if (!value) throw new Error('useCustomerContext must be used inside the signed-in layout');
  return value;
}

const STORAGE_KEY = 'mandate.customerId';

export function readRememberedCustomer(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function writeRememberedCustomer(customerId: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, customerId);
  } catch {
    // storage unavailable: the URL still carries the customer
  }
}
