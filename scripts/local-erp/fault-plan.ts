/**
 * The fault plan: what misbehaviour the local ERP injects, where and when. Parsed with zod so a
 * plan sent to `POST /__erp/faults` or passed to `startLocalErp` is checked the same way, with
 * a message that names the field to fix.
 */
import { z } from 'zod';

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Where and when a rule applies; every field is optional and narrows it. */
const scope = {
  /** Path prefix the rule applies to, e.g. `/api/orders`; default every ERP path. */
  pathPrefix: z.string().startsWith('/', 'must start with "/"').optional(),
  /** Methods the rule applies to; default all. */
  methods: z.array(httpMethod).min(1).optional(),
  /** Inject the fault this many times, then stop. */
  count: z.int().min(1).optional(),
  /** Start of the window, in ms of the ERP's clock (`now()`). */
  activeFrom: z.number().optional(),
  /** End of the window (exclusive), in ms of the ERP's clock. */
  activeUntil: z.number().optional(),
  /** A window of this many ms starting when the plan is set; an alternative to activeUntil. */
  forMs: z.int().min(1).optional()
};

const serverError = z.int().min(500).max(599);

const rule = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('unavailable'),
      status: serverError.default(503),
      ...scope
    }),
    z.strictObject({
      kind: z.literal('rateLimited'),
      retryAfterSeconds: z.int().min(0),
      retryAfterFormat: z.enum(['seconds', 'http-date']).default('seconds'),
      ...scope
    }),
    z.strictObject({ kind: z.literal('slow'), delayMs: z.int().min(1), ...scope }),
    z.strictObject({ kind: z.literal('malformed'), ...scope }),
    z.strictObject({ kind: z.literal('outage'), ...scope }),
    z.strictObject({
      kind: z.literal('flaky'),
      percent: z.number().min(0).max(100),
      status: serverError.default(503),
      ...scope
    })
  ])
  .refine((r) => !(r.forMs !== undefined && r.activeUntil !== undefined), {
    message: 'give either forMs or activeUntil, not both'
  });

const plan = z.strictObject({
  /** Seed of the PRNG behind `flaky`: the same seed and traffic give the same faults. */
  seed: z.int().default(1),
  rules: z.array(rule).default([])
});

/** A fault rule as written by a caller (defaults not yet applied). */
export type FaultRuleInput = z.input<typeof rule>;
/** A fault plan as written by a caller. */
export type FaultPlanInput = z.input<typeof plan>;
/** A checked rule, defaults applied. */
export type FaultRule = z.output<typeof rule>;
/** A checked plan, defaults applied. */
export type FaultPlan = z.output<typeof plan>;
/** The kinds of fault. */
export type FaultKind = FaultRule['kind'];

/** The kinds, for counters that list each one even when it never fired. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'unavailable',
  'rateLimited',
  'slow',
  'malformed',
  'outage',
  'flaky'
];

/** A fault plan that does not match the schema; the message lists every problem. */
export class InvalidFaultPlanError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid fault plan: ${problems.join('; ')}. ` +
        'Fix the plan (see scripts/local-erp/README.md, "Faults"), e.g. ' +
        '{"rules":[{"kind":"unavailable","count":3,"pathPrefix":"/api/orders"}]}.'
    );
    this.name = 'InvalidFaultPlanError';
  }
}

/** Checks a plan from an untrusted source (JSON body, CLI) and applies defaults. */
export function parseFaultPlan(input: unknown): FaultPlan {
  const result = plan.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidFaultPlanError(
    result.error.issues.map((issue) => {
      const where = issue.path.length === 0 ? 'plan' : issue.path.join('.');
      return `${where}: ${issue.message}`;
    })
  );
}
