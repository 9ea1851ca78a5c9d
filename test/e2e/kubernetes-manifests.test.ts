/**
 * deploy/kubernetes: every kustomization (the base and each cloud's overlay) is rendered by the
 * real kustomize and every object it produces is validated, strictly (no unknown field), against
 * the Kubernetes OpenAPI-derived JSON schemas of the oldest version the manifests need (1.31:
 * podFailurePolicy is GA there) and of the newest one bundled. Both tools are pinned and run
 * offline: kustomize built with `go install`, the schemas shipped inside kubernetes-validate
 * (PyPI). A broken manifest must be rejected with the offending path, or the check proves nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import { KUBE_LINT, KUSTOMIZE, locateGoTool, locateVenv } from '../../scripts/lib/pipeline-tools.ts';
import { EMULATOR_CREDENTIALS, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPLOY = join(ROOT, 'deploy/kubernetes');
const KUBERNETES_VERSIONS = ['1.31.0', '1.37.0'];
const BUILDS = ['.', 'base', 'overlays/aws-eks', 'overlays/gcp-gke', 'overlays/azure-aks'] as const;
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
  kustomize = locateGoTool(KUSTOMIZE);
  kubernetesValidate = join(locateVenv(KUBE_LINT), 'kubernetes-validate');
  for (const dir of BUILDS) rendered.set(dir, build(dir));
}, 60_000);

describe('deploy/kubernetes manifests', { timeout: 120_000 }, () => {
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
      '.': { provider: 'all', annotations: undefined, notify: false },
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

/**
 * The EKS overlay's container, run the way the kubelet would start it: its args with $(VAR)
 * expanded from its env, the Secret's keys as env values, the ConfigMap and the reports volume as
 * directories (the only rewrite: their mount paths become temporary directories), the AWS
 * credentials IRSA would inject replaced by the emulator's, and `--endpoint` added for moto.
 */
describe('the EKS CronJob container, run against moto', () => {
  let moto: RunningMoto;
  let receiver: Server;
  const posts: string[] = [];
  const root = mkdtempSync(join(work, 'pod-'));

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posts.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({
      name: 'fleet-telemetry',
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::fleet-telemetry/*' }] },
    });
    seed.close();
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
    await new Promise((done) => receiver?.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  /**
   * The pod's user and filesystem: uid/gid 1000 (runAsUser; when the test runs as root, else the
   * test's own non-root user), a working directory and HOME it cannot write (readOnlyRootFilesystem),
   * and writable directories only for the mounts that are writable: /reports (fsGroup), /tmp
   * (emptyDir), and the SQLite file standing in for the PostgreSQL state store.
   */
  const pod = (process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {}) as { uid?: number; gid?: number };
  const readOnlyRoot = join(root, 'rootfs');
  const writable = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    if (pod.uid !== undefined) chownSync(dir, pod.uid, pod.gid!);
    return dir;
  };

  function runPod(): Promise<{ code: number | null; stdout: string; stderr: string; reports: string }> {
    const { objects } = rendered.get('overlays/aws-eks')!;
    const container = scanContainer(objects);
    const configMap = objects.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    const mounts = container.volumeMounts.map((m: any) => m.mountPath).sort();
    expect(mounts).toEqual(['/etc/ajar', '/reports', '/tmp']);
    for (const dir of [work, root]) chmodSync(dir, 0o755);
    mkdirSync(readOnlyRoot, { recursive: true, mode: 0o555 });
    const reports = writable(join(root, `reports-${posts.length}-${Date.now()}`));
    const tmp = writable(join(root, 'tmp'));
    const state = writable(join(root, 'state'));
    const config = join(root, 'etc-ajar');
    mkdirSync(config, { recursive: true });
    const at = (path: string) => path.replaceAll('/reports/', `${reports}/`).replaceAll('/etc/ajar/', `${config}/`);
    for (const [file, text] of Object.entries(configMap.data)) writeFileSync(join(config, file), at(text));
    const secret = { 'state-url': `sqlite:${join(state, 'ajar.db')}`, 'notify-url': `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` };
    const env: Record<string, string> = {};
    for (const variable of container.env) {
      const ref = variable.valueFrom?.secretKeyRef;
      env[variable.name] = ref ? secret[ref.key as keyof typeof secret] : variable.value!;
    }
    const args = container.args.map((arg) => at(arg.replace(/\$\(([A-Z_]+)\)/g, (_m, name: string) => env[name]!)));
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/ajar.js'), ...args, '--endpoint', moto.endpoint], {
        cwd: readOnlyRoot,
        ...pod,
        env: {
          PATH: process.env.PATH,
          HOME: readOnlyRoot,
          TMPDIR: tmp,
          ...env,
          AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/nonexistent/ajar-test-config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ajar-test-credentials',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('error', fail);
      child.once('close', (code) => done({ code, stdout, stderr, reports }));
    });
  }

  it('writes its reports to the volume, records state, and notifies only new findings; the exit code fails the Job without a retry', async () => {
    const failJob = cronJob(rendered.get('overlays/aws-eks')!.objects).spec.jobTemplate.spec.podFailurePolicy.rules.find((r: any) => r.action === 'FailJob').onExitCodes.values;

    const first = await runPod();
    expect(first.code, first.stderr).toBe(1);
    expect(failJob).toContain(first.code);
    // The pod log is the table; the volume gets what ajar.config.yaml lists.
    expect(first.stdout).toContain('fleet-telemetry');
    for (const file of ['ajar-report.json', 'ajar.sarif', 'ajar-report.html']) expect(existsSync(join(first.reports, file)), file).toBe(true);
    expect(readFileSync(join(first.reports, 'ajar-report.html'), 'utf8')).toContain('fleet-telemetry');
    const report = JSON.parse(readFileSync(join(first.reports, 'ajar-report.json'), 'utf8'));
    expect(report.comparison.against).toMatch(/^state:sqlite:/);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('fleet-telemetry');

    // The next night: the same exposure is known to the state store, so no new alert.
    const second = await runPod();
    expect(second.code, second.stderr).toBe(1);
    const again = JSON.parse(readFileSync(join(second.reports, 'ajar-report.json'), 'utf8'));
    const failing = again.findings.filter((f: any) => f.status === 'fail' && f.resource.name === 'fleet-telemetry');
    expect(failing.length).toBeGreaterThan(0);
    for (const finding of failing) expect(finding.lifecycle.state).toBe('existing');
    expect(posts).toHaveLength(1);
    // Nothing was written outside the writable mounts.
    expect(readdirSync(readOnlyRoot)).toEqual([]);
  }, 120_000);
});
