import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { checkFirst, connectionTypes, decodeCursor, encodeCursor, toConnection } from '@ceg/conventions';
import { isAdmin, isAnalyst, isStaffOf } from '@ceg/auth';
import { pagePerParent, rowsOf } from '@ceg/kit';
import { OutcomeResponseRow, ProgramOfferingRow } from './entities';
import { type ProgramsContext, ProgramService } from './service';
import { Branch, OutcomeSummary, Program, ProgramFormat, ProgramSession, SurveyType } from './types';

@ObjectType({ description: "One participant's free comment from an outcome survey, anonymous: no date, no session, no answers beside it." })
export class OutcomeComment {
  @Field({ description: 'The comment as written (up to 5,000 characters).' }) body: string;
  @Field(() => SurveyType, { description: 'The survey it came with (immediate or follow-up).' }) surveyType: SurveyType;
  id: string;
}

export const { Connection: OutcomeCommentConnection, Edge: OutcomeCommentEdge } = connectionTypes(OutcomeComment, 'OutcomeComment');

const FIRST = "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.";
const AFTER = "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.";

@Resolver(() => Program)
export class ProgramPlsResolver {
  @FieldResolver(() => [Branch], { description: 'The branches that offer it: its own branch first, then the branches it is shared with (offeredByBranchIds).' })
  async offeredBy(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<Branch[]> {
    const shared = await rowsOf(ctx, ProgramOfferingRow, 'programId', p.id, { branchId: 'ASC' });
    return [{ id: p.branchId }, ...shared.map((o) => ({ id: o.branchId }))];
  }

  @FieldResolver(() => Boolean, { description: 'True when several branches offer it together (a system-level program): the PLS report counts each of its sessions once for any set of branches that includes one of them.' })
  async systemLevel(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<boolean> {
    return (await rowsOf(ctx, ProgramOfferingRow, 'programId', p.id, { branchId: 'ASC' })).length > 0;
  }

  @FieldResolver(() => OutcomeSummary, { description: 'Project Outcome FOLLOW_UP survey results (given weeks after a session), summarized like `outcomes`; shares are withheld below the privacy threshold.' })
  followUpOutcomes(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<OutcomeSummary> {
    return new ProgramService(ctx).outcomes(p.id, SurveyType.FOLLOW_UP);
  }

  @FieldResolver(() => OutcomeCommentConnection, {
    description:
      "Free comments from its outcome surveys, in no meaningful order (not by time). STAFF of the program's branch, ANALYST and ADMIN only; the comments of a survey type only while that type's summary (`outcomes`, `followUpOutcomes`) is shown, i.e. past the privacy threshold. An empty list for anyone else and below the threshold.",
  })
  async outcomeComments(
    @Root() p: Program,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: FIRST }) firstArg?: number,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after?: string,
  ) {
    const first = checkFirst(firstArg);
    const cursor = decodeCursor(after, 1);
    const cursorOf = (c: OutcomeComment) => encodeCursor([c.id]);
    const v = ctx.viewer;
    const svc = new ProgramService(ctx);
    const allowed = isAdmin(v) || isAnalyst(v) || isStaffOf(v, p.branchId);
    // A survey type's comments are shown only when its summary is (a withheld summary publishes responseCount 0).
    const types: SurveyType[] = [];
    if (allowed) {
      for (const t of [SurveyType.IMMEDIATE, SurveyType.FOLLOW_UP]) if ((await svc.outcomes(p.id, t)).responseCount > 0) types.push(t);
    }
    if (!types.length) return toConnection<OutcomeComment>([], first, cursorOf, async () => 0, cursor !== null);
    const { rows, count } = await pagePerParent(ctx, {
      name: 'outcomeComments', entity: OutcomeResponseRow, alias: 'oc', parentColumn: 'oc.programId', parentOf: (r) => r.programId,
      base: () => ctx.db.manager.createQueryBuilder(OutcomeResponseRow, 'oc')
        .where("oc.comment IS NOT NULL AND oc.comment <> '' AND oc.surveyType IN (:...commentTypes)", { commentTypes: types }),
      keys: [{ expr: 'oc.id', direction: 'ASC' }], cursor, first, argsKey: [types, first, after ?? null],
    }, p.id);
    const nodes = rows.map((r) => Object.assign(new OutcomeComment(), { id: r.id, body: r.comment!, surveyType: r.surveyType as SurveyType }));
    return toConnection(nodes, first, cursorOf, count, cursor !== null);
  }
}

@Resolver(() => ProgramSession)
export class SessionAttendanceResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Of `attendance`, the people who came in person: all of it for ONSITE and OFFSITE programs, less the online part for hybrid ones, 0 for VIRTUAL; null until recorded and for RECORDED programs (whose headcounts are views).',
  })
  async inPersonAttendance(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number | null> {
    const split = await attendanceSplit(s, ctx);
    return split && split.inPerson;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Of `attendance`, the people who attended live online: all of it for VIRTUAL programs, the recorded online part for hybrid ones, 0 for other in-person programs; null until recorded and for RECORDED programs.',
  })
  async virtualAttendance(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number | null> {
    const split = await attendanceSplit(s, ctx);
    return split && split.virtual;
  }
}

async function attendanceSplit(s: ProgramSession, ctx: ProgramsContext): Promise<{ inPerson: number; virtual: number } | null> {
  if (s.attendance === null) return null;
  const p = await new ProgramService(ctx).programOfSession(s.programId);
  if (!p || p.format === ProgramFormat.RECORDED) return null;
  if (p.format === ProgramFormat.VIRTUAL) return { inPerson: 0, virtual: s.attendance };
  const virtual = p.hybrid === 1 ? (s.virtualPart ?? 0) : 0;
  return { inPerson: s.attendance - virtual, virtual };
}

export const PLS_RESOLVERS = [ProgramPlsResolver, SessionAttendanceResolver] as const;
