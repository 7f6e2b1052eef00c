import { Progress, type MantineColor } from '@mantine/core';

export interface ProgressBarProps {
  /** How much of the bar is drawn, 0–100. */
  drawn: number;
  /** The figure assistive technology reads as the value (e.g. 117 for usage over its allowance); none while unknown. */
  now?: number | undefined;
  /** What is read out for the value, in the user's words ("117 % of the allowance"). */
  valueText: string;
  label: string;
  color?: MantineColor | undefined;
  /** Moving stripes, for work under way of unknown length. */
  busy?: boolean | undefined;
  testId?: string | undefined;
}

/**
 * A progress bar whose value assistive technology reads as the screen says it. Mantine's own
 * aria attributes (a bare "26%") would override ours, so they are left out and set here.
 */
export function ProgressBar({ drawn, now, valueText, label, color, busy, testId }: ProgressBarProps) {
  return (
    <Progress.Root data-testid={testId}>
      <Progress.Section
        withAria={false}
        value={drawn}
        color={color}
        animated={busy}
        striped={busy}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={Math.max(100, now ?? 0)}
        aria-valuenow={now}
        aria-valuetext={valueText}
      />
    </Progress.Root>
  );
}
