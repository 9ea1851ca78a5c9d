import { describe } from 'vitest';
import rule from '../../../../rules/azure/mysql/azure-mysql-flexible-server-azure-services-access-disabled.ts';
import { dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { azureServicesAccessDisabledCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.mysql.flexible-server', spec);

describe('azure-mysql-flexible-server-azure-services-access-disabled', () => {
  azureServicesAccessDisabledCases(rule, server);
});
