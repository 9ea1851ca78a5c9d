/**
 * deploy/kubernetes: every kustomization (the base and each cloud's overlay) is rendered by the
 * real kustomize and every object it produces is validated, strictly (no unknown field), against
 * the Kubernetes OpenAPI-derived JSON schemas of the oldest version the manifests need (1.31:
 * podFailurePolicy is GA there) and of the newest one bundled. Both tools are pinned and run
 * offline: kustomize built with `go install`, the schemas shipped inside kubernetes-validate
 * (PyPI). A broken manifest must be rejected with the offending path, or the check proves nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import { KUBE_LINT, KUSTOMIZE, ensureGoTool, ensureVenv } from '../../scripts/lib/pipeline-tools.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPLOY = join(ROOT, 'deploy/kubernetes');
const KUBERNETES_VERSIONS = ['1.31.0', '1.37.0'];
const BUILDS = ['base', 'overlays/aws-eks', 'overlays/gcp-gke', 'overlays/azure-aks'] as const;
const OBJECTS_PER_BUILD = ['Namespace/ajar', 'ServiceAccount/ajar', 'ConfigMap/ajar-config', 'PersistentVolumeClaim/ajar-reports', 'CronJob/ajar-scan'];

// Loose shapes: the schema validation below is what checks the structure.
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; [key: string]: unknown };
type Container = { name: string; args: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; [key: string]: any };

let kustomize: string;
let kubernetesValidate: string;
const work = mkdtempSync(join(tmpdir(), 'ajar-k8s-'));
const rendered = new Map<string, { text: string; objects: K8sObject[] }>();

function build(dir: string): { text: string; objects: K8sObject[] } {
  const result = spawnSync(kustomize, ['build', join(DEPLOY, dir)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kustomize build ${dir} failed: ${result.stderr}`);
  return { text: result.stdout, objects: parseAllDocuments(result.stdout).map((doc) => doc.toJS() as K8sObject) };
}

function validate(text: string, version: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(work, 'v-')), 'manifest.yaml');
  writeFileSync(file, text);
  const result = spawnSync(kubernetesValidate, ['--strict', '--kubernetes-version', version, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

const cronJob = (objects: K8sObject[]) => objects.find((o) => o.kind === 'CronJob') as any;
const scanContainer = (objects: K8sObject[]): Container => cronJob(objects).spec.jobTemplate.spec.template.spec.containers[0];
const serviceAccount = (objects: K8sObject[]) => objects.find((o) => o.kind === 'ServiceAccount')!;

beforeAll(() => {
  kustomize = ensureGoTool(KUSTOMIZE);
  kubernetesValidate = join(ensureVenv(KUBE_LINT), 'kubernetes-validate');
  for (const dir of BUILDS) rendered.set(dir, build(dir));
}, 300_000);

describe('deploy/kubernetes manifests', () => {
  it.each(BUILDS)('%s renders the scan objects and each validates strictly against Kubernetes 1.31 and 1.37', (dir) => {
    const { text, objects } = rendered.get(dir)!;
    // The ConfigMap's name carries kustomize's content hash suffix.
    expect(objects.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`)).toEqual(OBJECTS_PER_BUILD);
    for (const version of KUBERNETES_VERSIONS) {
      const { ok, output } = validate(text, version);
      expect(output).not.toMatch(/ERROR|did not validate|WARN/);
      expect(ok).toBe(true);
      expect(output.match(/passed for resource/g)).toHaveLength(OBJECTS_PER_BUILD.length);
    }
  });

  it('the example Secret validates, and names the keys the manifests read', () => {
    const file = join(DEPLOY, 'secret.example.yaml');
    for (const version of KUBERNETES_VERSIONS) {
      const { ok, output } = validate(readFileSync(file, 'utf8'), version);
      expect(output).toContain('passed for resource secret/ajar');
      expect(ok).toBe(true);
    }
    const secret = parseYaml(readFileSync(file, 'utf8')) as { metadata: { name: string }; stringData: Record<string, string> };
    const read = new Set<string>();
    for (const { objects } of rendered.values()) {
      for (const variable of scanContainer(objects).env) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) {
          expect(ref.name).toBe(secret.metadata.name);
          read.add(ref.key);
        }
      }
    }
    expect([...read].sort()).toEqual(Object.keys(secret.stringData).sort());
  });

  it('every manifest file is validated: rendered by a kustomization or the example Secret', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const manifests = files(DEPLOY)
      .filter((file) => file.endsWith('.yaml') && !file.endsWith('kustomization.yaml') && !file.endsWith('ajar.config.yaml'))
      .map((file) => relative(DEPLOY, file));
    const listed = (parseYaml(readFileSync(join(DEPLOY, 'base/kustomization.yaml'), 'utf8')) as { resources: string[] }).resources.map((r) => `base/${r}`);
    expect(manifests.sort()).toEqual([...listed, 'secret.example.yaml'].sort());
  });

  describe('a broken manifest is rejected with the path that is wrong', () => {
    const broken: [string, (cron: any) => void, RegExp][] = [
      ['a number given as a string', (cron) => (cron.spec.jobTemplate.spec.backoffLimit = '2'), /spec\.jobTemplate\.spec\.backoffLimit: '2' is not of type 'integer'/],
      ['a misspelt field', (cron) => (cron.spec.jobTemplate.spec.template.spec.securityContext.runAsNonRot = true), /'runAsNonRot' was unexpected/],
      ['a container without its required name', (cron) => delete cron.spec.jobTemplate.spec.template.spec.containers[0].name, /'name' is a required property/],
      ['arguments written as one string', (cron) => (cron.spec.jobTemplate.spec.template.spec.containers[0].args = 'scan all'), /containers\.0\.args: 'scan all' is not of type 'array'/],
    ];
    it.each(broken)('%s', (_name, breakIt, expected) => {
      const objects = structuredClone(rendered.get('base')!.objects);
      breakIt(cronJob(objects));
      const { ok, output } = validate(objects.map((o) => stringify(o)).join('---\n'), '1.31.0');
      expect(ok).toBe(false);
      expect(output).toMatch(/did not validate for resource cronjob\/ajar-scan/);
      expect(output).toMatch(expected);
    });
  });

  it.each(BUILDS)('%s runs the scan unprivileged, bounded and never twice at once', (dir) => {
    const { objects } = rendered.get(dir)!;
    const cron = cronJob(objects);
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBeGreaterThanOrEqual(0);
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const container = scanContainer(objects);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    const volumes = new Map<string, any>(pod.volumes.map((v: any) => [v.name, v]));
    const mounts = new Map<string, string>(container.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(volumes.get(mounts.get('/tmp')!)).toHaveProperty('emptyDir');
    expect(volumes.get(mounts.get('/reports')!).persistentVolumeClaim.claimName).toBe('ajar-reports');
    expect(volumes.get(mounts.get('/etc/ajar')!).configMap.name).toBe(objects.find((o) => o.kind === 'ConfigMap')!.metadata.name);
    // The state URL carries a password: only ever a reference to the Secret.
    const stateAt = container.args.indexOf('--state');
    expect(container.args[stateAt + 1]).toBe('$(AJAR_STATE_URL)');
    expect(container.env.find((e) => e.name === 'AJAR_STATE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'ajar', key: 'state-url' });
    expect(container.args.join(' ')).not.toMatch(/:\/\//);
  });

  it('each overlay scans its own cloud with that cloud\'s workload identity', () => {
    const expectations = {
      base: { provider: 'all', annotations: undefined, notify: false },
      'overlays/aws-eks': { provider: 'aws', annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//) }, notify: true },
      'overlays/gcp-gke': { provider: 'gcp', annotations: { 'iam.gke.io/gcp-service-account': expect.stringMatching(/@[a-z0-9-]+\.iam\.gserviceaccount\.com$/) }, notify: false },
      'overlays/azure-aks': { provider: 'azure', annotations: { 'azure.workload.identity/client-id': expect.stringMatching(/^[0-9a-f-]{36}$/) }, notify: true },
    } as const;
    for (const dir of BUILDS) {
      const { objects } = rendered.get(dir)!;
      const want = expectations[dir];
      const container = scanContainer(objects);
      expect(container.args.slice(0, 2), dir).toEqual(['scan', want.provider]);
      if (want.annotations) expect(serviceAccount(objects).metadata.annotations, dir).toMatchObject(want.annotations);
      else expect(serviceAccount(objects).metadata.annotations, dir).toBeUndefined();
      expect(container.args.includes('--notify'), dir).toBe(want.notify);
      if (want.notify) {
        expect(container.args[container.args.indexOf('--notify') + 1]).toBe('env:AJAR_NOTIFY_URL');
        expect(container.env.find((e) => e.name === 'AJAR_NOTIFY_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'ajar', key: 'notify-url' });
      }
    }
    const aksLabels = cronJob(rendered.get('overlays/azure-aks')!.objects).spec.jobTemplate.spec.template.metadata.labels;
    expect(aksLabels['azure.workload.identity/use']).toBe('true');
  });

  it('the ConfigMap holds an ajar.config.yaml that ajar accepts, writing only to the reports volume', () => {
    const configMap = rendered.get('base')!.objects.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    const config = parseConfig(configMap.data['ajar.config.yaml']!, 'ajar.config.yaml');
    const files = (config.outputs ?? []).flatMap((o) => (o.output ? [o.output] : []));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^\/reports\/[^/]+$/);
    // And a broken one is not silently accepted by the same check.
    expect(() => parseConfig('failOn: severe\n', 'ajar.config.yaml')).toThrow(/ajar.config.yaml:1:9: \$\.failOn: expected one of/);
  });

  it('every flag the CronJob passes is one `ajar scan` accepts', () => {
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/ajar.js'), 'scan', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    const known = new Set(help.stdout.match(/--[a-z][a-z0-9-]*/g));
    for (const dir of BUILDS) {
      for (const arg of scanContainer(rendered.get(dir)!.objects).args.filter((a) => a.startsWith('--'))) {
        expect(known.has(arg), `${dir}: ${arg} is not in ajar scan --help`).toBe(true);
      }
    }
  });
});
