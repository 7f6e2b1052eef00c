/**
 * The way back from a SIM's page to the list it was opened from, with the list's filters, sort and
 * columns as they were in its address (DESIGN.md §15): the list's search travels in the SIM's
 * location state, so the SIM's own address stays the SIM's.
 */
export interface FleetListState {
  fleetSearch: string;
}

/** The state to open a SIM with from the list whose address has `search`. */
export const fromFleetList = (search: string): FleetListState => ({ fleetSearch: search });

/** The list's search a SIM's page was opened with ('' when it was opened otherwise: a link, a mail). */
export function fleetListSearch(state: unknown): string {
  const search = typeof state === 'object' && state !== null ? (state as Partial<FleetListState>).fleetSearch : undefined;
  return typeof search === 'string' && search.startsWith('?') ? search : '';
}

