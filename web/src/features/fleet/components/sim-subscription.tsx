import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { SimDetail } from '../api/fleet-types.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import type { SubscriptionChange } from './fleet-orders.tsx';
import { Section } from './sim-sections.tsx';

/** Which changes of the subscription to offer (the ability for a fleet manager, the self-service rights for an end user). */
export interface SubscriptionMay {
  plan: boolean;
  addOption: boolean;
  removeOption: (optionId: string) => boolean;
  clir: boolean;
  premiumBarring: boolean;
  euDataCutoff: boolean;
}

export const MAY_NOTHING: SubscriptionMay = { plan: false, addOption: false, removeOption: () => false, clir: false, premiumBarring: false, euDataCutoff: false };

export function mayEverything(): SubscriptionMay {
  return { plan: true, addOption: true, removeOption: () => true, clir: true, premiumBarring: true, euDataCutoff: true };
}

/** The plan, options, CLIR, premium barring and EU data cut-off, each with its change where it may be made. */
export function SimSubscription({ sim, may, onChange }: { sim: SimDetail; may: SubscriptionMay; onChange: (change: SubscriptionChange) => void }) {
  const i18n = useFleetI18n();
  const { tf, eur, day } = i18n;
  const plan = sim.tariffPlan;
  const flag = (on: boolean) => <Badge variant="light" color={on ? 'blue' : 'gray'}>{on ? tf('fleet.on') : tf('fleet.off')}</Badge>;
  return (
    <Section title={tf('fleet.sub.title')} testId="sim-subscription">
      <Table withRowBorders verticalSpacing="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row" w="32%">{tf('fleet.sub.plan')}</Table.Th>
            <Table.Td data-testid="sim-plan">
              {plan ? (
                <Stack gap={2}>
                  <Text size="sm" fw={600}>{plan.name}</Text>
                  <Text size="xs" c="dimmed">{tf('fleet.sub.monthlyFee', { amount: eur(plan.monthlyFeeCents) })}</Text>
                  {plan.withdrawnAt && plan.lastSwitchOn ? <Text size="xs" c="orange.8">{tf('fleet.sub.withdrawn', { date: day(plan.lastSwitchOn) })}</Text> : null}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">{tf('fleet.sub.noPlan')}</Text>
              )}
            </Table.Td>
            <Table.Td ta="right">
              {may.plan ? <Button size="xs" variant="light" onClick={() => onChange({ kind: 'plan' })} data-testid="sim-change-plan">{tf('fleet.sub.change')}</Button> : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sub.options')}</Table.Th>
            <Table.Td data-testid="sim-options">
              {sim.options.length === 0 ? (
                <Text size="sm" c="dimmed">{tf('fleet.sub.noOptions')}</Text>
              ) : (
                <Stack gap={4}>
                  {sim.options.map((o) => (
                    <Group key={o.id} gap="xs" wrap="nowrap">
                      <Text size="sm">{o.name}</Text>
                      <Text size="xs" c="dimmed">{eur(o.monthlyFeeCents)}</Text>
                      {may.removeOption(o.id) ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          aria-label={tf('fleet.sub.removeOf', { name: o.name })}
                          onClick={() => onChange({ kind: 'remove_option', optionId: o.id, name: o.name })}
                          data-testid="sim-remove-option"
                        >
                          {tf('fleet.sub.remove')}
                        </Button>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              )}
            </Table.Td>
            <Table.Td ta="right">
              {may.addOption ? <Button size="xs" variant="light" onClick={() => onChange({ kind: 'add_option' })} data-testid="sim-add-option">{tf('fleet.sub.addOption')}</Button> : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sub.clir')}</Table.Th>
            <Table.Td data-testid="sim-clir">{flag(sim.clir)}</Table.Td>
            <Table.Td ta="right">
              {may.clir ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'clir', enabled: !sim.clir })} data-testid="sim-change-clir">
                  {sim.clir ? tf('fleet.sub.turnOff') : tf('fleet.sub.turnOn')}
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sub.premiumBarring')}</Table.Th>
            <Table.Td data-testid="sim-premium-barring">{flag(sim.premiumBarring)}</Table.Td>
            <Table.Td ta="right">
              {may.premiumBarring ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'premium_barring', enabled: !sim.premiumBarring })} data-testid="sim-change-barring">
                  {sim.premiumBarring ? tf('fleet.sub.turnOff') : tf('fleet.sub.turnOn')}
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sub.euCutoff')}</Table.Th>
            <Table.Td data-testid="sim-eu-cutoff">
              <Badge variant="light" color={sim.euDataCutoffOptOut ? 'orange' : 'blue'}>{sim.euDataCutoffOptOut ? tf('fleet.sub.euCutoffOff') : tf('fleet.sub.euCutoffOn')}</Badge>
            </Table.Td>
            <Table.Td ta="right">
              {may.euDataCutoff ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'eu_data_cutoff', optOut: !sim.euDataCutoffOptOut })} data-testid="sim-change-eu">
                  {sim.euDataCutoffOptOut ? tf('fleet.sub.optIn') : tf('fleet.sub.optOut')}
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sim.contractStart')}</Table.Th>
            <Table.Td colSpan={2}>{sim.contractStart ? day(sim.contractStart) : '—'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{tf('fleet.sim.initialTermEnd')}</Table.Th>
            <Table.Td colSpan={2} data-testid="sim-initial-term-end">{sim.initialTermEnd ? day(sim.initialTermEnd) : '—'}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Section>
  );
}
