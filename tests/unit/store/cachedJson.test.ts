import { describe, expect, it } from 'vitest';
import { CachedJson } from '../../../src/lib/store/cachedJson';

const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');

describe('CachedJson', () => {
  it('gives exactly what JSON.stringify gives, through changes of every kind', () => {
    const json = new CachedJson();
    const item = (i: number) => ({ id: `id${i}`, body: `words ${i} "quoted" é ✓`, flags: [{ kind: 'email', start: 1 }], published: null as null | { at: string }, gone: undefined });
    const data: Record<string, unknown> & { list: ReturnType<typeof item>[]; map: Record<string, number> } = { version: 1, list: [1, 2, 3].map(item), map: { a: 1 }, empty: [], skip: undefined };
    const check = () => expect(text(json.serialise(data))).toBe(JSON.stringify(data));
    check();
    data.list.push(item(4));
    check();
    expect(json.lastSerialised).toBe(1);
    data.list[0]!.body = null as never;
    check();
    data.list[1]!.flags[0]!.start = 9;
    check();
    data.list[2]!.published = { at: 'now' };
    check();
    expect(json.lastSerialised).toBe(1);
    // Key order decides the output: a key deleted and added again moves to the end.
    const first = data.list[3]! as Record<string, unknown>;
    const body = first.body;
    delete first.body;
    first.body = body;
    check();
    data.list.splice(1, 1);
    data.map.b = 2;
    (data as Record<string, unknown>).later = [null, undefined, () => 1, new Date(0), 'x'];
    check();
    data.list = data.list.filter((x) => x.id !== 'id1');
    check();
    // Only the Date, which is never trusted to be unchanged.
    expect(json.lastSerialised).toBe(1);
  });
});
