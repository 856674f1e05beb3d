import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Stops and restarts the local cluster's kube-apiserver exactly as cluster/up.sh runs it: the
 * same argv, cwd and environment (read from /proc), in its own session, appending to the same log,
 * and the new pid recorded in the same pid file ("<pid> <exe> <config sum>"), so that
 * `npm run cluster:down` and status.sh still find it. Only the pid in the pid file is signalled.
 */

const clusterDir = process.env.K8S_TUTOR_CLUSTER_DIR ?? join(homedir(), '.cache', 'k8s-tutor-cluster');
const pidFile = join(clusterDir, 'pids', 'kube-apiserver.pid');
const logFile = join(clusterDir, 'logs', 'kube-apiserver.log');

export interface Restart {
  oldPid: number;
  newPid: number;
  /** Epoch ms: SIGTERM sent. */
  killedAt: number;
  /** Epoch ms: the old process was gone. */
  downAt: number;
  /** Epoch ms: the new process was started. */
  startedAt: number;
}

function running(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function restartApiserver(options: { downMs?: number } = {}): Promise<Restart> {
  const [pidText, exe, sum] = readFileSync(pidFile, 'utf8').trim().split(/\s+/);
  const oldPid = Number(pidText);
  if (!Number.isInteger(oldPid) || !running(oldPid)) throw new Error(`kube-apiserver (pid file ${pidFile}) is not running`);
  const actual = readlinkSync(`/proc/${oldPid}/exe`).replace(/ \(deleted\)$/, '');
  if (actual !== exe) throw new Error(`pid ${oldPid} runs ${actual}, not ${exe}: not touching it`);
  const argv = readFileSync(`/proc/${oldPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const cwd = readlinkSync(`/proc/${oldPid}/cwd`);
  const env = Object.fromEntries(readFileSync(`/proc/${oldPid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

  const killedAt = Date.now();
  process.kill(oldPid, 'SIGTERM');
  for (let i = 0; running(oldPid); i++) {
    if (i === 100) process.kill(oldPid, 'SIGKILL');
    await sleep(100);
  }
  const downAt = Date.now();
  if (options.downMs) await sleep(options.downMs);

  appendFileSync(logFile, `===== kube-apiserver restarted by test/e2e/safety-apiserver at ${new Date().toISOString()} =====\n`);
  const log = openSync(logFile, 'a');
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const startedAt = Date.now();
  if (!child.pid) throw new Error('kube-apiserver did not start');
  writeFileSync(pidFile, `${child.pid} ${exe} ${sum}\n`);
  return { oldPid, newPid: child.pid, killedAt, downAt, startedAt };
}

export function apiserverPidFileExists(): boolean {
  return existsSync(pidFile);
}
