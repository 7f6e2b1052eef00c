import type { FleetView, FleetViewState } from '@mandate/contracts/fleet-views';
import { SavedViewsMenu } from '../../../components/saved-views-menu.tsx';
import { useDeleteFleetView, useFleetViews, useSaveFleetView, useUpdateFleetView } from '../api/fleet-api.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';

interface FleetViewsProps {
  customerId: string;
  /** The name of the view chosen (from the URL), if it still exists. */
  current: string;
  /** The table's filters, sort and columns as they are now: what "save" keeps. */
  state: FleetViewState;
  onPick: (view: FleetView) => void;
  onSaved: (view: FleetView) => void;
  /** The chosen view was renamed: the URL keeps its name. */
  onRenamed: (view: FleetView) => void;
  onDeleted: () => void;
}

/** The user's own saved views of the fleet table (PFM-4), kept on the server. */
export function FleetViews({ customerId, current, state, onPick, onSaved, onRenamed, onDeleted }: FleetViewsProps) {
  const { tf } = useFleetI18n();
  const views = useFleetViews(customerId);
  const save = useSaveFleetView(customerId);
  const update = useUpdateFleetView(customerId);
  const remove = useDeleteFleetView(customerId);
  return (
    <SavedViewsMenu
      texts={{
        menu: tf('fleet.views'),
        current: (name) => tf('fleet.views.current', { name }),
        none: tf('fleet.views.none'),
        save: tf('fleet.views.save'),
        saveTitle: tf('fleet.views.saveTitle'),
        name: tf('fleet.views.name'),
        saveConfirm: tf('fleet.views.saveConfirm'),
        nameTaken: tf('fleet.views.nameTaken'),
        limit: (max) => tf('fleet.views.limit', { max }),
        delete: tf('fleet.views.delete'),
        deleteTitle: (name) => tf('fleet.views.deleteTitle', { name }),
        deleteText: tf('fleet.views.deleteText'),
        rename: tf('fleet.views.rename'),
        renameTitle: (name) => tf('fleet.views.renameTitle', { name }),
        renameConfirm: tf('fleet.views.renameConfirm'),
      }}
      testIdPrefix="fleet-"
      views={views}
      save={save}
      update={update}
      remove={remove}
      isCurrent={(view) => view.name === current}
      state={state}
      onPick={onPick}
      onSaved={onSaved}
      onRenamed={onRenamed}
      onDeleted={onDeleted}
    />
  );
}
