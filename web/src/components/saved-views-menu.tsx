import { useState } from 'react';
import { Alert, Button, Group, Menu, Stack, TextInput } from '@mantine/core';
import { Type } from '@sinclair/typebox';
import { MAX_SAVED_VIEWS, SAVED_VIEW_NAME_MAX, SavedViewName } from '@mandate/contracts/saved-views';
import { ApiError } from '../lib/api-client.ts';
import { setServerErrors, useSchemaForm } from '../lib/form.ts';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { describeError } from '../lib/problem.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { ProblemAlert } from './problem-alert.tsx';
import { Dialog } from './dialog.tsx';

/** The form checks the name; the state comes from the page, which reads it from the URL. */
const NameBody = Type.Object({ name: SavedViewName });

interface View {
  id: string;
  name: string;
}

/** The texts of one app's saved views, in its own words. */
export interface SavedViewsTexts {
  /** The menu's label while no view is chosen. */
  menu: string;
  /** The menu's label while `name` is chosen. */
  current: (name: string) => string;
  none: string;
  /** The button that opens the save dialog. */
  save: string;
  saveTitle: string;
  /** The label of the name field. */
  name: string;
  /** The dialog's submit button. */
  saveConfirm: string;
  nameTaken: string;
  limit: (max: number) => string;
  delete: string;
  deleteTitle: (name: string) => string;
  deleteText: string;
  /** The button that opens the rename dialog, its title and its submit button. */
  rename: string;
  renameTitle: (name: string) => string;
  renameConfirm: string;
}

/** What the app's list, save and delete hooks give (TanStack Query's results fit). */
interface ViewList<V> {
  data: { items: V[] } | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}
