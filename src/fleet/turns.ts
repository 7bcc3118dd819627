/**
 * Turn-taking for the profiles of a fleet run. Fifty profiles that wait on one shared answer
 * (the region's session, its cluster listing, its preflight reads) would otherwise all resume
 * in the same turn of the event loop and each run its CPU work (checks, diff, request
 * building) before the next answer from the cloud is even looked at: the first CreateCluster
 * then leaves only after every profile has done all of its work up to there. Handed out one
 * per event-loop turn, in order, the profile ahead gets each answer as soon as it arrives
 * (the loop handles I/O between two turns), and the others fill the time it waits.
 */

export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves in a turn of the event loop of its own, after every earlier caller's. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the loop polls for I/O (answers) before the next turn.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}
