// The PEP 440 reader behind the dependency conflict check: version order, specifier membership
// (expected values computed with Python's `packaging` 26: Version(v) in SpecifierSet(s, prereleases=True)),
// and whether two requirements can be satisfied together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, compatible, parseVersion, satisfies } from '../src/rewrite/pep440.js';

describe('PEP 440 versions', () => {
  it('orders dev < pre < final < post, ignoring trailing zeros and local labels', () => {
    const order = ['1.0.dev0', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1', '1.0.1', '1!0.1'];
    for (let i = 0; i + 1 < order.length; i++) {
      assert.ok(compareVersions(parseVersion(order[i]!)!, parseVersion(order[i + 1]!)!) < 0, `${order[i]} < ${order[i + 1]}`);
    }
    assert.equal(compareVersions(parseVersion('2.12')!, parseVersion('2.12.0')!), 0);
    assert.equal(compareVersions(parseVersion('1.0+local.7')!, parseVersion('1.0')!), 0);
    assert.deepEqual(parseVersion('v1.2-post3'), { epoch: 0, release: [1, 2], post: 3 });
    assert.deepEqual(parseVersion('1.0-alpha.2.dev1'), { epoch: 0, release: [1, 0], pre: ['a', 2], dev: 1 });
    assert.equal(parseVersion('not a version'), undefined);
  });
});

describe('PEP 440 specifiers', () => {
  const cases: [string, string, boolean][] = [
    ['2.11.9', '<2.12', true],
    ['2.12.0', '<2.12', false],
    ['2.12', '>=2.12.0', true],
    ['1.4.5', '~=1.4.2', true],
    ['1.5.0', '~=1.4.2', false],
    ['1.5', '~=1.4', true],
    ['2.0', '~=1.4', false],
    ['0.28.1', '==0.28.*', true],
    ['0.29.0', '==0.28.*', false],
    ['0.28.1', '!=0.28.*', false],
    ['1.0rc1', '<1.0', false],
    ['1.0.dev0', '<1.0a1', true],
    ['1.0.post1', '>1.0', false],
    ['1.0', '==1.0.0', true],
    ['2026.10.19.post1', '>=2026.10.19', true],
    ['4.16.0', '>=4.9,<5', true],
    ['3.9', '>=4.9', false],
    ['1!1.0', '>=2.0', true],
    ['1.0a2', '>1.0a1', true],
    ['1.0b1', '<1.0rc1', true],
  ];
  it('agrees with packaging on membership', () => {
    for (const [v, s, want] of cases) assert.equal(satisfies(v, s), want, `${v} in ${s}`);
  });
  it('reads Poetry constraints', () => {
    assert.equal(satisfies('1.9.0', '^1.2'), true);
    assert.equal(satisfies('2.0.0', '^1.2'), false);
    assert.equal(satisfies('0.3.0', '^0.2.3'), false);
    assert.equal(satisfies('1.2.9', '~1.2'), true);
    assert.equal(satisfies('1.3.0', '~1.2'), false);
    assert.equal(satisfies('2.3.1', '2.3.1'), true);
    assert.equal(satisfies('9', '*'), true);
    assert.equal(satisfies('1.5', '>=1 <2'), true);
    assert.equal(satisfies('3.1', '^1 || ^3'), true);
    assert.equal(satisfies('2.1', '^1 || ^3'), false);
  });
  it('finds conflicts by intersecting the sets, and says nothing about what it cannot read', () => {
    assert.equal(compatible('<2.12', '>=2.12.0'), false);
    assert.equal(compatible('<2.12,>=2', '>=2.11'), true);
    assert.equal(compatible('==0.46.2', '>=1.0.1'), false);
    assert.equal(compatible('<4', '>=4.9'), false);
    assert.equal(compatible('>=0.30,<0.35', '>=0.35'), false);
    assert.equal(compatible('<=0.35', '>=0.35'), true);
    assert.equal(compatible('~=2.11.0', '>=2.12.0'), false);
    assert.equal(compatible('^2.10', '>=2.12.0'), true);
    assert.equal(compatible('!=2.12.*', '>=2.12.0,<2.13'), false);
    assert.equal(compatible('', '>=2.12.0'), true);
    assert.equal(compatible('>=banana', '>=1'), undefined);
  });
});