interface Change<Variables, Result> {
  mutate: (variables: Variables, options: { onSuccess: (result: Result) => void; onError?: (error: unknown) => void }) => void;
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

interface SavedViewsMenuProps<V extends View, S> {
  texts: SavedViewsTexts;
  /**
   * Put before every data-testid: `${prefix}views-menu`, `${prefix}views-list`, `${prefix}views-error`,
   * `${prefix}views-retry`, `${prefix}views-none`, `${prefix}view-<name>`, `${prefix}view-save`,
   * `${prefix}view-delete`, `${prefix}view-name`, `${prefix}view-save-error`, `${prefix}view-save-confirm`.
   */
  testIdPrefix: string;
  views: ViewList<V>;
  save: Change<{ name: string; state: S }, V>;
  /** Renames a view (the screen's filters leave the chosen view, so a view is never updated from here). */
  update: Change<{ id: string; body: { name: string } }, V>;
  remove: Change<string, unknown>;
  /** Whether `view` is the one chosen (from the URL). */
  isCurrent: (view: V) => boolean;
  /** What "save" keeps: the screen's state as it is now. */
  state: S;
  onPick: (view: V) => void;
  onSaved: (view: V) => void;
  /** The chosen view has a new name (a page that keeps the view's name in its URL follows it). */
  onRenamed?: (view: V) => void;
  onDeleted: () => void;
}

/**
 * The user's own saved views of a screen, kept on the server: pick one (its state goes into the
 * URL), save the current one under a name, rename the chosen one, or delete it after confirming.
 */
export function SavedViewsMenu<V extends View, S>({
  texts, testIdPrefix: p, views, save, update, remove, isCurrent, state, onPick, onSaved, onRenamed, onDeleted,
}: SavedViewsMenuProps<V, S>) {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [renaming, setRenaming] = useState<V | null>(null);
  const [deleting, setDeleting] = useState<V | null>(null);
  const items = views.data?.items ?? [];
  const chosen = items.find(isCurrent) ?? null;
  const problem = views.error ? describeError(t, views.error) : null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" loading={views.isPending} data-testid={`${p}views-menu`}>
            {chosen ? texts.current(chosen.name) : texts.menu}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid={`${p}views-list`}>
          {/* A menu holds menu items only: what it has to say when there is no view to pick is one, disabled. */}
          {problem ? <Menu.Item disabled data-testid={`${p}views-error`}>{problem.text}</Menu.Item> : null}
          {problem?.retryable ? (
            <Menu.Item onClick={() => void views.refetch()} data-testid={`${p}views-retry`}>{t('common.retry')}</Menu.Item>
          ) : null}
          {items.length === 0 && !views.error ? <Menu.Item disabled data-testid={`${p}views-none`}>{texts.none}</Menu.Item> : null}
          {items.map((view) => (
            <Menu.Item key={view.id} onClick={() => onPick(view)} aria-current={isCurrent(view) || undefined} data-testid={`${p}view-${view.name}`}>
              {view.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button
        variant="default"
        onClick={() => {
          // The save lives as long as the menu: a new dialog starts without the last one's refusal.
          save.reset();
          setSaving(true);
        }}
        data-testid={`${p}view-save`}
      >
        {texts.save}
      </Button>
      {chosen ? (
        <>
          <Button variant="subtle" onClick={() => { update.reset(); setRenaming(chosen); }} data-testid={`${p}view-rename`}>
            {texts.rename}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setDeleting(chosen)} data-testid={`${p}view-delete`}>
            {texts.delete}
          </Button>
        </>
      ) : null}
      {saving ? (
        <ViewNameModal
          texts={texts}
          title={texts.saveTitle}
          confirm={texts.saveConfirm}
          initialName=""
          testIdPrefix={p}
          change={save}
          variables={(name) => ({ name, state })}
          onClose={() => setSaving(false)}
          onDone={(view) => {
            setSaving(false);
            onSaved(view);
          }}
        />
      ) : null}
      {renaming ? (
        <ViewNameModal
          texts={texts}
          title={texts.renameTitle(renaming.name)}
          confirm={texts.renameConfirm}
          initialName={renaming.name}
          testIdPrefix={p}
          change={update}
          variables={(name) => ({ id: renaming.id, body: { name } })}
          onClose={() => setRenaming(null)}
          onDone={(view) => {
            setRenaming(null);
            onRenamed?.(view);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmModal
          title={texts.deleteTitle(deleting.name)}
          text={texts.deleteText}
          confirmLabel={texts.delete}
          danger
          loading={remove.isPending}
          error={remove.error}
          testId={`${p}view-delete`}
          onClose={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              onDeleted();
            },
          })}
        />
      ) : null}
    </>
  );
}

interface ViewNameModalProps<V extends View, Variables> {
  texts: SavedViewsTexts;
  title: string;
  confirm: string;
  initialName: string;
  testIdPrefix: string;
  /** Saving a new view, or renaming one. */
  change: Change<Variables, V>;
  variables: (name: string) => Variables;
  onClose: () => void;
  onDone: (view: V) => void;
}

/** Asks for a view's name: to save the screen as a new view, or to rename the chosen one. */
function ViewNameModal<V extends View, Variables>({ texts, title, confirm, initialName, testIdPrefix: p, change, variables, onClose, onDone }: ViewNameModalProps<V, Variables>) {
  const { t } = useI18n();
  // True when the server's answer landed on the name field, so it is not said twice above the buttons.
  const [onField, setOnField] = useState(false);
  const form = useSchemaForm({
    initialValues: { name: initialName },
    schema: NameBody,
    toBody: (values) => ({ name: values.name.trim() }),
  });
  return (
    <Dialog opened onClose={onClose} title={title} centered>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          change.mutate(
            variables(values.name.trim()),
            {
              onSuccess: onDone,
              onError: (error) => {
                // A name he already uses: said on the field, where he fixes it.
                if (error instanceof ApiError && error.code === 'view_name_taken') {
                  form.setFieldError('name', texts.nameTaken);
                  setOnField(true);
                } else setOnField(setServerErrors(form, error));
              },
            },
          ),
        )}
      >
        <Stack gap="md">
          <TextInput label={texts.name} required maxLength={SAVED_VIEW_NAME_MAX} data-autofocus data-testid={`${p}view-name`} {...form.getInputProps('name')} />
          {change.error instanceof ApiError && change.error.code === 'view_limit_reached' ? (
            <Alert color="red" variant="light" role="alert" data-testid={`${p}view-save-error`}>{texts.limit(MAX_SAVED_VIEWS)}</Alert>
          ) : change.error && !onField ? (
            <ProblemAlert error={change.error} testId={`${p}view-save-error`} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={change.isPending} data-testid={`${p}view-save-confirm`}>{confirm}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
