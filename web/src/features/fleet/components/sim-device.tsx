import { useState } from 'react';
import { Alert, Button, Group, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import type { SimDeviceBody } from '@mandate/contracts/sim-orders';
import { ApiError } from '../../../lib/api-client.ts';
import { useMarkDevice } from '../api/sim-device-api.ts';
import type { SimDetail } from '../api/fleet-types.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import { Section } from './sim-sections.tsx';
import { FleetProblemAlert } from './fleet-problem.tsx';
import { Dialog } from '../../../components/dialog.tsx';

type Ownership = SimDeviceBody['ownership'];

interface SimDeviceProps {
  customerId: string;
  sim: SimDetail;
  /** Whether the ability lets him change this SIM (and it is not deactivated): the marking is then offered. */
  canMark: boolean;
  onReload: () => void;
}

/**
 * The device in the SIM: a customer-owned device shows its IMEI, make and model; a BYOD device
 * shows nothing but that it is one. Whoever may change the SIM marks it; the customer answers for that.
 */
export function SimDevice({ customerId, sim, canMark, onReload }: SimDeviceProps) {
  const { tf, dateTime } = useFleetI18n();
  const [marking, setMarking] = useState(false);
  const [saved, setSaved] = useState(false);
  if (!sim.device && sim.deviceOwnership !== 'byod' && !canMark) return null;
  const action = canMark ? (
    <Button
      size="xs"
      variant="default"
      className="fleet-noprint"
      onClick={() => {
        setSaved(false);
        setMarking(true);
      }}
      data-testid="sim-device-mark"
    >
      {tf('fleet.device.mark')}
    </Button>
  ) : null;
  return (
    <Section title={tf('fleet.device.title')} testId="sim-device" actions={action}>
      {sim.device ? (
        <Table withRowBorders={false}>
          <Table.Tbody>
            <Table.Tr><Table.Th scope="row">{tf('fleet.device.imei')}</Table.Th><Table.Td data-testid="sim-device-imei">{sim.device.imei}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">{tf('fleet.device.make')}</Table.Th><Table.Td data-testid="sim-device-make">{sim.device.make ?? '—'}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">{tf('fleet.device.model')}</Table.Th><Table.Td data-testid="sim-device-model">{sim.device.model ?? '—'}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">{tf('fleet.device.since')}</Table.Th><Table.Td>{dateTime(sim.device.since)}</Table.Td></Table.Tr>
          </Table.Tbody>
        </Table>
      ) : sim.deviceOwnership === 'byod' ? (
        <Text size="sm" c="dimmed" data-testid="sim-device-byod">{tf('fleet.device.byod')}</Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="sim-device-none">{tf('fleet.device.none')}</Text>
      )}
      {canMark ? <Text size="xs" c="dimmed">{tf('fleet.device.answers')}</Text> : null}
      {saved ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setSaved(false)} data-testid="sim-device-saved">{tf('fleet.device.saved')}</Alert>
      ) : null}
      {marking ? (
        <MarkDeviceDialog
          customerId={customerId}
          sim={sim}
          onClose={() => setMarking(false)}
          onDone={() => {
            setMarking(false);
            setSaved(true);
          }}
          onReload={onReload}
        />
      ) : null}
    </Section>
  );
}

interface DialogProps {
  customerId: string;
  sim: SimDetail;
  onClose: () => void;
  onDone: () => void;
  onReload: () => void;
}

