import type { Permission } from '../ipc/dto';

/**
 * What each role may do, enforced in main. Role codes follow the regional database:
 * 1 PPE head, 2/3 organisers, 4 assistant, 5 GEK member, 6 public observer, 7 technical specialist.
 */
const BY_ROLE: Record<number, readonly Permission[]> = {
  1: ['roster.read', 'journal.read', 'bundles.import', 'staff.managePins', 'sync.read', 'sync.manage', 'packages.read'],
  2: ['roster.read'],
  3: ['roster.read'],
  4: ['roster.read'],
  5: ['roster.read', 'journal.read', 'sync.read', 'packages.read'],
  6: ['roster.read', 'journal.read'],
  // Internet packages and drives are the technical specialist's job (seed, section 6.2); the head and GEK see them.
  7: ['roster.read', 'journal.read', 'bundles.import', 'staff.managePins', 'sync.read', 'sync.manage', 'packages.read', 'packages.manage'],
  8: ['roster.read'],
  9: ['roster.read'],
};

export function permissionsOf(roleCode: number): Permission[] {
  return [...(BY_ROLE[roleCode] ?? [])];
}
