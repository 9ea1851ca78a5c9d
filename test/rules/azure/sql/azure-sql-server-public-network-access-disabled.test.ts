import { describe } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-public-network-access-disabled.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { publicNetworkAccessDisabledCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-public-network-access-disabled', () => {
  publicNetworkAccessDisabledCases(rule, server);
});