/** Customer-owned (IMEI required, make, model) or BYOD (no device data sent, none kept); the server checks the IMEI. */
function MarkDeviceDialog({ customerId, sim, onClose, onDone, onReload }: DialogProps) {
  const { tf, t } = useFleetI18n();
  const mutation = useMarkDevice(customerId, sim.id);
  const [ownership, setOwnership] = useState<Ownership>(sim.deviceOwnership ?? 'customer');
  const [imei, setImei] = useState(sim.device?.imei ?? '');
  const [make, setMake] = useState(sim.device?.make ?? '');
  const [model, setModel] = useState(sim.device?.model ?? '');
  const [tried, setTried] = useState(false);
  // MOB-5: a BYOD marking hides the IMEI, make and model of every device the line had until then, in its history too,
  // and no later marking shows them again. There is something to lose while the line's devices since its last BYOD
  // marking are customer-owned, that is while it is marked customer-owned now.
  const showsDevices = sim.device !== null || sim.deviceOwnership === 'customer';

  const error = mutation.error;
  const code = error instanceof ApiError ? error.code : null;
  const stale = error instanceof ApiError && error.status === 412;
  const serverImeiError = error instanceof ApiError && code === 'invalid_imei';
  const imeiError = ownership === 'customer'
    ? (tried && imei.trim() === '' ? tf('fleet.device.imeiRequired') : serverImeiError ? tf('fleet.device.invalidImei') : null)
    : null;
  const otherError = error && !stale && !serverImeiError ? error : null;

  const body = (): SimDeviceBody => {
    if (ownership === 'byod') return { ownership };
    const trimmed = { make: make.trim(), model: model.trim() };
    return { ownership, imei: imei.trim(), ...(trimmed.make ? { make: trimmed.make } : {}), ...(trimmed.model ? { model: trimmed.model } : {}) };
  };

  return (
    <Dialog opened onClose={onClose} title={tf('fleet.device.markTitle', { msisdn: sim.msisdn })} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (ownership === 'customer' && imei.trim() === '') return;
          mutation.mutate({ body: body(), version: sim.version }, { onSuccess: onDone });
        }}
      >
        <Stack gap="md">
          <Radio.Group
            label={tf('fleet.device.ownership')}
            value={ownership}
            onChange={(value) => {
              setOwnership(value === 'byod' ? 'byod' : 'customer');
              mutation.reset();
            }}
            required
          >
            <Stack gap="xs" mt={6}>
              <Radio value="customer" label={tf('fleet.device.ownership.customer')} description={tf('fleet.device.ownership.customerHint')} data-testid="device-ownership-customer" />
              <Radio value="byod" label={tf('fleet.device.ownership.byod')} description={tf('fleet.device.ownership.byodHint')} data-testid="device-ownership-byod" />
            </Stack>
          </Radio.Group>
          {ownership === 'customer' ? (
            <>
              <TextInput
                label={tf('fleet.device.imei')}
                description={tf('fleet.device.imeiHint')}
                value={imei}
                onChange={(event) => {
                  setImei(event.currentTarget.value);
                  if (serverImeiError) mutation.reset();
                }}
                required
                maxLength={40}
                inputMode="numeric"
                autoComplete="off"
                error={imeiError}
                data-autofocus
                data-testid="device-imei"
              />
              <TextInput label={tf('fleet.device.make')} value={make} onChange={(event) => setMake(event.currentTarget.value)} maxLength={60} data-testid="device-make" />
              <TextInput label={tf('fleet.device.model')} value={model} onChange={(event) => setModel(event.currentTarget.value)} maxLength={60} data-testid="device-model" />
            </>
          ) : showsDevices ? (
            <Alert color="orange" variant="light" title={tf('fleet.device.byodDropsTitle')} data-testid="device-byod-drops">
              {tf('fleet.device.byodDrops')}
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">{tf('fleet.device.answers')}</Text>
          {stale ? (
            <Alert color="yellow" variant="light" role="alert" data-testid="device-stale">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{tf('fleet.device.stale')}</Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    mutation.reset();
                    onReload();
                  }}
                  data-testid="device-reload"
                >{tf('fleet.device.reload')}</Button>
              </Stack>
            </Alert>
          ) : null}
          <FleetProblemAlert error={otherError} testId="device-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="device-cancel">{t('common.cancel')}</Button>
            <Button type="submit" color={ownership === 'byod' && showsDevices ? 'red' : undefined} loading={mutation.isPending} data-testid="device-save">{tf('fleet.device.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
