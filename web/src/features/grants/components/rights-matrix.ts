import { APP_ACTIONS, scopeDimensions, type GrantableAction } from '@mandate/authz/subjects';
import type { GrantChange, GrantItem, GrantableResponse, ScopeOptionsResponse } from '@mandate/contracts/grants';
import type { App } from '@mandate/domain/profiles';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import { isBuiltApp } from '../../../lib/apps.ts';

/**
 * The rights matrix's model: apps × the four actions of the glossary (view, change, export,
 * order), one draft per app, and what one Save would change. Pure, so the editor only renders it.
 */

export type Grantable = GrantableResponse['apps'][number];
export type Scope = { billingAccountIds: string[]; costCentreIds: string[] };

export const COLUMNS = ['read', 'change', 'export', 'order'] as const;
export type Column = (typeof COLUMNS)[number];

/** "Change" stands for every action that alters data (user management: create, change and delete users; orders: draft one). */
const COLUMN_ACTIONS: Record<Column, readonly GrantableAction[]> = {
  read: ['read'],
  change: ['create', 'update', 'delete'],
  export: ['export'],
  order: ['order'],
};

/** The app's actions a column stands for; none when the column does not apply to the app. */
export function cellActions(app: App, column: Column): GrantableAction[] {
  return APP_ACTIONS[app].filter((a) => COLUMN_ACTIONS[column].includes(a));
}

export type CellState = 'all' | 'some' | 'none';

export function cellState(actions: readonly string[], app: App, column: Column): CellState {
  const wanted = cellActions(app, column);
  const held = wanted.filter((a) => actions.includes(a)).length;
  return held === 0 ? 'none' : held === wanted.length ? 'all' : 'some';
}

/** An app the portal does not have yet can be granted ahead of its arrival ("available soon"). */
export const isAvailableSoon = (app: App) => !isBuiltApp(app);

export interface Draft {
  actions: GrantableAction[];
  narrowed: boolean;
  billingAccountIds: string[];
  costCentreIds: string[];
}

export function draftOf(grant: GrantItem | undefined, grantable: Grantable | undefined): Draft {
  if (grant) {
    return {
      actions: [...grant.actions],
      narrowed: grant.billingAccountIds.length > 0 || grant.costCentreIds.length > 0,
      billingAccountIds: [...grant.billingAccountIds],
      costCentreIds: [...grant.costCentreIds],
    };
  }
  // A new right starts at the widest scope the current user may give (a fleet manager: his own scope).
  const scope = grantable?.scope;
  const narrowed = Boolean(scope && (scope.billingAccountIds.length > 0 || scope.costCentreIds.length > 0));
  return { actions: [], narrowed, billingAccountIds: [...(scope?.billingAccountIds ?? [])], costCentreIds: [...(scope?.costCentreIds ?? [])] };
}

export function toggleCell(draft: Draft, app: App, column: Column, on: boolean): Draft {
  const affected = cellActions(app, column);
  const next = on ? [...new Set([...draft.actions, ...affected])] : draft.actions.filter((a) => !affected.includes(a));
  return { ...draft, actions: APP_ACTIONS[app].filter((a) => next.includes(a)) };
}

/** The scope the draft would save: only the dimensions the app's data can be narrowed by; empty lists mean the whole company. */
export function effectiveScope(app: App, draft: Draft): Scope {
  const dimensions = scopeDimensions(app);
  return {
    billingAccountIds: draft.narrowed && dimensions.billingAccounts ? draft.billingAccountIds : [],
    costCentreIds: draft.narrowed && dimensions.costCentres ? draft.costCentreIds : [],
  };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
const sameScope = (a: Scope, b: Scope) => same(a.billingAccountIds, b.billingAccountIds) && same(a.costCentreIds, b.costCentreIds);
const scopeOfGrant = (g: GrantItem): Scope => ({ billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds });

export function isDirty(app: App, draft: Draft, grant: GrantItem | undefined): boolean {
  if (!grant) return draft.actions.length > 0;
  if (draft.actions.length === 0) return true;
  return !same(draft.actions, grant.actions) || !sameScope(effectiveScope(app, draft), scopeOfGrant(grant));
}

/** Narrowed to nothing: a right that would open no data. */
export function scopeEmpty(app: App, draft: Draft): boolean {
  const dimensions = scopeDimensions(app);
  const scope = effectiveScope(app, draft);
  return draft.actions.length > 0 && draft.narrowed && (dimensions.billingAccounts || dimensions.costCentres)
    && scope.billingAccountIds.length === 0 && scope.costCentreIds.length === 0;
}

export function changeOf(app: App, draft: Draft): GrantChange {
  return draft.actions.length === 0 ? { app, actions: [] } : { app, actions: draft.actions, ...effectiveScope(app, draft) };
}

export interface AppSummary {
  app: App;
  kind: 'new' | 'removed' | 'changed';
  added: Column[];
  removed: Column[];
  /** Set when the scope changes (for a new right: its scope, `before` null). */
  scope: { before: Scope | null; after: Scope } | null;
}

/** What saving `draft` changes in the user's right on `app`, in the matrix's own words (columns, named scope). */
export function summarise(app: App, draft: Draft, grant: GrantItem | undefined): AppSummary {
  if (draft.actions.length === 0) return { app, kind: 'removed', added: [], removed: [], scope: null };
  const beforeActions = grant?.actions ?? [];
  const columns = COLUMNS.filter((c) => cellActions(app, c).length > 0);
  const added = columns.filter((c) => cellState(draft.actions, app, c) === 'all' && cellState(beforeActions, app, c) !== 'all');
  const removed = columns.filter((c) => cellState(draft.actions, app, c) === 'none' && cellState(beforeActions, app, c) !== 'none');
  const after = effectiveScope(app, draft);
  if (!grant) return { app, kind: 'new', added, removed: [], scope: { before: null, after } };
  const before = scopeOfGrant(grant);
  return { app, kind: 'changed', added, removed, scope: sameScope(before, after) ? null : { before, after } };
}

/** A scope as people name it: "Whole company", or its billing accounts' numbers and cost centres' names. */
export function scopeText(t: Translate, scope: Scope, options: ScopeOptionsResponse | undefined): string {
  if (scope.billingAccountIds.length === 0 && scope.costCentreIds.length === 0) return t('grants.scope.all');
  const accounts = new Map((options?.billingAccounts ?? []).map((b) => [b.id, `${b.number} · ${b.name}`]));
  const centres = new Map((options?.costCentres ?? []).map((c) => [c.id, `${c.code} · ${c.name}`]));
  const named = [
    ...scope.billingAccountIds.map((id) => accounts.get(id)),
    ...scope.costCentreIds.map((id) => centres.get(id)),
  ];
  const known = named.filter((n): n is string => n !== undefined);
  const hidden = named.length - known.length;
  return [...known, ...(hidden > 0 ? [t('grants.scope.hidden', { count: hidden })] : [])].join(', ');
}

/** The lower-case action word of a column, as the glossary has it ("view", "bekijken", "consulter"). */
export function columnWord(t: Translate, column: Column): string {
  return t(`grants.column.${column}`).toLocaleLowerCase();
}
