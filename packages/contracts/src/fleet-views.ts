import { Type, type Static } from '@sinclair/typebox';
import { SavedViewParams, savedView, savedViewBody, savedViewList } from './saved-views.ts';

/**
 * A user's own saved views of the fleet table (PFM-4: personalise): the table's URL state, its
 * filters, sort and chosen columns, under a name. The values are the URL's strings as the page
 * reads them (an empty string: no filter); the page, not the server, decides what they mean.
 */

/** No NUL byte: PostgreSQL's jsonb cannot hold one. */
const text = (maxLength: number, description: string) => Type.Optional(Type.String({ maxLength, pattern: '^[^\\u0000]*$', description }));

export const FleetViewState = Type.Object(
  {
    q: text(60, 'search: part of a mobile number or an end user\'s name'),
    status: text(40, 'SIM status'),
    plan: text(36, 'tariff plan id'),
    option: text(36, 'option id'),
    cc: text(36, 'cost centre id'),
    ba: text(36, 'billing account id'),
    band: text(20, 'this month\'s data usage band'),
    sort: text(40, 'field:asc|desc'),
    cols: text(200, 'the optional columns shown, comma-separated'),
  },
  { additionalProperties: false },
);
export type FleetViewState = Static<typeof FleetViewState>;

export const FleetViewBody = savedViewBody(FleetViewState);
export type FleetViewBody = Static<typeof FleetViewBody>;

export const FleetView = savedView(FleetViewState);
export type FleetView = Static<typeof FleetView>;

export const FleetViewList = savedViewList(FleetViewState);
export type FleetViewList = Static<typeof FleetViewList>;

export const FleetViewParams = SavedViewParams;
export type FleetViewParams = SavedViewParams;
