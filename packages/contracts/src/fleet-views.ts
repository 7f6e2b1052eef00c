import { Type, type Static } from '@sinclair/typebox';
import { SavedViewParams, savedView, savedViewBody, savedViewPatch, savedViewList } from './saved-views.ts';
import { SIM_SORTS, SIM_STATUSES, SIM_USAGE_BANDS } from './sims.ts';

/**
 * A user's own saved views of the fleet table (PFM-4: personalise): the table's URL state, its
 * filters, sort and chosen columns, under a name. The values are the URL's strings as the page
 * reads them (an empty string: no filter); each is one the page can show, so a view never opens
 * on a filter or column that does not exist.
 */

/** The fleet table's columns one may hide or show (the number and the selection always show). */
export const FLEET_OPTIONAL_COLUMNS = ['status', 'endUser', 'plan', 'options', 'costCentre', 'billingAccount', 'initialTermEnd', 'iccid'] as const;

/** No NUL byte: PostgreSQL's jsonb cannot hold one. */
const text = (maxLength: number, description: string) => Type.Optional(Type.String({ maxLength, pattern: '^[^\\u0000]*$', description }));
/** Empty (no filter) or one of `values`. */
const oneOf = (values: readonly string[], description: string) =>
  Type.Optional(Type.String({ pattern: `^(|${values.join('|')})$`, description: `${description}: ${values.join(', ')} or empty` }));
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const id = (description: string) => Type.Optional(Type.String({ pattern: `^(${UUID})?$`, description: `${description}, or empty` }));
const column = `(${FLEET_OPTIONAL_COLUMNS.join('|')})`;

export const FleetViewState = Type.Object(
  {
    q: text(60, 'search: part of a mobile number or an end user\'s name'),
    status: oneOf(SIM_STATUSES, 'SIM status'),
    plan: id('tariff plan id'),
    option: id('option id'),
    cc: id('cost centre id'),
    ba: id('billing account id'),
    band: oneOf(SIM_USAGE_BANDS, 'this month\'s data usage band'),
    sort: oneOf(SIM_SORTS, 'field:asc|desc'),
    cols: Type.Optional(Type.String({
      maxLength: 200, pattern: `^(${column}(,${column})*)?$`, description: `the optional columns shown, comma-separated: ${FLEET_OPTIONAL_COLUMNS.join(', ')}`,
    })),
  },
  { additionalProperties: false },
);
export type FleetViewState = Static<typeof FleetViewState>;

export const FleetViewBody = savedViewBody(FleetViewState);
export const FleetViewPatch = savedViewPatch(FleetViewState);
export type FleetViewPatch = Static<typeof FleetViewPatch>;
export type FleetViewBody = Static<typeof FleetViewBody>;

export const FleetView = savedView(FleetViewState);
export type FleetView = Static<typeof FleetView>;

export const FleetViewList = savedViewList(FleetViewState);
export type FleetViewList = Static<typeof FleetViewList>;

export const FleetViewParams = SavedViewParams;
export type FleetViewParams = SavedViewParams;
