/**
 * docs/examples: the GitHub Actions workflow passes actionlint (pinned, built with `go install`,
 * with shellcheck from PyPI checking every `run:` script) and the SchemaStore workflow schema
 * bundled in check-jsonschema; the GitLab job passes the GitLab CI schema bundled there. Broken
 * copies are rejected, so the checks can fail. Then the examples' own scan scripts run as the CI
 * runner would run them (bash -eo pipefail, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), twice, with
 * `ajar` on PATH being this checkout's CLI pointed at moto: the reports they publish exist and are
 * valid, the exit code reaches the gate step, and the cached state carries first-seen across runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Report } from '../../src/report/model.ts';
import { EMULATOR_CREDENTIALS, FULL_BLOCK, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { ACTIONLINT, WORKFLOW_LINT, locateGoTool, locateVenv } from '../../scripts/lib/pipeline-tools.ts';
import { sarifSchemaErrors } from '../support/sarif.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const GITHUB = join(ROOT, 'docs/examples/github-actions/ajar-scheduled-scan.yml');
const GITLAB = join(ROOT, 'docs/examples/gitlab-ci/ajar-scheduled-scan.gitlab-ci.yml');
const work = mkdtempSync(join(tmpdir(), 'ajar-pipelines-'));

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; permissions: unknown; env: Record<string, string>; jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }> };
const workflow = parseYaml(readFileSync(GITHUB, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs)[0]!.steps;
const step = (name: string) => steps.find((s) => s.id === name || s.name === name || s.uses?.startsWith(name))!;

let actionlint: string;
let lintBin: string;

function lintCopy(text: string, name: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(work, 'lint-')), name);
  writeFileSync(file, text);
  const result = spawnSync(actionlint, ['-no-color', '-oneline', '-pyflakes=', `-shellcheck=${join(lintBin, 'shellcheck')}`, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

function schemaCheck(schema: string, text: string, name: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(work, 'schema-')), name);
  writeFileSync(file, text);
  const result = spawnSync(join(lintBin, 'check-jsonschema'), ['--builtin-schema', schema, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

/** `--format X --output Y` pairs of a command line, in order. */
function outputsOf(command: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const match of command.matchAll(/--format (\S+)(?: --output (\S+))?/g)) pairs.set(match[1]!, match[2] ?? '-');
  return pairs;
}

const scanCommand = (script: string) => script.replace(/\\\n\s*/g, ' ').split('\n').find((line) => /^\s*ajar scan /.test(line))!.trim();

beforeAll(() => {
  actionlint = locateGoTool(ACTIONLINT);
  lintBin = locateVenv(WORKFLOW_LINT);
});

describe('GitHub Actions example', { timeout: 120_000 }, () => {
  it('passes actionlint, shellcheck on every run: script included', () => {
    const { ok, output } = lintCopy(readFileSync(GITHUB, 'utf8'), 'ajar-scheduled-scan.yml');
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('passes the SchemaStore GitHub workflow schema', () => {
    const { ok, output } = schemaCheck('vendor.github-workflows', readFileSync(GITHUB, 'utf8'), 'ajar-scheduled-scan.yml');
    expect(output).toContain('ok -- validation done');
    expect(ok).toBe(true);
  });

  const broken: [string, (text: string) => string, RegExp][] = [
    ['a misspelt action input', (t) => t.replace('role-to-assume:', 'role-to-asume:'), /input "role-to-asume" is not defined in action "aws-actions\/configure-aws-credentials@v6"/],
    ['an unknown permission scope', (t) => t.replace('security-events: write', 'security-event: write'), /unknown permission scope "security-event"/],
    ['a step output that does not exist', (t) => t.replace('EXIT_CODE: ${{ steps.scan.outputs.exit-code }}', 'EXIT_CODE: ${{ steps.scna.outputs.exit-code }}'), /property "scna" is not defined/],
    ['an unquoted variable in a script', (t) => t.replace('exit "$EXIT_CODE"', 'exit $EXIT_CODE'), /SC2086/],
  ];
  it.each(broken)('actionlint rejects %s', (_name, breakIt, expected) => {
    const text = breakIt(readFileSync(GITHUB, 'utf8'));
    expect(text).not.toBe(readFileSync(GITHUB, 'utf8'));
    const { ok, output } = lintCopy(text, 'broken.yml');
    expect(ok).toBe(false);
    expect(output).toMatch(expected);
  });

  it('runs on a schedule and by hand, with OIDC, and publishes SARIF and the Markdown summary', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({});
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.permissions).toMatchObject({ 'id-token': 'write', 'security-events': 'write', contents: 'read' });
    for (const login of ['aws-actions/configure-aws-credentials', 'azure/login', 'google-github-actions/auth']) expect(step(login), login).toBeDefined();
    // No stored cloud keys: the logins use identifiers (vars), never secrets.
    expect(JSON.stringify(steps.filter((s) => s.uses && !s.uses.startsWith('github/')).map((s) => s.with ?? {}))).not.toMatch(/secrets\./);
    const outputs = outputsOf(scanCommand(step('scan').run!));
    expect(step('github/codeql-action/upload-sarif').with?.sarif_file).toBe(outputs.get('sarif'));
    expect(step('Job summary').run).toBe(`cat ${outputs.get('markdown')} >> "$GITHUB_STEP_SUMMARY"`);
    // It is an example: it must not run in this repository's own CI.
    expect(existsSync(join(ROOT, '.github/workflows/ajar-scheduled-scan.yml'))).toBe(false);
  });
});

