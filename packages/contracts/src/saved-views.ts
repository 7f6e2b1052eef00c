import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Uuid, wholeList } from './common.ts';

/**
 * A user's own saved views of one app (INS-3, PFM-4): a name and what the app's screen keeps as
 * its state. One shape for every app; each app says what its state is.
 */

/** The most views one user keeps of one app for one customer. */
export const MAX_SAVED_VIEWS = 50;
export const SAVED_VIEW_NAME_MAX = 80;

/** Trimmed by the server; a name of blanks only is refused here rather than saved empty. */
export const SavedViewName = Type.String({
  minLength: 1, maxLength: SAVED_VIEW_NAME_MAX, pattern: '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$', description: 'unique per user; not blank',
});

export const savedViewBody = <S extends TSchema>(state: S) =>
  Type.Object({ name: SavedViewName, state }, { additionalProperties: false });

/** A rename, another state, or both; nothing at all is refused. */
export const savedViewPatch = <S extends TSchema>(state: S) =>
  Type.Object({ name: Type.Optional(SavedViewName), state: Type.Optional(state) }, { additionalProperties: false, minProperties: 1 });

export const savedView = <S extends TSchema>(state: S) =>
  Type.Object({ id: Uuid, name: Type.String(), state, createdAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false });

export const savedViewList = <S extends TSchema>(state: S) =>
  wholeList(savedView(state));

export const SavedViewParams = Type.Object({ customerId: Uuid, viewId: Uuid }, { additionalProperties: false });
export type SavedViewParams = Static<typeof SavedViewParams>;
