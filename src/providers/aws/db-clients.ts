/**
 * Clients for the database services, kept out of clients.ts so that their SDK modules (and the
 * ~100 MB they take once loaded) are only imported when a database rule is selected.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import type { AwsClients } from './clients.ts';

export const ec2Client = (clients: AwsClients, region: string): EC2Client =>
  clients.regionalClient('ec2', region, (config) => new EC2Client(config));

export const rdsClient = (clients: AwsClients, region: string): RDSClient =>
  clients.regionalClient('rds', region, (config) => new RDSClient(config));

export const redshiftClient = (clients: AwsClients, region: string): RedshiftClient =>
  clients.regionalClient('redshift', region, (config) => new RedshiftClient(config));

export const dynamodbClient = (clients: AwsClients, region: string): DynamoDBClient =>
  clients.regionalClient('dynamodb', region, (config) => new DynamoDBClient(config));

export const opensearchClient = (clients: AwsClients, region: string): OpenSearchClient =>
  clients.regionalClient('opensearch', region, (config) => new OpenSearchClient(config));
