// JSON.stringify for a store that is written often and changes a little each time: every element
// of a top-level array keeps its JSON, and is serialised again only when it differs from a copy
// taken when that JSON was made. The bytes are exactly JSON.stringify(data)'s, as Buffers.

interface Cached {
  bytes: Buffer;
  copy: unknown;
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** An object as it was: its keys in order and their values (copied). */
interface ObjectCopy {
  keys: string[];
  values: unknown[];
}
const ARRAY = Symbol('array');
type ArrayCopy = { [ARRAY]: unknown[] };

/** A deep copy of JSON data, in a shape that is quick to compare against (sameJson). */
function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return { [ARRAY]: value.map(copyOf) } satisfies ArrayCopy;
  const keys = Object.keys(value);
  return { keys, values: keys.map((key) => copyOf((value as Record<string, unknown>)[key])) } satisfies ObjectCopy;
}

/** Whether value would serialise as its copy did: same keys in the same order, same values. */
function sameJson(value: unknown, copy: unknown): boolean {
  if (typeof value !== 'object' || value === null) return value === copy;
  if (typeof copy !== 'object' || copy === null) return false;
  if (Array.isArray(value)) {
    const items = (copy as Partial<ArrayCopy>)[ARRAY];
    if (!items || value.length !== items.length) return false;
    for (let i = 0; i < value.length; i++) if (!sameJson(value[i], items[i])) return false;
    return true;
  }
  // A Date, a class or anything with toJSON: never trusted, always serialised again.
  if (!isPlainObject(value) || 'toJSON' in value) return false;
  const { keys, values } = copy as Partial<ObjectCopy>;
  if (!keys || !values) return false;
  let i = 0;
  // for-in walks a plain object's own keys in order without making an array of them.
  for (const key in value) {
    if (key !== keys[i] || !sameJson((value as Record<string, unknown>)[key], values[i])) return false;
    i++;
  }
  return i === keys.length;
}

export class CachedJson {
  #cache = new WeakMap<object, Cached>();
  /** Elements serialised again by the last call (for tests and the bench). */
  lastSerialised = 0;

  /** JSON.stringify(data) as a list of Buffers, reusing the JSON of unchanged array elements. */
  serialise(data: unknown): Buffer[] {
    this.lastSerialised = 0;
    if (typeof data !== 'object' || data === null || Array.isArray(data) || !isPlainObject(data) || 'toJSON' in data) {
      return [Buffer.from(JSON.stringify(data) ?? 'null')];
    }
    const out: Buffer[] = [];
    let text = '{';
    let first = true;
    for (const key of Object.keys(data)) {
      const value = (data as Record<string, unknown>)[key];
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      if (!Array.isArray(value) || 'toJSON' in value) {
        text += JSON.stringify(value);
        continue;
      }
      out.push(Buffer.from(`${text}[`));
      text = '';
      value.forEach((element: unknown, i) => {
        if (i > 0) out.push(COMMA);
        out.push(this.#element(element));
      });
      text = ']';
    }
    out.push(Buffer.from(`${text}}`));
    return out;
  }

  #element(element: unknown): Buffer {
    if (typeof element !== 'object' || element === null) return Buffer.from(JSON.stringify(element) ?? 'null');
    const hit = this.#cache.get(element);
    if (hit && sameJson(element, hit.copy)) return hit.bytes;
    this.lastSerialised++;
    const bytes = Buffer.from(JSON.stringify(element) ?? 'null');
    this.#cache.set(element, { bytes, copy: copyOf(element) });
    return bytes;
  }
}

const COMMA = Buffer.from(',');
