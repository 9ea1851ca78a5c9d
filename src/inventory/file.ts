/**
 * The inventory file: everything a scan collected, before any rule ran. `ajar collect` writes it;
 * `ajar scan --inventory` evaluates it later without calling any cloud API (offline runs,
 * reproducible bug reports, comparing rule versions on the same data).
 */
import { z } from 'zod';
import type { ScopeEntry } from '../report/model.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';
import { parseJsonDocument } from '../util/zod-errors.ts';
import { PROVIDERS, RESOURCE_TYPES, type CollectionError, type Resource, type ResourceType } from './common.ts';

export const INVENTORY_KIND = 'ajar-inventory';
export const INVENTORY_VERSION = 1;

export interface InventoryFile {
  kind: typeof INVENTORY_KIND;
  version: typeof INVENTORY_VERSION;
  tool: { name: 'ajar'; version: string };
  collectedAt: string;
  scope: ScopeEntry[];
  collectionErrors: CollectionError[];
  resources: Resource<ResourceType, Record<string, unknown>>[];
  stats: { apiCalls: number; apiCallsByOperation: Record<string, number> };
}

const provider = z.enum(PROVIDERS);

const facet = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), value: z.unknown() }),
  z.object({ state: z.literal('unreadable'), operation: z.string(), code: z.string(), message: z.string() }),
]);

const inventorySchema = z.object({
  kind: z.literal(INVENTORY_KIND),
  version: z.literal(INVENTORY_VERSION),
  tool: z.object({ name: z.literal('ajar'), version: z.string() }),
  collectedAt: z.string(),
  scope: z.array(
    z.looseObject({ provider, account: z.string().optional(), regions: z.array(z.string()).optional(), endpoint: z.string().optional(), notScanned: z.string().optional() }),
  ),
  collectionErrors: z.array(
    z.looseObject({ provider, account: z.string().optional(), region: z.string().optional(), operation: z.string(), code: z.string(), message: z.string() }),
  ),
  resources: z.array(
    z.object({
      ref: z.object({ provider, account: z.string(), region: z.string(), type: z.enum(RESOURCE_TYPES), id: z.string().min(1), name: z.string() }),
      facets: z.record(z.string(), facet),
    }),
  ),
  stats: z.object({ apiCalls: z.number().int().nonnegative(), apiCallsByOperation: z.record(z.string(), z.number().int().nonnegative()) }),
});

export const renderInventory = (inventory: InventoryFile): string => `${terminalSafeJson(inventory, 2)}\n`;

/** Parses and checks an inventory file; a problem is one line naming the file and the JSON path. */
export function parseInventory(text: string, file: string): InventoryFile {
  return parseJsonDocument(text, file, inventorySchema, 'ajar inventory') as InventoryFile;
}
