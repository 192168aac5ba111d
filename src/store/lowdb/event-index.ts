import { isFinished, type IncomingEvent } from '../../events/incoming-event.js';

// What recording an event asks of the stored ones (a newer event about the subject, the events
// waiting, the oldest finished to prune), kept beside one version of the document's events map so
// that a record costs no scan of every event: scanning thousands of events per record made a burst
// of 1,000 webhooks take longer than Intercom's 5 s to acknowledge (issue #15). The event
// repository is the only writer of the events map and keeps the index in step with its changes.

const subjectKey = (e: Pick<IncomingEvent, 'source' | 'workspaceId' | 'subjectId'>) => `${e.source}\u0000${e.workspaceId}\u0000${e.subjectId}`;
const finishedAt = (e: IncomingEvent) => e.finishedAt ?? e.receivedAt;

export class EventIndex {
  /** Versions by event id, per subject. */
  readonly #subjects = new Map<string, Map<string, number>>();
  readonly #waiting = new Map<string, number>();
  /** Finished events per workspace, oldest received first. */
  readonly #finished = new Map<string, IncomingEvent[]>();
  /** Earliest finish among finished events (a lower bound once some are removed). */
  #earliestFinish = Infinity;

  /** `map` is the events map this index describes; the repository moves it to each copy it changes. */
  constructor(public map: Readonly<Record<string, IncomingEvent>>) {
    for (const e of Object.values(map)) this.add(e);
  }

  add(e: IncomingEvent): void {
    if (e.subjectId !== null && e.subjectVersion !== null) {
      const key = subjectKey(e);
      const versions = this.#subjects.get(key) ?? new Map<string, number>();
      versions.set(e.id, e.subjectVersion);
      this.#subjects.set(key, versions);
    }
    if (!isFinished(e)) {
      this.#waiting.set(e.workspaceId, (this.#waiting.get(e.workspaceId) ?? 0) + 1);
      return;
    }
    const list = this.#finished.get(e.workspaceId) ?? [];
    let at = list.length;
    while (at > 0 && list[at - 1]!.receivedAt > e.receivedAt) at -= 1;
    list.splice(at, 0, e);
    this.#finished.set(e.workspaceId, list);
    this.#earliestFinish = Math.min(this.#earliestFinish, finishedAt(e));
  }

  remove(e: IncomingEvent): void {
    if (e.subjectId !== null) this.#subjects.get(subjectKey(e))?.delete(e.id);
    if (!isFinished(e)) {
      this.#waiting.set(e.workspaceId, (this.#waiting.get(e.workspaceId) ?? 1) - 1);
      return;
    }
    const list = this.#finished.get(e.workspaceId) ?? [];
    const at = list.findIndex((x) => x.id === e.id);
    if (at >= 0) list.splice(at, 1);
  }

  hasNewer(e: Pick<IncomingEvent, 'source' | 'workspaceId' | 'subjectId' | 'subjectVersion'>): boolean {
    if (e.subjectId === null || e.subjectVersion === null) return false;
    for (const v of this.#subjects.get(subjectKey(e))?.values() ?? []) if (v > e.subjectVersion) return true;
    return false;
  }

  waiting = (workspaceId: string): number => this.#waiting.get(workspaceId) ?? 0;

  /** Whether some finished event may have finished before `cutoff`. */
  mayHaveFinishedBefore = (cutoff: number): boolean => this.#earliestFinish < cutoff;

  /** The workspace's finished events past the newest `keep` (by arrival), oldest first. */
  finishedBeyond(workspaceId: string, keep: number): IncomingEvent[] {
    const list = this.#finished.get(workspaceId) ?? [];
    return list.slice(0, Math.max(0, list.length - keep));
  }
}
