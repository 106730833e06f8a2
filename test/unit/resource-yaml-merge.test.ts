import { describe, expect, it } from 'vitest';
import { MASK, objectYaml } from '../../src/resource/object-yaml.ts';
import { parseObject } from '../../src/resource/parse-object.ts';
import { mergedText, mergeRegions } from '../../src/resource/three-way-merge.ts';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', resourceVersion: '7', managedFields: [{ manager: 'kubectl' }] },
  data: { password: 'aHVudGVyMg==' },
};

describe('the YAML of one object', () => {
  it('leaves managedFields out and masks secret values until revealed', () => {
    const masked = objectYaml(secret, true);
    expect(masked).not.toContain('managedFields');
    expect(masked).toContain(`password: ${MASK}`);
    expect(masked).not.toContain('aHVudGVyMg==');
    expect(objectYaml(secret, false)).toContain('password: aHVudGVyMg==');
  });
});

describe('parsing an edit before it is sent', () => {
  it('stamps the resourceVersion the edit started from', () => {
    const parsed = parseObject('kind: ConfigMap\nmetadata:\n  name: app\n  resourceVersion: "99"\ndata:\n  a: b\n', '12');
    expect(parsed.object?.metadata?.resourceVersion).toBe('12');
    expect(parsed.object?.data).toEqual({ a: 'b' });
  });

  it('refuses a syntax error, a list and unresolved conflict markers with a message', () => {
    expect(parseObject('metadata:\n  name: [app\n', '1').error).toMatch(/^YAML syntax error/);
    expect(parseObject('- a\n- b\n', '1').error).toMatch(/one object/);
    expect(parseObject('<<<<<<< yours\na: 1\n=======\na: 2\n>>>>>>> theirs\n', '1').error).toMatch(/conflict/);
  });
});

describe('the three-way merge of a lost save', () => {
  const base = 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n';

  it('merges changes in different places without asking', () => {
    const regions = mergeRegions('a: 10\nb: 2\nc: 3\nd: 4\ne: 5\n', base, 'a: 1\nb: 2\nc: 3\nd: 4\ne: 50\n');
    expect(regions.some((r) => r.kind === 'conflict')).toBe(false);
    expect(mergedText(regions, [])).toBe('a: 10\nb: 2\nc: 3\nd: 4\ne: 50\n');
  });

  it('keeps a change of the same line open between markers until a side is chosen', () => {
    const regions = mergeRegions('a: 1\nb: 2\nc: mine\nd: 4\ne: 5\n', base, 'a: 1\nb: 2\nc: kubectl\nd: 4\ne: 50\n');
    const conflicts = regions.filter((r) => r.kind === 'conflict');
    expect(conflicts).toEqual([{ kind: 'conflict', yours: ['c: mine'], theirs: ['c: kubectl'], base: ['c: 3'] }]);
    expect(mergedText(regions, [undefined])).toContain('<<<<<<< yours\nc: mine\n=======\nc: kubectl\n>>>>>>> theirs');
    expect(mergedText(regions, ['yours'])).toBe('a: 1\nb: 2\nc: mine\nd: 4\ne: 50\n');
    expect(mergedText(regions, ['theirs'])).toBe('a: 1\nb: 2\nc: kubectl\nd: 4\ne: 50\n');
  });
});
