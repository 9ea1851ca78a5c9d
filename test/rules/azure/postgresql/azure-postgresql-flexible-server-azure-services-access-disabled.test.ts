import { describe } from 'vitest';
import rule from '../../../../rules/azure/postgresql/azure-postgresql-flexible-server-azure-services-access-disabled.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { azureServicesAccessDisabledCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.postgresql.flexible-server', spec);

describe('azure-postgresql-flexible-server-azure-services-access-disabled', () => {
  azureServicesAccessDisabledCases(rule, server);
});
