import { z } from 'zod';
import { SEVERITIES } from '../engine/finding.ts';
import { REPORT_FORMATS } from '../report/model.ts';
import { suppressionEntrySchema } from '../engine/suppressions.ts';
import { AWS_REGION_EXPECTED, isAwsRegionName } from './aws-region.ts';

/** Also checked on the flags that take the same values (--trusted-account, --project). */
export const AWS_ACCOUNT_ID = /^\d{12}$/;
export const GCP_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** An empty list would silently mean "all": refuse it and say how to ask for all. */
const EMPTY_LIST = (item: string, all: string) => `expected at least one ${item}; leave the key out to scan ${all}`;

const accountId = z.string().regex(AWS_ACCOUNT_ID, 'expected a 12-digit AWS account id');

/** ajar.config.yaml / ajar.config.json. Every key is optional; flags override the file. */
export const configSchema = z
  .object({
    // An empty list would select every rule: refused, like `--rules ''`.
    rules: z.array(z.string().min(1)).min(1).optional().describe('rule ids or globs to run (default: all)'),
    failOn: z.enum(SEVERITIES).optional(),
    concurrency: z.number().int().min(1).max(512).optional(),
    trustedAccounts: z.array(accountId).optional(),
    network: z
      .object({
        maxPublicPrefix: z.number().int().min(0).max(32).optional().describe('IPv4: a public source range wider than this prefix counts as the internet (default 16)'),
        maxPublicPrefixV6: z.number().int().min(0).max(128).optional().describe('IPv6: the same for IPv6 sources (default 32)'),
      })
      .strict()
      .optional(),
    state: z.string().min(1).optional().describe('state store URL, as --state: sqlite:///path.db, a file path, or postgres://... (docs/history.md)'),
    suppressions: z.array(suppressionEntrySchema).optional().describe('accepted risks, as in .ajarignore.yaml (docs/ci-gate.md)'),
    outputs: z
      .array(z.object({ format: z.enum(REPORT_FORMATS as [string, ...string[]]), output: z.string().min(1).optional() }).strict())
      .optional(),
    aws: z
      .object({
        regions: z.array(z.string().refine(isAwsRegionName, AWS_REGION_EXPECTED)).min(1, EMPTY_LIST('region', 'every enabled region')).optional(),
        profile: z.string().min(1).optional(),
        endpoint: z.url({ protocol: /^https?$/ }).optional(),
        pathStyle: z.boolean().optional(),
      })
      .strict()
      .optional(),
    azure: z
      .object({
        subscriptions: z.array(z.guid('expected a subscription id (a GUID)')).min(1, EMPTY_LIST('subscription', 'every subscription the identity sees')).optional(),
        endpoint: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .optional(),
    gcp: z
      .object({
        projects: z.array(z.string().regex(GCP_PROJECT_ID, 'expected a project id (6-30 lowercase letters, digits, hyphens)')).min(1, EMPTY_LIST('project', 'every project the identity sees')).optional(),
        endpoint: z.url({ protocol: /^https?$/ }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type AjarConfig = z.infer<typeof configSchema>;
