import { Directive, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum UserErrorCode {
  INVALID = 'INVALID',
  REQUIRED = 'REQUIRED',
  TOO_LONG = 'TOO_LONG',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  LIMIT_REACHED = 'LIMIT_REACHED',
}
registerEnumType(UserErrorCode, { name: 'UserErrorCode' });

/** Project Outcome service areas (Public Library Association). */
export enum ServiceArea {
  CIVIC_COMMUNITY_ENGAGEMENT = 'CIVIC_COMMUNITY_ENGAGEMENT',
  DIGITAL_LEARNING = 'DIGITAL_LEARNING',
  EARLY_CHILDHOOD_LITERACY = 'EARLY_CHILDHOOD_LITERACY',
  ECONOMIC_DEVELOPMENT = 'ECONOMIC_DEVELOPMENT',
  EDUCATION_LIFELONG_LEARNING = 'EDUCATION_LIFELONG_LEARNING',
  FAMILY_ENGAGEMENT = 'FAMILY_ENGAGEMENT',
  HEALTH = 'HEALTH',
  JOB_SKILLS = 'JOB_SKILLS',
  SUMMER_READING = 'SUMMER_READING',
}
registerEnumType(ServiceArea, { name: 'ServiceArea', description: 'Project Outcome service areas (Public Library Association).' });

export enum TimeInterval {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(TimeInterval, { name: 'TimeInterval', valuesConfig: { WEEK: { description: 'Weeks start on Monday.' } } });

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@Directive('@shareable')
@ObjectType({ description: 'A problem with a mutation\'s input. Returned, not thrown.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the offending input field, e.g. ["input", "rating"].' })
  field: string[] | null;
  @Field() message: string;
  @Field(() => UserErrorCode) code: UserErrorCode;
}

@Directive('@shareable')
@ObjectType({ description: 'One slice of a breakdown.' })
export class Share {
  @Field() key: string;
  @Field(() => String, { nullable: true }) label: string | null;
  @Field(() => Int, { nullable: true }) count: number | null;
  @Field(() => Float, { nullable: true }) share: number | null;
  @Field({ description: 'True when count and share are withheld to protect privacy (see RULES.md).' })
  suppressed: boolean;
}

@Directive('@shareable')
@ObjectType()
export class Money {
  @Field({ description: 'Decimal amount as a string, e.g. "1250.00".' }) amount: string;
  @Field({ description: 'ISO-4217 code, e.g. USD.' }) currency: string;
}

@InputType()
export class MoneyInput {
  @Field() amount: string;
  @Field() currency: string;
}

export function userError(field: string[] | null, code: UserErrorCode, message: string): UserError {
  return Object.assign(new UserError(), { field, code, message });
}
