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

export const SECURITY_GROUP_OPERATIONS = {
  describe: { operation: 'DescribeSecurityGroups', permission: 'ec2:DescribeSecurityGroups' },
  prefixList: { operation: 'GetManagedPrefixListEntries', permission: 'ec2:GetManagedPrefixListEntries' },
} as const;

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
  private readonly groups = new Map<string, Facet<SecurityGroup>>();
  private readonly clients: AwsClients;
  private readonly region: string;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(clients: AwsClients, region: string, limit: ReturnType<typeof pLimit>) {
    this.clients = clients;
    this.region = region;
    this.limit = limit;
  }

  /** Reads every group not read yet, then the entries of every prefix list they name. */
  async load(groupIds: Iterable<string>): Promise<void> {
    const wanted = [...new Set(groupIds)].filter((id) => !this.groups.has(id));
    const client = this.clients.ec2(this.region);
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += BATCH) batches.push(wanted.slice(i, i + BATCH));
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const pages = paginateDescribeSecurityGroups({ client, pageSize: 1000 }, { Filters: [{ Name: 'group-id', Values: batch }] });
          for await (const page of limitedPages(pages, this.limit)) {
            for (const group of page.SecurityGroups ?? []) {
              if (!group.GroupId) continue;
              this.groups.set(group.GroupId, readable({ groupId: group.GroupId, groupName: group.GroupName, vpcId: group.VpcId, ingress: (group.IpPermissions ?? []).map(toIngress) }));
            }
          }
          for (const id of batch) {
            if (!this.groups.has(id)) this.groups.set(id, unreadable(SECURITY_GROUP_OPERATIONS.describe.operation, 'InvalidGroup.NotFound', `security group ${id} was not returned`));
          }
        } catch (error) {
          const failure = classifyAwsError(error);
          for (const id of batch) this.groups.set(id, unreadable(SECURITY_GROUP_OPERATIONS.describe.operation, failure.code, failure.message));
        }
      }),
    );
    await this.resolvePrefixLists(wanted);
  }

  private async resolvePrefixLists(groupIds: string[]): Promise<void> {
    const lists = new Map<string, { cidrs?: string[]; unreadable?: string }>();
    for (const id of groupIds) {
      const group = this.groups.get(id);
      if (group?.state !== 'ok') continue;
      for (const permission of group.value.ingress) for (const list of permission.prefixLists) lists.set(list.id, {});
    }
    const client = this.clients.ec2(this.region);
    await Promise.all(
      [...lists.keys()].map(async (id) => {
        try {
          const cidrs: string[] = [];
          for await (const page of limitedPages(paginateGetManagedPrefixListEntries({ client, pageSize: 100 }, { PrefixListId: id }), this.limit)) {
            for (const entry of page.Entries ?? []) if (entry.Cidr) cidrs.push(entry.Cidr);
          }
          lists.set(id, { cidrs });
        } catch (error) {
          const failure = classifyAwsError(error);
          lists.set(id, { unreadable: `${SECURITY_GROUP_OPERATIONS.prefixList.operation} failed with ${failure.code}` });
        }
      }),
    );
    for (const id of groupIds) {
      const group = this.groups.get(id);
      if (group?.state !== 'ok') continue;
      for (const permission of group.value.ingress) {
        permission.prefixLists = permission.prefixLists.map((list) => ({ ...list, ...lists.get(list.id) }));
      }
    }
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

/** Runs a paginator with each page under the call limit (shared by the database collectors). */
export async function* limitedPages<T>(pages: AsyncIterable<T>, limit: ReturnType<typeof pLimit>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await limit(() => iterator.next());
    if (next.done) return;
    yield next.value;
  }
}
