import { describe } from 'vitest';
import rule from '../../../../rules/azure/postgresql/azure-postgresql-flexible-server-not-open-to-internet.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { flexibleServerPrivateAccessNotOpenCases, notOpenToInternetCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.postgresql.flexible-server', spec);

describe('azure-postgresql-flexible-server-not-open-to-internet', () => {
  notOpenToInternetCases(rule, server);
  flexibleServerPrivateAccessNotOpenCases(rule, server);
});
