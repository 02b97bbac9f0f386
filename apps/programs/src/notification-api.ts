/**
 * The patron's notification preferences in the graph: `myNotificationPreferences`
 * and `setNotificationPreferences`. Only the patron themselves reads or
 * writes them (PATRON role, keyed by their token's `sub`); no other role and
 * no other field ever shows the e-mail address.
 */
import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { InputCheck, NotificationChannel, NotificationLocale, UserError, UserErrorCode } from '@ceg/conventions';
import { cancelPending, requireRole } from '@ceg/kit';
import { retryingTransaction } from '@ceg/persistence';
import { NotificationPreferenceRow } from './notifications';
import type { ProgramsContext } from './service';

@ObjectType({ description: "A patron's choice of notices about their program registrations (confirmed, moved up from the waitlist, a reminder before the session, session cancelled). Visible only to the patron themselves." })
export class NotificationPreferences {
  @Field(() => String, { description: 'Where e-mail notices go: the address the patron gave. Shown only to them; null when they gave none.', nullable: true }) email: string | null;
  @Field(() => [NotificationChannel], { description: 'The channels the patron opted in to; empty: no notices at all (the default).' }) channels: NotificationChannel[];
  @Field(() => NotificationLocale, { description: 'The language of the notices (default EN).' }) locale: NotificationLocale;
  @Field(() => Date, { description: 'When the patron last changed them; null when they never set any.', nullable: true }) updatedAt: Date | null;
}

@InputType({ description: "The patron's notification preferences; they replace the previous ones as a whole." })
export class SetNotificationPreferencesInput {
  @Field(() => String, { description: 'E-mail address for notices (at most 254 characters). Required with the EMAIL channel; null removes it.', nullable: true }) email?: string | null;
  @Field(() => [NotificationChannel], { description: 'Channels to receive notices on; empty turns every notice off.' }) channels: NotificationChannel[];
  @Field(() => NotificationLocale, { description: 'Language of the notices; default EN.', nullable: true }) locale?: NotificationLocale | null;
}

@ObjectType({ description: 'What setNotificationPreferences answers.' })
export class SetNotificationPreferencesPayload {
  @Field(() => NotificationPreferences, { description: 'The preferences as stored; null when `userErrors` is not empty (then nothing was written).', nullable: true }) preferences: NotificationPreferences | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

function toPreferences(row: NotificationPreferenceRow | null): NotificationPreferences {
  if (!row) return { email: null, channels: [], locale: NotificationLocale.EN, updatedAt: null };
  const channels: NotificationChannel[] = [];
  if (row.emailEnabled) channels.push(NotificationChannel.EMAIL);
  if (row.webhookEnabled) channels.push(NotificationChannel.WEBHOOK);
  return { email: row.email, channels, locale: row.locale === 'es' ? NotificationLocale.ES : NotificationLocale.EN, updatedAt: row.updatedAt };
}

@Resolver()
export class NotificationPreferencesResolver {
  @Query(() => NotificationPreferences, { nullable: true, description: "The caller's own notification preferences (PATRON; anonymous UNAUTHENTICATED, other roles FORBIDDEN). Defaults (no channel) until they set some." })
  async myNotificationPreferences(@Ctx() ctx: ProgramsContext): Promise<NotificationPreferences> {
    requireRole(ctx.viewer, 'PATRON');
    return toPreferences(await ctx.db.manager.findOneBy(NotificationPreferenceRow, { sub: ctx.viewer.sub! }));
  }

  @Mutation(() => SetNotificationPreferencesPayload, { description: 'PATRON: opts in to (or out of) notices per channel, with the e-mail address and language to use. Turning a channel off also withdraws notices on it not sent yet.' })
  async setNotificationPreferences(
    @Arg('input', () => SetNotificationPreferencesInput, { description: 'The new preferences; every field is validated before anything is written.' }) input: SetNotificationPreferencesInput,
    @Ctx() ctx: ProgramsContext,
  ): Promise<SetNotificationPreferencesPayload> {
    requireRole(ctx.viewer, 'PATRON');
    const check = new InputCheck();
    const email = check.email('email', input.email);
    const channels = new Set(input.channels ?? []);
    if (channels.has(NotificationChannel.EMAIL) && email === null && check.ok) check.fail('email', UserErrorCode.INVALID, 'The EMAIL channel needs an e-mail address');
    if (!check.ok) return { preferences: null, userErrors: check.errors };
    const row = Object.assign(new NotificationPreferenceRow(), {
      sub: ctx.viewer.sub!, email, emailEnabled: channels.has(NotificationChannel.EMAIL), webhookEnabled: channels.has(NotificationChannel.WEBHOOK),
      locale: input.locale === NotificationLocale.ES ? 'es' : 'en', updatedAt: new Date(),
    });
    await retryingTransaction(ctx.db, async (em) => {
      await em.upsert(NotificationPreferenceRow, row, ['sub']);
      if (!row.emailEnabled) await cancelPending(em, { recipientSub: row.sub, channel: 'EMAIL' });
      if (!row.webhookEnabled) await cancelPending(em, { recipientSub: row.sub, channel: 'WEBHOOK' });
    });
    return { preferences: toPreferences(row), userErrors: [] };
  }
}
