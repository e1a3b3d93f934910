/**
 * Which PINs may be issued, and who needs a second person to issue one. Pure rules, no database: AuthService
 * applies them, the tests read them.
 */

export { CONFIRMER_ROLES, GUARDED_ROLES } from '../ipc/shared-rules';

/**
 * PINs guessed first, beyond the patterns found below: dates (2000, 2001), keypad shapes (2580 and 0852 are the
 * middle column, 1379 the corners), and common favourites. Short on purpose: the patterns do the heavy lifting.
 */
const DENY_LIST = new Set(['1004', '2000', '2001', '2580', '0852', '1379', '1397', '6969', '1122', '1100', '0007', '7000']);

/**
 * A PIN anyone would try early: one digit repeated (0000), a short block repeated (1212, 123123), digits running up
 * or down by one, across 9→0 as well (1234, 4321, 7890, 987654), or on the deny-list.
 */
export function isTrivialPin(pin: string): boolean {
  if (DENY_LIST.has(pin)) return true;
  if (isRepeatedBlock(pin)) return true;
  return isRunning(pin, 1) || isRunning(pin, 9); // +1 or −1 modulo 10
}

function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

function isRunning(pin: string, step: number): boolean {
  for (let i = 1; i < pin.length; i++) {
    if ((Number(pin[i - 1]) + step) % 10 !== Number(pin[i])) return false;
  }
  return true;
}
