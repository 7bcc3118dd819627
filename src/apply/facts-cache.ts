/**
 * The account's answers that every profile of a fleet run asks alike (the region's zones and
 * instance types, a VPC and its vSwitches, images, key pairs, Kubernetes versions, ACK's
 * service roles): read once per region and shared, instead of once per profile. A fleet run
 * has one credential session per region, so per region is per (account, region). Only what
 * the run itself does not change is kept; instances to join are read fresh, and the listing of
 * the region's clusters is the one taken at the start of the run, used only to find each
 * profile's own cluster by its unique name (src/apply/discover.ts).
 * A failed read is forgotten, so the next profile asks again.
 */

export interface FactsSource {
  remember<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** One profile on its own: every read goes to the cloud. */
export const UNSHARED_FACTS: FactsSource = { remember: (_key, read) => read() };

export class FactsCache implements FactsSource {
  private readonly answers = new Map<string, Promise<unknown>>();
  /** Reads answered from an earlier profile's. */
  hits = 0;

  /**
   * @param turn when given, an answer read for an earlier profile reaches each later one in a
   * turn of its own (src/fleet/turns.ts), so the profile that read it goes on first.
   */
  constructor(private readonly turn?: () => Promise<void>) {}

  remember<T>(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.answers.get(key) as Promise<T> | undefined;
    if (known) {
      this.hits++;
      // finally() waits for the turn, then settles as `known` did (answer or failure).
      return this.turn ? known.finally(this.turn) : known;
    }
    const answer = read();
    this.answers.set(key, answer);
    answer.catch(() => {
      if (this.answers.get(key) === answer) this.answers.delete(key);
    });
    return answer;
  }
}
