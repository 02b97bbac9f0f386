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
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'What was wrong with one input field of a mutation.',
  valuesConfig: {
    INVALID: { description: 'The value is malformed or out of range (a date that does not exist, a rating outside 1–5, invisible-only text, an unknown currency).' },
    REQUIRED: { description: 'The field is required and was missing or empty.' },
    TOO_LONG: { description: 'The text is longer than the field allows (subject 200, body 5,000, title 200, description 10,000 characters; at most 10 tags of 40).' },
    NOT_FOUND: { description: 'The id names nothing the caller may see (also an id owned by another subgraph, such as a branch or program).' },
    CONFLICT: { description: 'The value is already taken (a code that must be unique) or the record changed meanwhile.' },
    INVALID_TRANSITION: { description: "The requested status change is not one the status's transitions allow." },
    LIMIT_REACHED: { description: 'A limit was reached: a second vote for the same item, a full session, or too many anonymous submissions from one address in an hour.' },
  },
});

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
registerEnumType(ServiceArea, {
  name: 'ServiceArea',
  description: 'Project Outcome service areas (Public Library Association).',
  valuesConfig: {
    CIVIC_COMMUNITY_ENGAGEMENT: { description: 'Civic and community engagement: voter information, community conversations, local government.' },
    DIGITAL_LEARNING: { description: 'Digital learning: computer, internet and device skills.' },
    EARLY_CHILDHOOD_LITERACY: { description: 'Early childhood literacy: storytimes and early literacy for ages 0–5 and their caregivers.' },
    ECONOMIC_DEVELOPMENT: { description: 'Economic development: small business, entrepreneurship, financial literacy.' },
    EDUCATION_LIFELONG_LEARNING: { description: 'Education and lifelong learning: classes, lectures, book clubs, homework help.' },
    FAMILY_ENGAGEMENT: { description: 'Family engagement: programs that families attend together.' },
    HEALTH: { description: 'Health: health information, wellness and mental health programs.' },
    JOB_SKILLS: { description: 'Job skills: job search, résumés, interview and workplace skills.' },
    SUMMER_READING: { description: 'Summer reading: the summer reading program and its events.' },
  },
});

export enum TimeInterval {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(TimeInterval, {
  name: 'TimeInterval',
  description: 'Width of the PERIOD buckets of an aggregate. Buckets are calendar periods in UTC, each keyed by its first day.',
  valuesConfig: {
    DAY: { description: 'One bucket per calendar day (a DAY aggregate may span at most one year).' },
    WEEK: { description: 'Weeks start on Monday.' },
    MONTH: { description: 'One bucket per calendar month.' },
    QUARTER: { description: 'Calendar quarters: January, April, July and October start one.' },
    YEAR: { description: 'One bucket per calendar year.' },
  },
});

@Directive('@shareable')
@ObjectType({ description: 'Where a page sits in its list.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page: ask again with `after: endCursor`.' }) hasNextPage: boolean;
  @Field({ description: 'True when this page was asked for with `after`, i.e. items come before it.' }) hasPreviousPage: boolean;
  @Field(() => String, { description: "Cursor of the page's first item; null when the page is empty.", nullable: true }) startCursor: string | null;
  @Field(() => String, { description: "Cursor of the page's last item (pass it as `after` for the next page); null when the page is empty.", nullable: true }) endCursor: string | null;
}

@Directive('@shareable')
@ObjectType({ description: 'A problem with a mutation\'s input. Returned, not thrown.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the offending input field, e.g. ["input", "rating"].' })
  field: string[] | null;
  @Field({ description: 'What is wrong, in English, for a person to read.' }) message: string;
  @Field(() => UserErrorCode, { description: 'What kind of problem it is, for a program to act on.' }) code: UserErrorCode;
}

@Directive('@shareable')
@ObjectType({ description: 'One slice of a breakdown.' })
export class Share {
  @Field({ description: "The slice's stable key, e.g. an enum value such as `AGE_18_24` or a language code." }) key: string;
  @Field(() => String, { description: "The slice's name for people; null when the key says it all.", nullable: true }) label: string | null;
  @Field(() => Int, { description: 'How many fall into this slice; null when withheld (`suppressed`).', nullable: true }) count: number | null;
  @Field(() => Float, { description: "Fraction of the breakdown's total in this slice, 0–1; null when withheld (`suppressed`).", nullable: true }) share: number | null;
  @Field({ description: 'True when count and share are withheld to protect privacy (see RULES.md).' })
  suppressed: boolean;
  @Field(() => Float, { description: "Margin of error of `share` at 90% confidence, 0–1, for published survey estimates (a census community profile's breakdowns, e.g. from the American Community Survey): the share is within ± this of the true value with 90% confidence. Derived from the counts' margins of error with the Census Bureau's formula for a proportion. Null when not known, and always for counts of our own records.", nullable: true })
  marginOfError?: number | null;
  @Field(() => Int, { description: 'Margin of error of `count` at 90% confidence, as published with a survey estimate (for a category made of several published ones: the square root of the sum of their squared margins, the Census Bureau\'s approximation). Null when not known, and always for counts of our own records.', nullable: true })
  countMarginOfError?: number | null;
}

@Directive('@shareable')
@ObjectType({ description: 'An amount of money in one currency, exact (a decimal string, never a float).' })
export class Money {
  @Field({ description: 'Decimal amount as a string, e.g. "1250.00".' }) amount: string;
  @Field({ description: 'ISO-4217 code, e.g. USD.' }) currency: string;
}

@InputType({ description: 'An amount of money: a decimal string with at most 2 decimals and an ISO-4217 currency.' })
export class MoneyInput {
  @Field({ description: 'Decimal amount as a string with at most 2 decimals, ≥ 0, e.g. "1250.00".' }) amount: string;
  @Field({ description: 'ISO-4217 currency code in use, e.g. USD.' }) currency: string;
}

export function userError(field: string[] | null, code: UserErrorCode, message: string): UserError {
  return Object.assign(new UserError(), { field, code, message });
}

/** Descriptions of the root operation types, which type-graphql cannot describe: every subgraph gives the same. */
export const ROOT_TYPE_DESCRIPTIONS = {
  Query:
    'Reads. The directory (consortia, library systems, branches) is public; what else a caller sees depends on their role (RULES.md §2): what they may not read is absent, as if it did not exist. Every operation is priced before it runs (see each list and aggregate) and answers `extensions.cost`.',
  Mutation:
    'Writes. Each validates all of its input first: a payload with `userErrors` means nothing was written. A role that may never use a mutation gets FORBIDDEN (anonymous callers: UNAUTHENTICATED).',
} as const;
