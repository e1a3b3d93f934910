import { createHash } from 'node:crypto';
import type { KitContent } from '../../main/kits/kit-content';

// The numbers printed on a kit, as the reference server issues them. Unique within a package by construction (the
// kit's index is part of every number, and each kind of blank has its own leading digit); across packages through
// the package's series, which the server's package store takes from a counter (every package it publishes gets the
// next one) and a direct buildPackage() call derives from the package id (then unique with high probability only).
//
//   КИМ number   (8):  series % 900 + 100 (3) ‖ kit index (5)
//   blank number (13): kind (1: registration, 2: answers №1, 3: answers №2) ‖ series % 10⁶ (6)
//                      ‖ serial (5: the kit index; answers №2: 2 × index − 1 for sheet 1, 2 × index for sheet 2)
//                      ‖ EAN-13 check digit (1)
// The check digit makes every blank number a valid EAN-13 as well, whichever symbology prints it; the app does not
// rely on it (main/kits/kit-content.ts asks 13 digits, as the federal forms print).

/** Largest kit index the layout holds in five digits, answers №2 sheets (2 × index) included. */
export const MAX_NUMBERED_KITS = 49_999;

/** A series from a package id, for packages built outside the package store. */
export function seriesOfPackageId(packageId: string): number {
  return createHash('sha256').update(packageId).digest().readUInt32BE(0);
}

export function ean13CheckDigit(twelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function blankNumber(kind: 1 | 2 | 3, series: number, serial: number): string {
  const twelve = `${kind}${pad(series % 1_000_000, 6)}${pad(serial, 5)}`;
  return `${twelve}${ean13CheckDigit(twelve)}`;
}

export function kitNumbers(series: number, index: number): { kim: string; blanks: KitContent['blanks'] } {
  if (!Number.isInteger(index) || index < 1 || index > MAX_NUMBERED_KITS) throw new Error(`kit index out of range: ${index}`);
  return {
    kim: `${(series % 900) + 100}${pad(index, 5)}`,
    blanks: {
      registration: blankNumber(1, series, index),
      answers1: blankNumber(2, series, index),
      answers2: [blankNumber(3, series, 2 * index - 1), blankNumber(3, series, 2 * index)],
    },
  };
}