describe('GitLab CI example', { timeout: 120_000 }, () => {
  const gitlab = parseYaml(readFileSync(GITLAB, 'utf8')) as Record<string, { script: string[]; artifacts: { paths: string[]; reports: { junit: string } } }>;
  const job = gitlab['ajar-scan']!;

  it('passes the GitLab CI schema', () => {
    const { ok, output } = schemaCheck('vendor.gitlab-ci', readFileSync(GITLAB, 'utf8'), '.gitlab-ci.yml');
    expect(output).toContain('ok -- validation done');
    expect(ok).toBe(true);
  });

  it.each([
    ['a misspelt keyword', (t: string) => t.replace('  script:', '  scirpt:'), /'scirpt' was unexpected/],
    ['allowed exit codes that are not numbers', (t: string) => t.replace('exit_codes: [3]', 'exit_codes: three'), /allow_failure/],
  ])('the schema rejects %s', (_name, breakIt, expected) => {
    const { ok, output } = schemaCheck('vendor.gitlab-ci', breakIt(readFileSync(GITLAB, 'utf8')), '.gitlab-ci.yml');
    expect(ok).toBe(false);
    expect(output).toMatch(expected);
  });

  it('publishes the JUnit report the scan writes, and keeps SARIF', () => {
    const outputs = outputsOf(scanCommand(job.script.join('\n')));
    expect(job.artifacts.reports.junit).toBe(outputs.get('junit'));
    expect(job.artifacts.paths).toEqual(expect.arrayContaining([outputs.get('junit'), outputs.get('sarif')]));
  });
});

const helpText = new Map<string, string>();
function helpOf(command: string): string {
  if (!helpText.has(command)) {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/ajar.js'), command, '--help'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ajar ${command} --help exited ${result.status}: ${result.stderr}`);
    helpText.set(command, result.stdout);
  }
  return helpText.get(command)!;
}

/** Every flag or format in the ```sh blocks' ajar commands that the command's --help does not list. */
function unknownInDocs(markdown: string): { commands: number; problems: string[] } {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ' '));
  const commands = blocks.flatMap((block) => [...block.matchAll(/\bajar (scan|collect|report|history|diff|permissions)\b([^\n]*)/g)]);
  const problems: string[] = [];
  for (const [, command, rest] of commands) {
    const help = helpOf(command!);
    // $(...) and comments belong to the shell, not to ajar.
    const args = rest!.replace(/"\$\([^)]*\)"/g, 'X').replace(/#.*$/, '');
    for (const flag of args.match(/(?<=\s)--?[a-z][a-z0-9-]*/g) ?? []) {
      if (!new RegExp(`(^|[\\s,])${flag}[\\s,]`, 'm').test(help)) problems.push(`ajar ${command}: ${flag}`);
    }
    for (const [, format] of args.matchAll(/(?:-f|--format) (\S+)/g)) {
      for (const one of format!.split(',')) if (!new RegExp(`[|: ]${one}[|\\s]`).test(help)) problems.push(`ajar ${command}: format ${one}`);
    }
  }
  return { commands: commands.length, problems };
}

