import { spawn } from 'node:child_process';

export const ROOT = new URL('../..', import.meta.url).pathname;

export interface Child {
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill(signal?: NodeJS.Signals): void;
}

/** One of our entry points as a child process (from source through tsx unless `args` say otherwise), with only PATH and `env`. */
export function startChild(env: Record<string, string | undefined>, args: string[]): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  return {
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    stdout: () => out,
    stderr: () => err,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

export const tsxArgs = (script: string, ...rest: string[]): string[] => ['--import', 'tsx', script, ...rest];
