/**
 * PodLogOptions from the query string, as kube-apiserver reads them: first the conversion from URL
 * values (a malformed number or time is a 400 carrying Go's parse error), then ValidatePodLogOptions
 * (a 422 `PodLogOptions "pod" is invalid: ...` with one cause per field).
 */
import { badRequest, status, type KubeStatus } from '../errors.js';
import { goQuote, parseGoInt64 } from './go-strconv.js';
import { parseGoRfc3339 } from './go-time.js';

/** The decoded query of one pods/log request. */
export interface PodLogOptions {
  readonly container: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly sinceSeconds: number | null;
  /**
   * Whole seconds since the epoch: kube-apiserver forwards sinceTime to the kubelet formatted as
   * RFC3339, which drops the fraction, so `sinceTime` is only ever honoured to the second.
   */
  readonly sinceTime: number | null;
  readonly tailLines: number | null;
  readonly limitBytes: number | null;
}

/** Decoded options, or the Status to answer with. */
export type DecodedOptions = { readonly ok: true; readonly options: PodLogOptions } | { readonly ok: false; readonly status: KubeStatus };

/** Go's Convert_Slice_string_To_bool: only "0" and any-case "false" are false; even an empty value is true. */
function flag(query: URLSearchParams, key: string): boolean {
  const value = query.get(key);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

class ConversionError extends Error {}

function int64(query: URLSearchParams, key: string): number | null {
  const value = query.get(key);
  if (value === null) return null;
  const parsed = parseGoInt64(value);
  if (!parsed.ok) throw new ConversionError(parsed.error);
  return parsed.value;
}

function time(query: URLSearchParams, key: string): number | null {
  const value = query.get(key);
  if (value === null) return null;
  // metav1.Time reads "" and "null" as the zero time (year 1): present, and earlier than any line.
  if (value === '' || value === 'null') return -62135596800;
  const parsed = parseGoRfc3339(value);
  if (!parsed.ok) throw new ConversionError(parsed.error);
  return parsed.seconds;
}

/** Converts the query in the order of the generated Convert_url_Values_To_v1_PodLogOptions (first error wins). */
export function decodeLogOptions(query: URLSearchParams): DecodedOptions {
  try {
    const container = query.get('container') ?? '';
    const follow = flag(query, 'follow');
    const previous = flag(query, 'previous');
    const sinceSeconds = int64(query, 'sinceSeconds');
    const sinceTime = time(query, 'sinceTime');
    const timestamps = flag(query, 'timestamps');
    const tailLines = int64(query, 'tailLines');
    const limitBytes = int64(query, 'limitBytes');
    return { ok: true, options: { container, follow, previous, timestamps, sinceSeconds, sinceTime, tailLines, limitBytes } };
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, status: badRequest(error.message) };
    throw error;
  }
}

interface FieldError {
  readonly reason: 'FieldValueInvalid' | 'FieldValueForbidden';
  readonly field: string;
  /** field.Error.ErrorBody(): the message without the field name. */
  readonly body: string;
}

const invalidValue = (field: string, value: number, detail: string): FieldError => ({ reason: 'FieldValueInvalid', field, body: `Invalid value: ${value}: ${detail}` });

/** ValidatePodLogOptions; null when the options are valid. */
export function validateLogOptions(options: PodLogOptions, podName: string): KubeStatus | null {
  const errors: FieldError[] = [];
  if (options.tailLines !== null && options.tailLines < 0) errors.push(invalidValue('tailLines', options.tailLines, 'must be greater than or equal to 0'));
  if (options.limitBytes !== null && options.limitBytes < 1) errors.push(invalidValue('limitBytes', options.limitBytes, 'must be greater than 0'));
  if (options.sinceSeconds !== null && options.sinceTime !== null) {
    errors.push({ reason: 'FieldValueForbidden', field: '', body: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (options.sinceSeconds !== null && options.sinceSeconds < 1) {
    errors.push(invalidValue('sinceSeconds', options.sinceSeconds, 'must be greater than 0'));
  }
  if (errors.length === 0) return null;
  // utilerrors.Aggregate: one error alone, several deduplicated inside brackets.
  const texts = [...new Set(errors.map((e) => `${e.field}: ${e.body}`))];
  const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const causes = errors.map((e) => (e.field ? { reason: e.reason, message: e.body, field: e.field } : { reason: e.reason, message: e.body }));
  return status(422, 'Invalid', `PodLogOptions ${goQuote(podName)} is invalid: ${aggregate}`, { name: podName, kind: 'PodLogOptions', causes });
}
