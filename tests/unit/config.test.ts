import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hubs, placeName, placesByHub, site } from '../../src/lib/config.ts';

describe('the settings, read once from content/', () => {
  it('has the site settings with their defaults filled in', () => {
    expect(site).toMatchObject({ name: 'Voices', defaultHub: 'sheffield', allowVoicesIndexing: false, retentionDays: { pending: 90, concern: 30, receipt: 180, audit: 730 } });
  });

  it('has each hub with its spokes, and every place in hub order', () => {
    expect(hubs.map((hub) => [hub.id, hub.spokes.map((spoke) => spoke.id)])).toEqual([
      ['sheffield', ['barnsley', 'doncaster']],
      ['derby', []],
      ['cambridgeshire', []],
    ]);
    expect(placesByHub.map((place) => place.id)).toEqual(['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire']);
  });

  it('names places; an id no longer in places.yaml as it is, and no place as "Not given"', () => {
    expect(placeName('barnsley')).toBe('Barnsley');
    expect(placeName('rotherham')).toBe('rotherham');
    expect(placeName(null)).toBe('Not given');
  });
});

describe('bad settings', () => {
  // config.ts reads content/ from the folder it runs in: each case runs it in a folder of its own.
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const real = (file: string) => readFileSync(join('content', file), 'utf8');

  function load(files: { site?: string; places?: string }) {
    const dir = mkdtempSync(join(tmpdir(), 'voices-config-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content', 'site.yaml'), files.site ?? real('site.yaml'));
    writeFileSync(join(dir, 'content', 'places.yaml'), files.places ?? real('places.yaml'));
    const config = pathToFileURL(resolve('src/lib/config.ts')).href;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(config)})`], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, output: run.stdout + run.stderr };
  }

  it('load when they are the real ones', () => {
    expect(load({})).toMatchObject({ status: 0 });
  });

  it('stop everything, naming the file and the field', () => {
    const run = load({ site: real('site.yaml').replace('pending: 90', 'pending: -1') });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('content/site.yaml');
    expect(run.output).toContain('retentionDays.pending');
  });

  it.each([
    ['a repeated id', (places: string) => `${places}\n- id: derby\n  name: Derby again\n  kind: hub\n  summary: x\n  reach: x\n`, 'the id "derby" is used twice'],
    ['a spoke whose hub is not a hub', (places: string) => places.replace('hub: sheffield', 'hub: barnsley'), 'barnsley\'s hub "barnsley" is not a hub'],
  ])('refuse %s in places.yaml', (_, change, message) => {
    const run = load({ places: change(real('places.yaml')) });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(`content/places.yaml: ${message}`);
  });

  it('refuse a default hub that is not a hub', () => {
    const run = load({ site: real('site.yaml').replace('defaultHub: sheffield', 'defaultHub: barnsley') });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('content/site.yaml: defaultHub "barnsley" is not a hub in content/places.yaml');
  });
});
