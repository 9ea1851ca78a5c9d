/**
 * Reads the VPC security groups that databases of one region reference, in batches, and resolves
 * the managed prefix lists their ingress rules name, so that network analysis sees CIDRs only.
 * One lookup per region serves every database service in it: a group shared by ten databases is
 * read once.
 */
import { paginateDescribeSecurityGroups, paginateGetManagedPrefixListEntries, type IpPermission } from '@aws-sdk/client-ec2';
import type pLimit from 'p-limit';
import type { IngressPermission, SecurityGroup } from '../../analysis/network.ts';
import { readable, unreadable, type Facet } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import { classifyAwsError } from './errors.ts';
import { ec2Client } from './db-clients.ts';
import { SECURITY_GROUP_OPERATIONS } from './db-facets.ts';


/** DescribeSecurityGroups accepts at most this many ids per request (GroupId filter values). */
const BATCH = 200;

function toIngress(permission: IpPermission): IngressPermission {
  return {
    protocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort,
    toPort: permission.ToPort,
    ipv4: (permission.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [{ cidr: r.CidrIp, description: r.Description }] : [])),
    ipv6: (permission.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [{ cidr: r.CidrIpv6, description: r.Description }] : [])),
    prefixLists: (permission.PrefixListIds ?? []).flatMap((p) => (p.PrefixListId ? [{ id: p.PrefixListId }] : [])),
    groups: (permission.UserIdGroupPairs ?? []).flatMap((g) => (g.GroupId ? [{ groupId: g.GroupId, userId: g.UserId }] : [])),
  };
}

export class SecurityGroupLookup {
  /** Settled answers, for facetFor. */
  private readonly groups = new Map<string, Facet<SecurityGroup>>();
  /** In-flight or settled reads, so that services loading at the same time share one call. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly lists = new Map<string, Promise<{ cidrs?: string[]; unreadable?: string }>>();
  private readonly clients: AwsClients;
  private readonly region: string;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(clients: AwsClients, region: string, limit: ReturnType<typeof pLimit>) {
    this.clients = clients;
    this.region = region;
    this.limit = limit;
  }

  /** Reads every group not read or being read yet (with the prefix lists they name), then waits for all asked. */
  async load(groupIds: Iterable<string>): Promise<void> {
    const asked = [...new Set(groupIds)];
    const fresh = asked.filter((id) => !this.pending.has(id));
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      const read = this.readBatch(batch);
      for (const id of batch) this.pending.set(id, read);
    }
    await Promise.all(asked.map((id) => this.pending.get(id)));
  }

  private async readBatch(batch: string[]): Promise<void> {
    const client = ec2Client(this.clients, this.region);
    const found = new Map<string, SecurityGroup>();
    try {
      const pages = paginateDescribeSecurityGroups({ client, pageSize: 1000 }, { Filters: [{ Name: 'group-id', Values: batch }] });
      for await (const page of limitedPages(pages, this.limit)) {
        for (const group of page.SecurityGroups ?? []) {
          if (group.GroupId) found.set(group.GroupId, { groupId: group.GroupId, groupName: group.GroupName, vpcId: group.VpcId, ingress: (group.IpPermissions ?? []).map(toIngress) });
        }
      }
    } catch (error) {
      const failure = classifyAwsError(error);
      for (const id of batch) this.groups.set(id, unreadable(SECURITY_GROUP_OPERATIONS.describe.operation, failure.code, failure.message));
      return;
    }
    await Promise.all(
      [...found.values()].flatMap((group) =>
        group.ingress.flatMap((permission) =>
          permission.prefixLists.map(async (list, index) => {
            permission.prefixLists[index] = { ...list, ...(await this.prefixList(list.id)) };
          }),
        ),
      ),
    );
    for (const id of batch) {
      const group = found.get(id);
      this.groups.set(id, group ? readable(group) : unreadable(SECURITY_GROUP_OPERATIONS.describe.operation, 'InvalidGroup.NotFound', `security group ${id} was not returned`));
    }
  }

  private prefixList(id: string): Promise<{ cidrs?: string[]; unreadable?: string }> {
    let entries = this.lists.get(id);
    if (!entries) {
      entries = (async () => {
        try {
          const cidrs: string[] = [];
          const pages = paginateGetManagedPrefixListEntries({ client: ec2Client(this.clients, this.region), pageSize: 100 }, { PrefixListId: id });
          for await (const page of limitedPages(pages, this.limit)) {
            for (const entry of page.Entries ?? []) if (entry.Cidr) cidrs.push(entry.Cidr);
          }
          return { cidrs };
        } catch (error) {
          return { unreadable: `${SECURITY_GROUP_OPERATIONS.prefixList.operation} failed with ${classifyAwsError(error).code}` };
        }
      })();
      this.lists.set(id, entries);
    }
    return entries;
  }

  /** The facet for a database with these groups: unreadable when any of them is. */
  facetFor(groupIds: readonly string[]): Facet<SecurityGroup[]> {
    const out: SecurityGroup[] = [];
    for (const id of groupIds) {
      const group = this.groups.get(id) ?? unreadable(SECURITY_GROUP_OPERATIONS.describe.operation, 'NotLoaded', `security group ${id} was not looked up`);
      if (group.state !== 'ok') return group;
      out.push(group.value);
    }
    return readable(out);
  }
}

/** The VPC security group ids a database names (RDS and Redshift answer in the same shape). */
export const groupIdsOf = (groups: { VpcSecurityGroupId?: string }[] | undefined): string[] =>
  (groups ?? []).flatMap((g) => (g.VpcSecurityGroupId ? [g.VpcSecurityGroupId] : []));

/** Runs a paginator with each page under the call limit (shared by the database collectors). */
export async function* limitedPages<T>(pages: AsyncIterable<T>, limit: ReturnType<typeof pLimit>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await limit(() => iterator.next());
    if (next.done) return;
    yield next.value;
  }
}
