import type { Principal } from './principal';
import { hasAnyRole, pathInScope, scopePaths, unitInScope } from './scope';

const principal = (grants: Principal['grants']): Principal => ({
  staffId: 's',
  staffNo: 'X',
  name: 'n',
  unitId: 'u',
  sessionId: 'sid',
  mustChangePassword: false,
  grants,
});

describe('unit scopes', () => {
  const p = principal([
    { role: 'hr', unitId: 'b', unitPath: '/a/b/' },
    { role: 'hr', unitId: 'c', unitPath: '/a/b/c/' },
    { role: 'admin', unitId: 'd', unitPath: '/a/d/' },
    { role: 'staff', unitId: 'c', unitPath: '/a/b/c/' },
  ]);

  it('keeps only the outermost paths of the roles asked for', () => {
    expect(scopePaths(p, ['hr'])).toEqual(['/a/b/']);
    expect(scopePaths(p, ['hr', 'admin']).sort()).toEqual(['/a/b/', '/a/d/']);
    expect(scopePaths(p, ['secretary'])).toEqual([]);
  });

  it('covers a unit and its whole subtree, and nothing beside it', () => {
    expect(unitInScope(p, ['hr'], '/a/b/')).toBe(true);
    expect(unitInScope(p, ['hr'], '/a/b/c/x/')).toBe(true);
    expect(unitInScope(p, ['hr'], '/a/')).toBe(false);
    expect(unitInScope(p, ['hr'], '/a/d/')).toBe(false);
    expect(unitInScope(p, ['admin'], '/a/d/e/')).toBe(true);
    // a sibling whose id starts like the scope's is not inside it
    expect(pathInScope(['/a/b/'], '/a/bb/')).toBe(false);
  });

  it('checks roles held anywhere', () => {
    expect(hasAnyRole(p, ['admin'])).toBe(true);
    expect(hasAnyRole(p, ['secretary'])).toBe(false);
  });
});
