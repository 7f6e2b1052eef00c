import { SavedViewsMenu } from '../../../components/saved-views-menu.tsx';
import { useDeleteView, useSavedViews, useSaveView, useUpdateView, type SavedView, type ViewState } from '../api/insights-api.ts';
import { useInsightsI18n } from '../i18n/index.ts';

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

/** The user's saved views (INS-3): pick one (its filters go into the URL), save the current filters under a name; rename or delete the chosen one. */
export function SavedViews({ customerId, viewId, state, onPick, onSaved, onDeleted }: SavedViewsProps) {
  const { ti } = useInsightsI18n();
  const views = useSavedViews(customerId);
  const save = useSaveView(customerId);
  const update = useUpdateView(customerId);
  const remove = useDeleteView(customerId);
  return (
    <SavedViewsMenu
      texts={{
        menu: ti('insights.views'),
        current: (name) => ti('insights.views.current', { name }),
        none: ti('insights.views.none'),
        save: ti('insights.views.save'),
        saveTitle: ti('insights.views.saveTitle'),
        name: ti('insights.views.name'),
        saveConfirm: ti('insights.views.save'),
        nameTaken: ti('insights.views.duplicate'),
        limit: (max) => ti('insights.views.limit', { max }),
        delete: ti('insights.views.delete'),
        deleteTitle: (name) => ti('insights.views.deleteTitle', { name }),
        deleteText: ti('insights.views.deleteText'),
        rename: ti('insights.views.rename'),
        renameTitle: (name) => ti('insights.views.renameTitle', { name }),
        renameConfirm: ti('insights.views.renameConfirm'),
      }}
      testIdPrefix=""
      views={views}
      save={save}
      update={update}
      remove={remove}
      isCurrent={(view) => view.id === viewId}
      state={state}
      onPick={onPick}
      onSaved={onSaved}
      onDeleted={onDeleted}
    />
  );
}
