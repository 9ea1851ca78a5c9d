/**
 * DynamoDB collector for one region: every table (paginated ListTables) and its resource-based
 * policy (GetResourcePolicy; PolicyNotFoundException means the table has none).
 */
import { GetResourcePolicyCommand, paginateListTables } from '@aws-sdk/client-dynamodb';
import { readable, unreadable, type Facet } from '../../inventory/common.ts';
import { listingFailed, type RegionalRun } from './db-facets.ts';
import { limitedPages } from './ec2-security-groups.ts';
import { classifyAwsError } from './errors.ts';
import { dynamodbClient } from './db-clients.ts';

const NO_POLICY = new Set(['PolicyNotFoundException']);

export async function collectDynamoDb(run: RegionalRun): Promise<void> {
  const wanted = run.plan.get('aws.dynamodb.table');
  if (!wanted) return;
  const client = dynamodbClient(run.clients, run.region);
  const tasks: Promise<void>[] = [];
  try {
    for await (const page of limitedPages(paginateListTables({ client, pageSize: 100 }, {}), run.limit)) {
      for (const name of page.TableNames ?? []) {
        const arn = `arn:aws:dynamodb:${run.region}:${run.account}:table/${name}`;
        tasks.push(
          (async () => {
            let policy: Facet<string | null> | undefined;
            if (wanted.has('policy')) {
              try {
                policy = readable((await run.limit(() => client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).Policy ?? null);
              } catch (error) {
                const failure = classifyAwsError(error);
                policy = NO_POLICY.has(failure.code) ? readable(null) : unreadable('GetResourcePolicy', failure.code, failure.message);
              }
            }
            run.emit({ ref: { provider: 'aws', account: run.account, region: run.region, type: 'aws.dynamodb.table', id: arn, name }, facets: policy ? { policy } : {} });
          })(),
        );
      }
    }
  } catch (error) {
    listingFailed(run, 'aws.dynamodb.table', error);
  }
  await Promise.all(tasks);
}
