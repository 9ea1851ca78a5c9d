import { describe } from 'vitest';
import rule from '../../../../rules/azure/mysql/azure-mysql-flexible-server-public-network-access-disabled.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { flexibleServerPrivateAccessPublicNetworkCases, publicNetworkAccessDisabledCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.mysql.flexible-server', spec);

describe('azure-mysql-flexible-server-public-network-access-disabled', () => {
  publicNetworkAccessDisabledCases(rule, server);
  flexibleServerPrivateAccessPublicNetworkCases(rule, server);
});
