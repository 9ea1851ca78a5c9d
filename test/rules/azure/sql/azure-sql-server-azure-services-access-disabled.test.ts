import { describe } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-azure-services-access-disabled.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { azureServicesAccessDisabledCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-azure-services-access-disabled', () => {
  azureServicesAccessDisabledCases(rule, server);
});
