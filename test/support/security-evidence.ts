/**
 * What the security matrix saw the gateway say (error bodies, close reasons, log lines, recordings)
 * and every secret it handed the gateway, so that one scan at the end can prove that no token,
 * ticket or password ever came back out.
 */

/** Length of the shortest secret, and of the prefix the scan indexes secrets by. */
const PREFIX = 12;

/** A piece of text the gateway produced, with where it came from (`log line`, `error body`, ...). */
export interface Exhibit {
  readonly kind: string;
  readonly text: string;
}

/** The secrets used and the texts seen during the matrix. */
export class Evidence {
  private readonly exhibits: Exhibit[] = [];
  private readonly secrets: { label: string; value: string }[] = [];

  /** Keeps a text the gateway produced. */
  saw(kind: string, text: string): void {
    if (text !== '') this.exhibits.push({ kind, text });
  }

  /** Registers a secret (a token, ticket or password) under a label the report may print. */
  secret(label: string, value: string): string {
    // Short values would match by chance; every secret the matrix makes is far longer.
    if (value.length < PREFIX) throw new Error(`secret "${label}" is too short to scan for`);
    if (!this.secrets.some((s) => s.value === value)) this.secrets.push({ label, value });
    return value;
  }

  /** Searches every exhibit plus `more` for every secret, raw and in the encodings a leak would use. */
  scan(more: readonly Exhibit[]): ScanReport {
    const all = [...this.exhibits, ...more];
    const scanned: Record<string, number> = {};
    for (const e of all) scanned[e.kind] = (scanned[e.kind] ?? 0) + 1;
    // Indexed by their first characters, so each text is read once however many secrets there are.
    const byPrefix = new Map<string, { label: string; form: string }[]>();
    for (const { label, value } of this.secrets) {
      for (const form of leakForms(value)) {
        const prefix = form.slice(0, PREFIX);
        byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), { label, form }]);
      }
    }
    const found = new Set<string>();
    for (const e of all) {
      for (let i = 0; i + PREFIX <= e.text.length; i++) {
        for (const { label, form } of byPrefix.get(e.text.slice(i, i + PREFIX)) ?? []) if (e.text.startsWith(form, i)) found.add(`${label} in a ${e.kind}`);
      }
    }
    return { scanned, secrets: new Set(this.secrets.map((s) => s.value)).size, found: [...found] };
  }
}

/** The outcome of {@link Evidence.scan}. */
export interface ScanReport {
  /** How many texts of each kind were searched. */
  readonly scanned: Readonly<Record<string, number>>;
  /** How many distinct secrets were searched for. */
  readonly secrets: number;
  /** Which secret turned up where (labels only, never the value). */
  readonly found: readonly string[];
}

/** A secret as it would appear raw, in a token subprotocol, URL-encoded or inside a JSON string. */
function leakForms(value: string): string[] {
  return [...new Set([value, Buffer.from(value).toString('base64url'), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])];
}
