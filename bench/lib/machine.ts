import os from 'node:os';

export interface Machine {
  os: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage1m: number;
}

/** What the figures were measured on: they mean little without it. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
