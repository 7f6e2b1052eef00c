import { useState } from 'react';
import { Button, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';

/** A saved view: the table's URL state (filters, sort, columns) under a name. */
export interface FleetView {
  name: string;
  state: Record<string, string>;
}

const NAME_MAX = 80;
const MAX_VIEWS = 50;

/*
 * Saved views live in this browser's localStorage, keyed by the user and the customer: the API has
 * no endpoint for fleet views yet. A view holds only filter values, never SIM data, so nothing
 * of the customer's is left behind in the browser.
 */
const storageKey = (userId: string, customerId: string) => `mandate.fleet.views.${userId}.${customerId}`;

export function readViews(userId: string, customerId: string): FleetView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(userId, customerId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((v): v is FleetView =>
      typeof v === 'object' && v !== null && typeof (v as FleetView).name === 'string' && typeof (v as FleetView).state === 'object' && (v as FleetView).state !== null);
  } catch {
    return [];
  }
}

function writeViews(userId: string, customerId: string, views: FleetView[]): void {
  try {
    localStorage.setItem(storageKey(userId, customerId), JSON.stringify(views.slice(0, MAX_VIEWS)));
  } catch {
    // storage unavailable or full: the view is not kept, the URL still holds the filters
  }
}

interface FleetViewsProps {
  userId: string;
  customerId: string;
  /** The view chosen (from the URL), if it still exists. */
  current: string;
  state: Record<string, string>;
  onPick: (view: FleetView) => void;
  onSaved: (view: FleetView) => void;
  onDeleted: () => void;
}

/** Pick a saved view (its state goes into the URL), save the current one under a name, delete the chosen one. */
export function FleetViews({ userId, customerId, current, state, onPick, onSaved, onDeleted }: FleetViewsProps) {
  const { tf, t } = useFleetI18n();
  const [views, setViews] = useState(() => readViews(userId, customerId));
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const chosen = views.find((v) => v.name === current) ?? null;
  const form = useForm({
    initialValues: { name: '' },
    validate: {
      name: (value) => {
        const name = value.trim();
        if (name === '') return t('form.required');
        if (name.length > NAME_MAX) return t('form.tooLong', { max: NAME_MAX });
        return views.some((v) => v.name === name) ? tf('fleet.views.nameTaken') : null;
      },
    },
  });

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" data-testid="fleet-views-menu">
            {chosen ? tf('fleet.views.current', { name: chosen.name }) : tf('fleet.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="fleet-views-list">
          {views.length === 0 ? <Menu.Item disabled>{tf('fleet.views.none')}</Menu.Item> : null}
          {views.map((view) => (
            <Menu.Item key={view.name} onClick={() => onPick(view)} aria-current={view.name === current || undefined} data-testid={`fleet-view-${view.name}`}>
              {view.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button variant="default" onClick={() => setSaving(true)} data-testid="fleet-view-save">
        {tf('fleet.views.save')}
      </Button>
      {chosen ? (
        <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="fleet-view-delete">
          {tf('fleet.views.delete')}
        </Button>
      ) : null}
      {saving ? (
        <Modal opened onClose={() => setSaving(false)} title={tf('fleet.views.saveTitle')} centered>
          <form
            noValidate
            onSubmit={form.onSubmit((values) => {
              const view = { name: values.name.trim(), state };
              const next = [...views, view];
              writeViews(userId, customerId, next);
              setViews(next);
              setSaving(false);
              form.reset();
              onSaved(view);
            })}
          >
            <Stack gap="md">
              <TextInput label={tf('fleet.views.name')} required maxLength={NAME_MAX} data-autofocus data-testid="fleet-view-name" {...form.getInputProps('name')} />
              <Text size="sm" c="dimmed">{tf('fleet.views.local')}</Text>
              <Button type="submit" data-testid="fleet-view-save-confirm">{tf('fleet.views.saveConfirm')}</Button>
            </Stack>
          </form>
        </Modal>
      ) : null}
      {deleting && chosen ? (
        <ConfirmModal
          title={tf('fleet.views.deleteTitle', { name: chosen.name })}
          text={tf('fleet.views.deleteText')}
          confirmLabel={tf('fleet.views.delete')}
          danger
          testId="fleet-view-delete"
          onClose={() => setDeleting(false)}
          onConfirm={() => {
            const next = views.filter((v) => v.name !== chosen.name);
            writeViews(userId, customerId, next);
            setViews(next);
            setDeleting(false);
            onDeleted();
          }}
        />
      ) : null}
    </>
  );
}
