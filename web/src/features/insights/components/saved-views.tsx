import { useState } from 'react';
import { Alert, Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { MAX_SAVED_VIEWS } from '@mandate/contracts/insights';
import { useForm } from '@mantine/form';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { setServerErrors } from '../../../lib/form.ts';
import { describeError } from '../../../lib/problem.ts';
import { useDeleteView, useSavedViews, useSaveView, type SavedView, type ViewState } from '../api/insights-api.ts';
import { useInsightsI18n } from '../i18n/index.ts';

const NAME_MAX = 80;

interface SavedViewsProps {
  customerId: string;
  /** The view chosen (from the URL), if it still exists. */
  viewId: string | null;
  /** The filters as they are now: what "save" keeps. */
  state: ViewState;
  onPick: (view: SavedView) => void;
  onSaved: (view: SavedView) => void;
  onDeleted: () => void;
}

/** The user's saved views (INS-3): pick one (its filters go into the URL), save the current filters under a name, delete the chosen one. */
export function SavedViews({ customerId, viewId, state, onPick, onSaved, onDeleted }: SavedViewsProps) {
  const { ti, t } = useInsightsI18n();
  const views = useSavedViews(customerId);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const remove = useDeleteView(customerId);
  const items = views.data?.items ?? [];
  const current = items.find((v) => v.id === viewId) ?? null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" loading={views.isPending} data-testid="views-menu">
            {current ? ti('insights.views.current', { name: current.name }) : ti('insights.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="views-list">
          {/* A menu holds menu items only: what it has to say when there is no view to pick is one, disabled. */}
          {views.error ? <Menu.Item disabled>{describeError(t, views.error).text}</Menu.Item> : null}
          {items.length === 0 && !views.error ? <Menu.Item disabled data-testid="views-none">{ti('insights.views.none')}</Menu.Item> : null}
          {items.map((view) => (
            <Menu.Item key={view.id} onClick={() => onPick(view)} aria-current={view.id === viewId || undefined} data-testid={`view-${view.name}`}>
              {view.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button variant="default" onClick={() => setSaving(true)} data-testid="view-save">
        {ti('insights.views.save')}
      </Button>
      {current ? (
        <Button variant="subtle" color="red" onClick={() => setDeleting(current)} data-testid="view-delete">
          {ti('insights.views.delete')}
        </Button>
      ) : null}
      {saving ? (
        <SaveViewModal
          customerId={customerId}
          state={state}
          onClose={() => setSaving(false)}
          onSaved={(view) => {
            setSaving(false);
            onSaved(view);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmModal
          title={ti('insights.views.deleteTitle', { name: deleting.name })}
          text={ti('insights.views.deleteText')}
          confirmLabel={ti('insights.views.delete')}
          danger
          loading={remove.isPending}
          error={remove.error}
          testId="view-delete"
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

function SaveViewModal({ customerId, state, onClose, onSaved }: { customerId: string; state: ViewState; onClose: () => void; onSaved: (view: SavedView) => void }) {
  const { ti, t } = useInsightsI18n();
  const save = useSaveView(customerId);
  const [onField, setOnField] = useState(false);
  const form = useForm({
    initialValues: { name: '' },
    validate: {
      name: (value) => (value.trim() === '' ? t('form.required') : value.trim().length > NAME_MAX ? t('form.tooLong', { max: NAME_MAX }) : null),
    },
  });
  return (
    <Modal opened onClose={onClose} title={ti('insights.views.saveTitle')} centered>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          save.mutate(
            { name: values.name.trim(), state },
            {
              onSuccess: onSaved,
              onError: (error) => {
                // A name he already uses: said on the field, where he fixes it.
                if (error instanceof ApiError && error.code === 'view_name_taken') {
                  form.setFieldError('name', ti('insights.views.duplicate'));
                  setOnField(true);
                } else setOnField(setServerErrors(form, error));
              },
            },
          ),
        )}
      >
        <Stack gap="md">
          <TextInput label={ti('insights.views.name')} required maxLength={NAME_MAX} data-autofocus data-testid="view-name" {...form.getInputProps('name')} />
          {save.error instanceof ApiError && save.error.code === 'view_limit_reached' ? (
            <Alert color="red" variant="light" role="alert" data-testid="view-save-error">{ti('insights.views.limit', { max: MAX_SAVED_VIEWS })}</Alert>
          ) : save.error && !onField ? (
            <ProblemAlert error={save.error} testId="view-save-error" />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="view-save-confirm">{ti('insights.views.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
