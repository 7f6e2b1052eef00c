import type { ReactNode } from 'react';
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import type { SimDetail } from '../api/fleet-types.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import { subscriptionChanges } from './fleet-format.tsx';
import type { SubscriptionChange } from './fleet-orders.tsx';
import { Section } from './sim-sections.tsx';
// Its layout rules, also where no fleet page loaded them (My line).
import '../fleet.css';

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

/**
 * One line of the Subscription card: what the SIM has (under `testId`) and, where it may be changed, the
 * change. The change goes under the value when both do not fit side by side (a long label in Dutch, a narrow
 * card), and the label above both on a phone (fleet.css): a button is never narrower than its label.
 */
function SubscriptionRow({ label, testId, value, action }: { label: string; testId?: string; value: ReactNode; action?: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{label}</Table.Th>
      <Table.Td>
        <div className="fleet-sub-cell">
          <div className="fleet-sub-value" data-testid={testId}>{value}</div>
          {action ? <div className="fleet-sub-action">{action}</div> : null}
        </div>
      </Table.Td>
    </Table.Tr>
  );
}

/** The plan, options, CLIR, premium barring and EU data cut-off, each with its change where it may be made. */
export function SimSubscription({ sim, may, onChange }: { sim: SimDetail; may: SubscriptionMay; onChange: (change: SubscriptionChange) => void }) {
  const i18n = useFleetI18n();
  const { tf, eur, day } = i18n;
  const plan = sim.tariffPlan;
  const flag = (on: boolean) => <Badge variant="light" color={on ? 'blue' : 'gray'}>{on ? tf('fleet.on') : tf('fleet.off')}</Badge>;
  return (
    <Section title={tf('fleet.sub.title')} testId="sim-subscription">
      <div className="fleet-sub">
        <Table withRowBorders verticalSpacing="sm" className="fleet-sub-table">
          <Table.Tbody>
            <SubscriptionRow
              label={tf('fleet.sub.plan')}
              testId="sim-plan"
              value={plan ? (
                <Stack gap={2}>
                  <Text size="sm" fw={600}>{plan.name}</Text>
                  <Text size="xs" c="dimmed">{tf('fleet.sub.monthlyFee', { amount: eur(plan.monthlyFeeCents) })}</Text>
                  {/* MOB-11: the date to switch by, for a line that can still switch. */}
                  {plan.withdrawnAt && plan.lastSwitchOn && subscriptionChanges(sim)
                    ? <Text size="xs" c="orange.8" data-testid="sim-plan-withdrawn">{tf('fleet.sub.withdrawn', { date: day(plan.lastSwitchOn) })}</Text>
                    : null}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">{tf('fleet.sub.noPlan')}</Text>
              )}
              action={may.plan ? <Button size="xs" variant="light" onClick={() => onChange({ kind: 'plan' })} data-testid="sim-change-plan">{tf('fleet.sub.change')}</Button> : null}
            />
            <SubscriptionRow
              label={tf('fleet.sub.options')}
              testId="sim-options"
              value={sim.options.length === 0 ? (
                <Text size="sm" c="dimmed">{tf('fleet.sub.noOptions')}</Text>
              ) : (
                <Stack gap={4}>
                  {sim.options.map((o) => (
                    <div key={o.id} className="fleet-sub-option">
                      <Text size="sm">{o.name}</Text>
                      <Text size="xs" c="dimmed">{tf('fleet.sub.monthlyFee', { amount: eur(o.monthlyFeeCents) })}</Text>
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
                    </div>
                  ))}
                </Stack>
              )}
              action={may.addOption ? <Button size="xs" variant="light" onClick={() => onChange({ kind: 'add_option' })} data-testid="sim-add-option">{tf('fleet.sub.addOption')}</Button> : null}
            />
            <SubscriptionRow
              label={tf('fleet.sub.clir')}
              testId="sim-clir"
              value={flag(sim.clir)}
              action={may.clir ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'clir', enabled: !sim.clir })} data-testid="sim-change-clir">
                  {sim.clir ? tf('fleet.sub.turnOff') : tf('fleet.sub.turnOn')}
                </Button>
              ) : null}
            />
            <SubscriptionRow
              label={tf('fleet.sub.premiumBarring')}
              testId="sim-premium-barring"
              value={flag(sim.premiumBarring)}
              action={may.premiumBarring ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'premium_barring', enabled: !sim.premiumBarring })} data-testid="sim-change-barring">
                  {sim.premiumBarring ? tf('fleet.sub.turnOff') : tf('fleet.sub.turnOn')}
                </Button>
              ) : null}
            />
            <SubscriptionRow
              label={tf('fleet.sub.euCutoff')}
              testId="sim-eu-cutoff"
              value={<Badge variant="light" color={sim.euDataCutoffOptOut ? 'orange' : 'blue'}>{sim.euDataCutoffOptOut ? tf('fleet.sub.euCutoffOff') : tf('fleet.sub.euCutoffOn')}</Badge>}
              action={may.euDataCutoff ? (
                <Button size="xs" variant="light" onClick={() => onChange({ kind: 'eu_data_cutoff', optOut: !sim.euDataCutoffOptOut })} data-testid="sim-change-eu">
                  {sim.euDataCutoffOptOut ? tf('fleet.sub.optIn') : tf('fleet.sub.optOut')}
                </Button>
              ) : null}
            />
            <SubscriptionRow label={tf('fleet.sim.contractStart')} value={sim.contractStart ? day(sim.contractStart) : '—'} />
            <SubscriptionRow label={tf('fleet.sim.initialTermEnd')} testId="sim-initial-term-end" value={sim.initialTermEnd ? day(sim.initialTermEnd) : '—'} />
          </Table.Tbody>
        </Table>
      </div>
    </Section>
  );
}
