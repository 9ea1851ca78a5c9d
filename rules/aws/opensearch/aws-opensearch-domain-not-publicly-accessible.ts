import { inertGrants, OPENSEARCH_PUBLIC_PATHS, openSearchDomainActions, policyExposure } from '../../../src/analysis/db-exposure.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { OpenSearchDomain } from '../../../src/inventory/aws-db.ts';

export default defineRule<OpenSearchDomain>()({
  meta: {
    id: 'aws-opensearch-domain-not-publicly-accessible',
    resourceType: 'aws.opensearch.domain',
    title: 'OpenSearch domain is not open to anyone on the internet',
    severity: 'critical',
    description:
      "A domain is open when it has a public endpoint (not in a VPC), its access policy lets anyone call any of the domain's HTTP methods (es:ESHttp*, the only actions a domain access policy grants: there es:* equals es:ESHttp*, while the configuration API needs an identity-based policy), judged for unsigned requests from the internet and signed ones from any account, web identity or AWS service (evaluated with the IAM engine: a Principal of * with no condition, or only conditions that restrict nothing; aws:SourceIp restricts only with fixed CIDRs other than /0), and fine-grained access control does not stand in the way (it is off, or anonymous authentication is on). A domain with an open policy behind fine-grained access control without anonymous access passes: every request needs a login. Covers OpenSearch and legacy Elasticsearch domains.",
    risk: 'Anyone can search, read, change or delete every index: open Elasticsearch clusters are among the largest sources of leaked personal data.',
    remediation: {
      text: 'Restrict the access policy to named IAM principals or fixed source IP ranges, enable fine-grained access control without anonymous access, or recreate the domain inside a VPC.',
      cli: 'aws opensearch update-domain-config --domain-name <name> --access-policies file://policy.json',
    },
    references: [
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html',
    ],
    requires: ['domain', 'accessPolicy'],
    messages: { open: 'Domain {{name}} is open to anyone: {{reason}}.' },
  },
  evaluate: (os, { pass, fail, unknown }) => {
    const { domain, accessPolicy } = os.facets;
    const arn = os.ref.id;
    if (domain.vpc) {
      const trace: TraceStep[] = [{ layer: 'endpoint', ref: domain.vpc.vpcId ?? 'VPC', effect: 'blocks', detail: 'the domain has only a VPC endpoint' }];
      return pass(`Domain ${os.ref.name} is reachable only inside VPC ${domain.vpc.vpcId ?? ''}`.trim() + '.', trace);
    }
    const trace: TraceStep[] = [{ layer: 'endpoint', ref: domain.endpoint ?? 'public', effect: 'grants', detail: 'the domain has a public endpoint' }];
    const actions = openSearchDomainActions(arn);
    const exposure = policyExposure(accessPolicy, { layer: 'domain access policy', targets: actions.targets, paths: OPENSEARCH_PUBLIC_PATHS });
    trace.push(...exposure.trace);
    if (exposure.error) return unknown(`Domain ${os.ref.name} has an access policy that cannot be evaluated: ${exposure.error}.`, trace);
    const inert = { layer: 'domain access policy', targets: [{ actions: actions.notThisPolicy, resources: [arn, `${arn}/any-index`] }], paths: OPENSEARCH_PUBLIC_PATHS.filter((p) => p !== 'anonymous') };
    trace.push(...inertGrants(accessPolicy, inert, exposure.grants.map((g) => g.ref), 'a domain access policy does not grant these actions: the configuration API needs an identity-based policy, cross-cluster search an accepted connection'));
    if (!exposure.public) return pass(`Domain ${os.ref.name}'s access policy admits no one outside named principals and fixed networks.`, trace);
    if (domain.fineGrainedAccessControl && !domain.anonymousAuth) {
      trace.push({ layer: 'fine-grained access control', ref: 'AnonymousAuthEnabled=false', effect: 'blocks', detail: 'every request must log in (internal user or IAM)' });
      return pass(`Domain ${os.ref.name} has an open access policy, but fine-grained access control requires a login for every request.`, trace);
    }
    const fgac = domain.fineGrainedAccessControl ? 'fine-grained access control admits anonymous requests' : 'fine-grained access control is off';
    trace.push({ layer: 'fine-grained access control', ref: domain.fineGrainedAccessControl ? 'AnonymousAuthEnabled=true' : 'Enabled=false', effect: 'grants', detail: fgac });
    return fail('open', { name: os.ref.name, reason: `${exposure.grants[0]!.detail}, and ${fgac}` }, trace, exposure.grants.find((g) => g.witness)?.witness);
  },
});

