import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, List, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ExplainQuery, ExplainReason } from '@mandate/contracts/grants';
import { profileLabel } from '../../../components/profile-badges.tsx';
import { useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useExplainAccess, useScopeOptions } from '../api/grants-api.ts';
import { actionLabel } from './rights-editor.tsx';

type Kind = 'billingAccount' | 'costCentre' | 'sim';

function reasonText(t: Translate, r: ExplainReason): string {
  const app = r.app ? t(`app.${r.app}`) : '';
  const actions = (r.actions ?? []).map((a) => actionLabel(t, a)).join(', ');
  switch (r.kind) {
    case 'membership':
      return r.profile === 'service_user' ? t('explain.reason.ownLine') : t('explain.reason.membership', { profile: profileLabel(t, r.profile ?? '') });
    case 'grant':
      return t('explain.reason.grant', { app, actions });
    case 'affiliate':
      return t('explain.reason.affiliate', { customer: r.via?.name ?? '' });
    case 'delegation':
      return t('explain.reason.delegation', { partner: r.partnerName ?? '', app, actions });
  }
}

/**
 * "Why can this user see this?": pick a billing account, a cost centre or a SIM number;
 * the server answers with the membership, grants, affiliate link or delegation that give access, or none.
 */
export function AccessExplainPanel({ customerId, userId }: { customerId: string; userId: string }) {
  const { t } = useI18n();
  const options = useScopeOptions(customerId);
  const [kind, setKind] = useState<Kind>('billingAccount');
  const [target, setTarget] = useState<string | null>(null);
  const [simNumber, setSimNumber] = useState('');
  const [query, setQuery] = useState<ExplainQuery | null>(null);
  const result = useExplainAccess(customerId, query);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'sim') {
      if (simNumber.trim().length >= 4) setQuery({ userId, msisdn: simNumber.trim() });
    } else if (target) {
      setQuery(kind === 'billingAccount' ? { userId, billingAccountId: target } : { userId, costCentreId: target });
    }
  };

  const data =
    kind === 'billingAccount'
      ? (options.data?.billingAccounts ?? []).map((b) => ({ value: b.id, label: `${b.number} · ${b.name}` }))
      : (options.data?.costCentres ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }));

  return (
    <Card withBorder padding="md" data-testid="explain-panel">
      <form onSubmit={onSubmit}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('explain.title')}</Title>
          <Text size="sm" c="dimmed">{t('explain.help')}</Text>
          <SegmentedControl
            value={kind}
            onChange={(value) => { setKind(value as Kind); setTarget(null); }}
            data={[
              { value: 'billingAccount', label: t('explain.kind.billingAccount') },
              { value: 'costCentre', label: t('explain.kind.costCentre') },
              { value: 'sim', label: t('explain.kind.sim') },
            ]}
            w="fit-content"
            data-testid="explain-kind"
          />
          <Group align="flex-end" wrap="wrap">
            {kind === 'sim' ? (
              <TextInput
                label={t('explain.simNumber')}
                placeholder="+32 470 00 00 01"
                value={simNumber}
                onChange={(e) => setSimNumber(e.currentTarget.value)}
                miw={240}
                data-testid="explain-target"
              />
            ) : (
              <Select
                label={kind === 'billingAccount' ? t('explain.kind.billingAccount') : t('explain.kind.costCentre')}
                placeholder={t('grants.scope.pick')}
                data={data}
                value={target}
                onChange={setTarget}
                searchable
                nothingFoundMessage={t('grants.scope.nothingFound')}
                miw={280}
                data-testid="explain-target"
              />
            )}
            <Button type="submit" loading={result.isFetching} data-testid="explain-submit">{t('explain.submit')}</Button>
          </Group>

          {result.error ? (
            <ProblemAlert error={result.error} testId="explain-result" />
          ) : result.data ? (
            <Alert
              color={result.data.allowed ? 'green' : 'gray'}
              title={result.data.allowed ? t('explain.allowed', { target: result.data.target.label }) : t('explain.denied', { target: result.data.target.label })}
              data-testid="explain-result"
              data-allowed={String(result.data.allowed)}
            >
              {result.data.reasons.length > 0 ? (
                <List size="sm" spacing={4}>
                  {result.data.reasons.map((r, i) => <List.Item key={i}>{reasonText(t, r)}</List.Item>)}
                </List>
              ) : (
                <Text size="sm">{result.data.user.status === 'active' ? t('explain.noReason') : t('explain.suspended')}</Text>
              )}
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