describe('docs/recipes.md', () => {
  it('every ajar command it shows uses only flags and formats that command accepts', () => {
    const { commands, problems } = unknownInDocs(readFileSync(join(ROOT, 'docs/recipes.md'), 'utf8'));
    expect(commands).toBeGreaterThan(15);
    expect(problems).toEqual([]);
    // The same check finds a made-up flag and format.
    expect(unknownInDocs('```sh\najar scan aws --since yesterday -f pdf\najar history x --state s -f json\n```\n').problems).toEqual(['ajar scan: --since', 'ajar scan: format pdf']);
  }, 180_000);

  it('every relative link it has points to a file in the repository', () => {
    const text = readFileSync(join(ROOT, 'docs/recipes.md'), 'utf8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(existsSync(join(ROOT, 'docs', link)), link).toBe(true);
  });
});

describe('the examples\' scan scripts, run as the CI runner runs them, against moto', () => {
  let moto: RunningMoto;
  let shimDir: string;
  const publicRead = (bucket: string) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  });

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'open-for-years', policy: publicRead('open-for-years') });
    await seed.bucket({ name: 'locked', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    seed.close();
    // Stands in for the `ajar` the examples install from source: this checkout's CLI, scanning only
    // what the emulator serves (AWS at the moto endpoint) instead of every cloud.
    shimDir = mkdtempSync(join(work, 'bin-'));
    writeFileSync(
      join(shimDir, 'ajar'),
      `#!/bin/sh\nif [ "$1" = scan ] && [ "$2" = all ]; then shift 2; set -- scan aws "$@"; fi\nexec "${process.execPath}" "${join(ROOT, 'bin/ajar.js')}" "$@" --endpoint "$AJAR_TEST_ENDPOINT" --rules 'aws-s3-*'\n`,
    );
    chmodSync(join(shimDir, 'ajar'), 0o755);
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** GitHub's default `run:` shell: bash --noprofile --norc -eo pipefail {0}. */
  function runStep(script: string, cwd: string, env: Record<string, string>) {
    const file = join(cwd, '.step.sh');
    writeFileSync(file, script);
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: `${shimDir}:${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: cwd,
        AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/ajar-test-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ajar-test-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        AJAR_TEST_ENDPOINT: moto.endpoint,
        ...env,
      },
    });
  }

  it('GitHub: two scheduled runs publish valid SARIF, a Markdown summary and the exit code; the cached state keeps first seen', () => {
    const workspace = mkdtempSync(join(work, 'github-'));
    const outputs = outputsOf(scanCommand(step('scan').run!));
    const runs: { exitCode: string; report: Report; summary: string }[] = [];
    for (let run = 1; run <= 2; run++) {
      const githubOutput = join(workspace, `output-${run}`);
      writeFileSync(githubOutput, '');
      // The workflow-level env plus the step's own, with the dispatch input's default.
      const result = runStep(step('scan').run!, workspace, { ...workflow.env, FAIL_ON: 'high', GITHUB_OUTPUT: githubOutput });
      expect(result.status, result.stderr).toBe(0);
      const exitCode = /^exit-code=(\d+)$/m.exec(readFileSync(githubOutput, 'utf8'))?.[1];
      const summaryFile = join(workspace, `summary-${run}.md`);
      writeFileSync(summaryFile, '');
      const summary = runStep(step('Job summary').run!, workspace, { GITHUB_STEP_SUMMARY: summaryFile });
      expect(summary.status, summary.stderr).toBe(0);
      const sarif = JSON.parse(readFileSync(join(workspace, outputs.get('sarif')!), 'utf8'));
      expect(sarifSchemaErrors(sarif)).toEqual([]);
      expect(JSON.stringify(sarif.runs[0].results)).toContain('open-for-years');
      runs.push({ exitCode: exitCode!, report: JSON.parse(readFileSync(join(workspace, outputs.get('json')!), 'utf8')), summary: readFileSync(summaryFile, 'utf8') });
    }
    for (const { exitCode, summary } of runs) {
      expect(exitCode).toBe('1');
      expect(summary).toContain('open-for-years');
      expect(summary).not.toContain('locked');
    }
    // The state file sits where actions/cache saves and restores it.
    const cachePath = step('actions/cache/save').with?.path as string;
    expect(existsSync(join(workspace, cachePath, 'state.db'))).toBe(true);
    const finding = (report: Report) => report.findings.find((f) => f.status === 'fail' && f.resource.name === 'open-for-years')!;
    expect(finding(runs[0]!.report).lifecycle?.state).toBe('new');
    expect(finding(runs[1]!.report).lifecycle).toEqual({ state: 'existing', firstSeen: finding(runs[0]!.report).lifecycle?.firstSeen ?? runs[0]!.report.timing.startedAt });

    // The gate step turns the kept exit code into the run's result, after the reports are out.
    const gate = runStep(step('Gate').run!, workspace, { EXIT_CODE: runs[1]!.exitCode });
    expect(gate.status).toBe(1);
    expect(gate.stdout).toContain('::error::failing findings');
    expect(runStep(step('Gate').run!, workspace, { EXIT_CODE: '0' }).status).toBe(0);
  }, 120_000);

  it('GitLab: the job script writes the JUnit report GitLab reads, with a failure for the open bucket', () => {
    const workspace = mkdtempSync(join(work, 'gitlab-'));
    mkdirSync(join(workspace, 'state'));
    const script = scanCommand(job().script.join('\n'));
    const result = runStep(script, workspace, { AJAR_STATE_URL: `sqlite:${join(workspace, 'state/ajar.db')}` });
    expect(result.status).toBe(1);
    expect(job().allow_failure.exit_codes).not.toContain(1);
    const junit = readFileSync(join(workspace, job().artifacts.reports.junit), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toMatch(/<testcase [^>]*open-for-years[\s\S]*?<failure/);
    expect(result.stdout).toContain('open-for-years');
  }, 120_000);

  const job = () => (parseYaml(readFileSync(GITLAB, 'utf8')) as Record<string, any>)['ajar-scan'];
});
