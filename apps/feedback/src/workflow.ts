import type { FeedbackStatusValue } from './entities';

/** The transitions of FeedbackStatus (contract): DECLINED is final, RESOLVED may be reopened. */
export const TRANSITIONS: Record<FeedbackStatusValue, readonly FeedbackStatusValue[]> = {
  RECEIVED: ['ACKNOWLEDGED', 'DECLINED'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'RESOLVED', 'DECLINED'],
  IN_PROGRESS: ['RESOLVED', 'DECLINED'],
  RESOLVED: ['IN_PROGRESS'],
  DECLINED: [],
};

export const OPEN_STATUSES: readonly FeedbackStatusValue[] = ['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS'];

export function canTransition(from: FeedbackStatusValue, to: FeedbackStatusValue): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The timestamps a transition sets: acknowledgedAt the first time an item
 * leaves RECEIVED for ACKNOWLEDGED, resolvedAt on RESOLVED, cleared again when
 * a resolved item is reopened.
 */
export function timestampsFor(
  current: { acknowledgedAt: Date | null; resolvedAt: Date | null },
  to: FeedbackStatusValue,
  now: Date,
): { acknowledgedAt: Date | null; resolvedAt: Date | null } {
  return {
    acknowledgedAt: current.acknowledgedAt ?? (to === 'ACKNOWLEDGED' ? now : null),
    resolvedAt: to === 'RESOLVED' ? now : to === 'IN_PROGRESS' ? null : current.resolvedAt,
  };
}
